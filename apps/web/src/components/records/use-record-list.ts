'use client';

import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { api, errorMessage } from '@/lib/api';
import type { Page } from '@/lib/types';
import type { TableObject, TableRecord } from './table-types';

/** The first page is small so the first rows paint at once; the rest come 100 at a time as the user scrolls. */
export const firstPageSize = 40;
export const pageSize = 100;

export interface ListQuery {
  sort: string | null;
  filter: Record<string, unknown> | null;
  q: string;
}

export interface RecordList {
  rows: TableRecord[];
  status: 'loading' | 'ready' | 'error';
  /** Set while a new query loads over rows of the previous one. */
  refreshing: boolean;
  error: string | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | undefined;
  loadMore: () => void;
  retry: () => void;
  /** Puts fresh copies of records in place (after an edit, a reload, a bulk change). */
  replace: (records: readonly TableRecord[]) => void;
  remove: (ids: ReadonlySet<string>) => void;
  prepend: (record: TableRecord) => void;
}

interface State {
  rows: TableRecord[];
  status: 'loading' | 'ready' | 'error';
  refreshing: boolean;
  error: string | undefined;
  nextCursor: string | null;
  loadingMore: boolean;
  moreError: string | undefined;
}

/**
 * The rows of a record list, read page by page with the API's cursor. A new
 * query (sort, filter, search) starts again; answers to an older query are
 * dropped, so a slow page never lands in a newer list.
 */
export function useRecordList(object: TableObject, query: ListQuery): RecordList {
  const [state, setState] = useState<State>({ rows: [], status: 'loading', refreshing: false, error: undefined, nextCursor: null, loadingMore: false, moreError: undefined });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const busy = useRef(false);
  const controller = useRef<AbortController | null>(null);
  const cursorRef = useRef<string | null>(null);
  const queryRef = useRef(query);
  queryRef.current = query;
  const key = JSON.stringify([object, query.sort, query.filter, query.q]);

  const params = useCallback(
    (limit: number, cursor: string | null) => {
      const q = queryRef.current;
      return {
        limit,
        cursor,
        sort: q.sort ?? undefined,
        filter: q.filter ? JSON.stringify(q.filter) : undefined,
        q: q.q.trim() || undefined,
      };
    },
    [],
  );

  // A layout effect, so the first page is requested before any passive effect of the page (views, members,
  // custom fields) asks for its own data: on one database connection the rows the user waits for go first.
  useLayoutEffect(() => {
    const gen = ++generation.current;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    busy.current = true;
    cursorRef.current = null;
    setState((s) => ({ ...s, status: s.status === 'ready' && s.rows.length > 0 ? 'ready' : 'loading', refreshing: s.status === 'ready', error: undefined, moreError: undefined, loadingMore: false }));
    api<Page<TableRecord>>(`/api/v1/${object}`, { query: params(firstPageSize, null), signal: abort.signal }).then(
      (page) => {
        if (gen !== generation.current) return;
        busy.current = false;
        cursorRef.current = page.nextCursor;
        setState({ rows: page.data, status: 'ready', refreshing: false, error: undefined, nextCursor: page.nextCursor, loadingMore: false, moreError: undefined });
      },
      (error: unknown) => {
        if (gen !== generation.current || abort.signal.aborted) return;
        busy.current = false;
        setState({ rows: [], status: 'error', refreshing: false, error: errorMessage(error), nextCursor: null, loadingMore: false, moreError: undefined });
      },
    );
    return () => abort.abort();
    // `key` stands for the query; `attempt` is a retry.
  }, [key, object, attempt, params]);

  const loadMore = useCallback(() => {
    const cursor = cursorRef.current;
    if (busy.current || !cursor) return;
    busy.current = true;
    const gen = generation.current;
    const signal = controller.current?.signal;
    setState((s) => ({ ...s, loadingMore: true, moreError: undefined }));
    api<Page<TableRecord>>(`/api/v1/${object}`, { query: params(pageSize, cursor), signal }).then(
      (page) => {
        if (gen !== generation.current) return;
        busy.current = false;
        cursorRef.current = page.nextCursor;
        setState((s) => {
          // A row created here meanwhile may come round again in a later page: keep one copy.
          const seen = new Set(s.rows.map((r) => r.id));
          return { ...s, rows: [...s.rows, ...page.data.filter((r) => !seen.has(r.id))], nextCursor: page.nextCursor, loadingMore: false };
        });
      },
      (error: unknown) => {
        if (gen !== generation.current || signal?.aborted) return;
        busy.current = false;
        setState((s) => ({ ...s, loadingMore: false, moreError: errorMessage(error) }));
      },
    );
  }, [object, params]);

  const retry = useCallback(() => {
    if (state.status === 'error') setAttempt((a) => a + 1);
    else loadMore();
  }, [state.status, loadMore]);

  const replace = useCallback((records: readonly TableRecord[]) => {
    if (records.length === 0) return;
    const byId = new Map(records.map((r) => [r.id, r]));
    setState((s) => ({ ...s, rows: s.rows.map((r) => byId.get(r.id) ?? r) }));
  }, []);
  const remove = useCallback((ids: ReadonlySet<string>) => setState((s) => ({ ...s, rows: s.rows.filter((r) => !ids.has(r.id)) })), []);
  const prepend = useCallback((record: TableRecord) => setState((s) => ({ ...s, status: 'ready', rows: [record, ...s.rows.filter((r) => r.id !== record.id)] })), []);

  return {
    rows: state.rows,
    status: state.status,
    refreshing: state.refreshing,
    error: state.error,
    hasMore: state.nextCursor !== null,
    loadingMore: state.loadingMore,
    moreError: state.moreError,
    loadMore,
    retry,
    replace,
    remove,
    prepend,
  };
}
