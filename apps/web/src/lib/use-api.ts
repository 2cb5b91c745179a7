'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage, type Query } from './api';

export type Loadable<T> = { status: 'loading'; data?: undefined; error?: undefined } | { status: 'ready'; data: T; error?: undefined } | { status: 'error'; data?: undefined; error: string };

/**
 * Reads one API resource for a component: loading, ready or error, with a
 * `reload` and a `setData` for optimistic changes. A newer request supersedes
 * an older one, so a slow answer never overwrites a fresh one.
 *
 * @example
 * const pipelines = useApi<{ data: Pipeline[] }>('/api/v1/pipelines');
 */
export function useApi<T>(path: string | null, query?: Query): Loadable<T> & { reload: () => void; setData: (update: (data: T) => T) => void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    if (key === null || path === null) return undefined;
    const controller = new AbortController();
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    api<T>(path, { query: queryRef.current, signal: controller.signal }).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [key, path, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (data: T) => T) => setState((s) => (s.status === 'ready' ? { status: 'ready', data: update(s.data) } : s)), []);
  return { ...state, reload, setData };
}
