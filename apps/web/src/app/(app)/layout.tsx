'use client';

import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { LoadingState } from '@/components/ui';
import { useRequireSession } from '@/lib/session';

/** Every signed-in page: nothing renders until the session is known, a signed-out visitor goes to sign in. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  const state = useRequireSession();
  if (state.status !== 'signed_in') return <LoadingState />;
  return <AppShell>{children}</AppShell>;
}
