'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * A function whose identity never changes but which always calls the latest
 * `fn`. `Dialog` re-runs its focus effect whenever `onClose` changes, which
 * would pull focus back to the first field on every keystroke of a parent.
 */
export function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

/** Sets the browser tab's title for a settings page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Settings · NexusCRM`;
  }, [title]);
}

/** An Idempotency-Key for one create form; `crypto.randomUUID` exists only on https and localhost. */
export function newRequestKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
