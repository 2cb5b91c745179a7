'use client';

import { useCallback, useEffect, useState } from 'react';
import { defaultColumns } from './columns';
import type { TableObject, TableState } from './table-types';

const storageKey = (object: TableObject) => `nexus.records.${object}.v1`;

interface Stored {
  columns?: unknown;
  sort?: unknown;
}

function read(object: TableObject): TableState {
  const fallback: TableState = { filter: null, sort: null, columns: defaultColumns[object] };
  if (typeof window === 'undefined') return fallback;
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(object)) ?? 'null') as Stored | null;
    if (!stored || typeof stored !== 'object') return fallback;
    const columns = Array.isArray(stored.columns) && stored.columns.every((c) => typeof c === 'string') && stored.columns.length > 0 ? stored.columns : fallback.columns;
    const sort = typeof stored.sort === 'string' && stored.sort.length <= 100 ? stored.sort : null;
    return { filter: null, sort, columns };
  } catch {
    // Storage full of someone else's junk or switched off: start from the defaults.
    return fallback;
  }
}

/** The plain table's remembered columns and sort, as a user left them without a saved view. */
export const rememberedTableState = read;

/**
 * Filter, sort and columns of one object's table. The columns and the sort are
 * remembered in this browser per object while `remember` holds (not while a
 * saved view is applied: its sort and columns belong to the view); a filter is
 * a question of the moment (saved views keep filters that matter).
 */
export function useTableState(object: TableObject, options: { remember: boolean }): [TableState, (update: (s: TableState) => TableState) => void] {
  const [state, setState] = useState<TableState>(() => read(object));
  const { remember } = options;
  useEffect(() => {
    if (!remember) return;
    try {
      localStorage.setItem(storageKey(object), JSON.stringify({ columns: state.columns, sort: state.sort }));
    } catch {
      // Private mode or a full quota: the choice simply is not remembered.
    }
  }, [object, state.columns, state.sort, remember]);
  const update = useCallback((fn: (s: TableState) => TableState) => setState(fn), []);
  return [state, update];
}
