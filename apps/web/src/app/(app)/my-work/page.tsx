'use client';

import { useMe } from '@/lib/session';

export default function MyWorkPage() {
  const me = useMe();
  return (
    <div className="page">
      <div className="page-header">
        <h1>My work</h1>
      </div>
      <p className="muted">Welcome, {me.user.name}.</p>
    </div>
  );
}
