'use client';

import { usePathname, useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setShownWorkspace, setUnauthenticatedHandler } from './api';
import type { Me } from './types';

/** `signedOutBy: 'user'` marks a deliberate log out: the next sign-in starts afresh instead of returning to the last page. */
type SessionState = { status: 'loading' } | { status: 'signed_out'; signedOutBy?: 'user' } | { status: 'signed_in'; me: Me };

interface SessionValue {
  state: SessionState;
  /** Reads the caller again (after sign-in, a workspace switch, a profile change). */
  refresh: () => Promise<Me | undefined>;
  logout: () => Promise<void>;
  switchWorkspace: (workspaceId: string) => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await api<Me>('/api/v1/auth/me');
      setState({ status: 'signed_in', me });
      return me;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setState({ status: 'signed_out' });
        return undefined;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signed_out' }));
    setUnauthenticatedHandler(() => setState({ status: 'signed_out' }));
    return () => setUnauthenticatedHandler(undefined);
  }, [refresh]);

  // Every call names the workspace on screen; when another tab switched the session, read it again (the page
  // remounts). Set while rendering, not in an effect: the pages' effects run first and must already send it.
  setShownWorkspace(state.status === 'signed_in' ? state.me.workspace.id : undefined, () => void refresh().catch(() => undefined));

  const logout = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST' });
    } finally {
      setState({ status: 'signed_out', signedOutBy: 'user' });
    }
  }, []);

  const switchWorkspace = useCallback(
    async (workspaceId: string) => {
      await api('/api/v1/auth/switch-workspace', { method: 'POST', body: { workspaceId } });
      await refresh();
    },
    [refresh],
  );

  const value = useMemo(() => ({ state, refresh, logout, switchWorkspace }), [state, refresh, logout, switchWorkspace]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in caller; only for pages inside the app shell, which renders nothing until there is one. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed_in') throw new Error('useMe outside a signed-in page');
  return state.me;
}

/** Sends a signed-out visitor to sign in, remembering where they were going. */
export function useRequireSession(): SessionState {
  const { state } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  const byUser = state.status === 'signed_out' && state.signedOutBy === 'user';
  useEffect(() => {
    if (state.status === 'signed_out' && byUser) router.replace('/login');
    else if (state.status === 'signed_out') {
      const next = typeof window === 'undefined' ? pathname : `${window.location.pathname}${window.location.search}`;
      router.replace(`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
    }
  }, [state.status, byUser, router, pathname]);
  return state;
}
