'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage, ifMatch, isStaleWrite } from '@/lib/api';

export type RecordObject = 'contacts' | 'companies' | 'deals';

export const singularOf: Record<RecordObject, string> = { contacts: 'contact', companies: 'company', deals: 'deal' };

/** What a save tells the control that asked for it: done, or why not (shown at the field). */
export type SaveResult = { ok: true } | { ok: false; message: string; fieldErrors: Record<string, string>; conflict: boolean };

export type RecordState<T> =
  | { status: 'loading' }
  | { status: 'ready'; record: T }
  | { status: 'not_found' }
  | { status: 'error'; message: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRecordId(id: string): boolean {
  return uuidPattern.test(id);
}

/** Turns a failed write into what the form shows, keeping the server's per-field messages. */
export function failure(error: unknown, conflictMessage: string): Extract<SaveResult, { ok: false }> {
  if (isStaleWrite(error)) return { ok: false, message: conflictMessage, fieldErrors: {}, conflict: true };
  return { ok: false, message: errorMessage(error), fieldErrors: error instanceof ApiError ? error.fieldErrors() : {}, conflict: false };
}

/**
 * One record of a record page: loads it, and saves changes one at a time
 * with `If-Match`, so two quick edits never race each other with the same
 * version. A stale write reloads the record before the next save runs, so
 * the user's retry carries the fresh version.
 */
export function useRecord<T extends { id: string; version: number }>(object: RecordObject, id: string) {
  const [state, setState] = useState<RecordState<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const current = useRef<T | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const singular = singularOf[object];

  useEffect(() => {
    if (!isRecordId(id)) {
      current.current = null;
      setState({ status: 'not_found' });
      return undefined;
    }
    const controller = new AbortController();
    setState((s) => (s.status === 'ready' && s.record.id === id ? s : { status: 'loading' }));
    api<T>(`/api/v1/${object}/${id}`, { signal: controller.signal }).then(
      (record) => {
        current.current = record;
        setState({ status: 'ready', record });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 404) {
          current.current = null;
          setState({ status: 'not_found' });
        } else setState((s) => (s.status === 'ready' && s.record.id === id ? s : { status: 'error', message: errorMessage(error) }));
      },
    );
    return () => controller.abort();
  }, [object, id, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);

  const refetch = useCallback(async () => {
    try {
      const record = await api<T>(`/api/v1/${object}/${id}`);
      current.current = record;
      setState({ status: 'ready', record });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setState({ status: 'not_found' });
    }
  }, [object, id]);

  const save = useCallback(
    (patch: Record<string, unknown>): Promise<SaveResult> => {
      const run = async (): Promise<SaveResult> => {
        const record = current.current;
        if (!record) return { ok: false, message: `This ${singular} is not loaded.`, fieldErrors: {}, conflict: false };
        try {
          const updated = await api<T>(`/api/v1/${object}/${record.id}`, { method: 'PATCH', body: patch, headers: ifMatch(record.version) });
          current.current = updated;
          setState({ status: 'ready', record: updated });
          return { ok: true };
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) {
            current.current = null;
            setState({ status: 'not_found' });
          }
          const result = failure(error, `This ${singular} was changed elsewhere, so your change was not saved. The latest version is shown now; check it and try again.`);
          if (result.conflict) await refetch();
          return result;
        }
      };
      const next = queue.current.then(run, run);
      queue.current = next;
      return next;
    },
    [object, singular, refetch],
  );

  const remove = useCallback(async () => {
    await api(`/api/v1/${object}/${id}`, { method: 'DELETE' });
  }, [object, id]);

  return { state, reload, save, remove };
}
