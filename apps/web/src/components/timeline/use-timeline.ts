'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '@/lib/api';
import type { Activity } from '@/lib/records';
import type { Page } from '@/lib/types';

export type TimelineObject = 'contacts' | 'companies' | 'deals';

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: Activity[]; cursor: string | null };

const pageSize = 20;

/** Newest first; an activity created or edited here is placed by its time, so it shows at once without a reload. */
function place(items: Activity[], activity: Activity): Activity[] {
  const rest = items.filter((a) => a.id !== activity.id);
  const at = rest.findIndex((a) => a.occurredAt < activity.occurredAt || (a.occurredAt === activity.occurredAt && a.createdAt <= activity.createdAt));
  return at === -1 ? [...rest, activity] : [...rest.slice(0, at), activity, ...rest.slice(at)];
}

/** The timeline of one record, page by page, with local updates for what this page writes. */
export function useTimeline(object: TimelineObject, id: string) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();
  const [tick, setTick] = useState(0);
  const path = `/api/v1/${object}/${id}/timeline`;
  const pathRef = useRef(path);
  pathRef.current = path;

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    api<Page<Activity>>(path, { signal: controller.signal, query: { limit: pageSize, sort: '-occurredAt' } }).then(
      (page) => setState({ status: 'ready', items: page.data, cursor: page.nextCursor }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [path, tick]);

  const cursor = state.status === 'ready' ? state.cursor : null;
  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api<Page<Activity>>(pathRef.current, { query: { limit: pageSize, sort: '-occurredAt', cursor } });
      setState((s) => {
        if (s.status !== 'ready') return s;
        const known = new Set(s.items.map((a) => a.id));
        return { status: 'ready', items: [...s.items, ...page.data.filter((a) => !known.has(a.id))], cursor: page.nextCursor };
      });
    } catch (error) {
      setMoreError(errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor]);

  const upsert = useCallback((activity: Activity) => setState((s) => (s.status === 'ready' ? { ...s, items: place(s.items, activity) } : s)), []);
  const removeItem = useCallback((activityId: string) => setState((s) => (s.status === 'ready' ? { ...s, items: s.items.filter((a) => a.id !== activityId) } : s)), []);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  return { state, loadMore, loadingMore, moreError, upsert, removeItem, reload };
}
