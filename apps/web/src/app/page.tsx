'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { LoadingState } from '@/components/ui';
import { useSession } from '@/lib/session';

/** The front door: the work list when signed in, sign-in otherwise. */
export default function Home() {
  const { state } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (state.status === 'signed_in') router.replace('/my-work');
    if (state.status === 'signed_out') router.replace('/login');
  }, [state.status, router]);
  return <LoadingState />;
}
