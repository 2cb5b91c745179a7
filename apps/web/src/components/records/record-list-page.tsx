'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState, ErrorState, useToast } from '@/components/ui';
import { ViewsMenu } from '@/components/views/views-menu';
import { api, ApiError, errorMessage } from '@/lib/api';
import { BulkBar, BulkDeleteDialog, BulkEditDialog } from './bulk-actions';
import type { BulkResult } from './bulk-run';
import { ColumnChooser } from './column-chooser';
import { allColumns, defaultColumns, objectLabels, recordLabel } from './columns';
import { TableErrorBoundary } from './error-boundary';
import { FilterBuilder } from './filter-builder';
import { describeCondition, filterFields, fromFilter, toFilter } from './filter-model';
import { NewRecordDialog } from './new-record-dialog';
import { Popover } from './popover';
import { RecordGrid, type GridHandle, type SaveOutcome } from './record-grid';
import styles from './records.module.css';
import type { ColumnDef, TableObject, TableRecord, TableState } from './table-types';
import { useLookups } from './use-lookups';
import { useRecordList } from './use-record-list';
import { rememberedTableState, useTableState } from './use-table-state';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const capitalise = (s: string) => (s ? `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}` : s);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The list page of contacts, companies or deals: search, filter, sort,
 * columns, inline editing, selection with bulk changes, and a new-record
 * form, over a virtualised grid that reads pages as the user scrolls.
 */
export function RecordListPage({ object }: { object: TableObject }) {
  const names = objectLabels[object];
  const router = useRouter();
  const toast = useToast();
  const [viewApplied, setViewApplied] = useState(false);
  const [state, setState] = useTableState(object, { remember: !viewApplied });
  const [searchText, setSearchText] = useState('');
  const q = useDebounced(searchText.trim().slice(0, 200), 250);
  const lookups = useLookups(object);
  const list = useRecordList(object, { sort: state.sort, filter: state.filter, q });
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [dialog, setDialog] = useState<'new' | 'edit' | 'delete' | null>(null);
  // The records a bulk dialog works on, fixed when it opens (the selection changes as results come in).
  const [dialogIds, setDialogIds] = useState<string[]>([]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridHandle = useRef<GridHandle>(null);

  const everyColumn = useMemo(() => allColumns(object, lookups.customFields), [object, lookups.customFields]);
  const columns = useMemo(() => {
    const primary = everyColumn.find((c) => c.primary);
    const rest = state.columns.map((key) => everyColumn.find((c) => c.key === key)).filter((c): c is ColumnDef => c !== undefined && !c.primary);
    return primary ? [primary, ...rest] : rest;
  }, [everyColumn, state.columns]);
  const fields = useMemo(() => filterFields(object, lookups), [object, lookups]);
  const conditions = useMemo(() => fromFilter(state.filter), [state.filter]);

  // A new question starts a new selection: rows selected under the old one may not be on screen.
  const queryKey = JSON.stringify([state.filter, state.sort, q]);
  useEffect(() => setSelected(new Set()), [queryKey]);

  // "/" searches, from anywhere on the page that is not a text box or a dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // A saved view's sort and columns stay the view's; back on the plain table, the user's own come back.
  const apply = useCallback(
    (view: TableState, viewId: string | null) => {
      setViewApplied(viewId !== null);
      setState(() => (viewId === null ? rememberedTableState(object) : { filter: view.filter, sort: view.sort, columns: view.columns.length ? view.columns : defaultColumns[object] }));
    },
    [setState, object],
  );
  const { replace, remove, prepend } = list;

  const onSave = useCallback(
    async (record: TableRecord, patch: Record<string, unknown>): Promise<SaveOutcome> => {
      const deletedElsewhere = (): SaveOutcome => {
        remove(new Set([record.id]));
        toast(`This ${names.singular} was deleted by someone else.`, 'error');
        return { ok: false, close: true };
      };
      try {
        const updated = await api<TableRecord>(`/api/v1/${object}/${record.id}`, { method: 'PATCH', body: patch, headers: { 'if-match': `"${record.version}"` } });
        replace([updated]);
        return { ok: true };
      } catch (error) {
        if (!(error instanceof ApiError)) return { ok: false, error: errorMessage(error) };
        if (error.status === 409 || error.status === 412) {
          try {
            const fresh = await api<TableRecord>(`/api/v1/${object}/${record.id}`);
            replace([fresh]);
            return { ok: false, fresh, notice: `Someone else changed this ${names.singular} meanwhile, so it was reloaded. Enter saves your value over theirs; Escape keeps theirs.` };
          } catch (reloadError) {
            if (reloadError instanceof ApiError && reloadError.status === 404) return deletedElsewhere();
            return { ok: false, error: `Someone else changed this ${names.singular} meanwhile, and it could not be reloaded: ${errorMessage(reloadError)}` };
          }
        }
        if (error.status === 404) return deletedElsewhere();
        const first = Object.values(error.fieldErrors())[0];
        return { ok: false, error: first ? capitalise(first) : error.message };
      }
    },
    [object, replace, remove, names.singular, toast],
  );

  const onOpen = useCallback((record: TableRecord) => router.push(`/${object}/${record.id}`), [router, object]);

  // Names of the records a bulk dialog works on, kept from when it opened: a failed record may have left the list since.
  const [dialogLabels, setDialogLabels] = useState<ReadonlyMap<string, string>>(() => new Map());
  const labelOf = useCallback((id: string) => dialogLabels.get(id) ?? 'A record', [dialogLabels]);
  const selectedIds = useMemo(() => list.rows.filter((r) => selected.has(r.id)).map((r) => r.id), [list.rows, selected]);

  const closeDialog = useCallback(() => setDialog(null), []);
  const onBulkFinished = useCallback(
    (result: BulkResult) => {
      replace(result.updated);
      // A record someone else deleted meanwhile leaves the table too.
      const gone = [...result.deleted, ...result.failed.filter((f) => f.code === 'not_found').map((f) => f.id)];
      if (gone.length) remove(new Set(gone));
      // What failed stays selected, ready for another go.
      setSelected(new Set(result.failed.filter((f) => f.code !== 'not_found').map((f) => f.id)));
      const done = result.updated.length + result.deleted.length;
      const verb = result.deleted.length ? 'deleted' : 'updated';
      toast(result.failed.length ? `${done.toLocaleString()} ${verb}, ${result.failed.length.toLocaleString()} failed` : `${done.toLocaleString()} ${verb}`, result.failed.length ? 'error' : 'info');
    },
    [replace, remove, toast],
  );
  const onCreated = useCallback(
    (record: TableRecord) => {
      setDialog(null);
      prepend(record);
      toast(`${capitalise(names.singular)} “${recordLabel(object, record)}” created`);
      requestAnimationFrame(() => gridHandle.current?.focusRow(0));
    },
    [prepend, toast, names.singular, object],
  );

  const openBulk = (kind: 'edit' | 'delete') => {
    setDialogIds(selectedIds);
    setDialogLabels(new Map(list.rows.filter((r) => selected.has(r.id)).map((r) => [r.id, recordLabel(object, r)])));
    setDialog(kind);
  };
  const onSort = useCallback((sort: string | null) => setState((s) => ({ ...s, sort })), [setState]);
  const setFilter = useCallback(
    (filter: Record<string, unknown> | null) => {
      setState((s) => ({ ...s, filter }));
      setFilterOpen(false);
    },
    [setState],
  );
  const removeCondition = (id: string) => setState((s) => ({ ...s, filter: toFilter(conditions.filter((c) => c.id !== id), fields) }));
  const clearAll = () => {
    setSearchText('');
    setState((s) => ({ ...s, filter: null }));
  };
  const resetQuery = () => {
    setSearchText('');
    setState((s) => ({ ...s, filter: null, sort: null }));
  };

  const filtered = state.filter !== null || q !== '';
  const canEdit = columns.some((c) => c.edit) || everyColumn.some((c) => c.edit);
  const countText = list.status === 'ready' ? `${list.rows.length.toLocaleString()}${list.hasMore ? '+' : ''} ${list.rows.length === 1 && !list.hasMore ? names.singular : names.plural}` : '';

  let body;
  if (list.status === 'error') {
    body = (
      <div className={styles.stateBox}>
        <ErrorState message={list.error ?? 'The list could not be loaded.'} onRetry={list.retry} />
        {filtered || state.sort ? (
          <div className={styles.stateActions}>
            <button type="button" className="btn btn-ghost" onClick={resetQuery}>
              Reset search, filters and sort
            </button>
          </div>
        ) : null}
      </div>
    );
  } else if (list.status === 'ready' && list.rows.length === 0 && !list.refreshing) {
    body = filtered ? (
      <EmptyState
        title={`No ${names.plural} match`}
        action={
          <button type="button" className="btn" onClick={clearAll}>
            Clear search and filters
          </button>
        }
      >
        {q ? `Nothing matches “${q}”${state.filter ? ' with these filters' : ''}.` : 'Try fewer or different conditions.'}
      </EmptyState>
    ) : (
      <EmptyState
        title={`No ${names.plural} yet`}
        action={
          <button type="button" className="btn btn-primary" onClick={() => setDialog('new')}>
            New {names.singular}
          </button>
        }
      >
        {object === 'contacts' ? 'Add the people you work with, or import them from a spreadsheet.' : object === 'companies' ? 'Add the organisations you work with.' : 'Track the opportunities you are working on.'}
      </EmptyState>
    );
  } else {
    body = (
      <RecordGrid
        handle={gridHandle}
        object={object}
        label={names.title}
        columns={columns}
        rows={list.rows}
        lookups={lookups}
        loading={list.status === 'loading'}
        refreshing={list.refreshing}
        hasMore={list.hasMore}
        loadingMore={list.loadingMore}
        moreError={list.moreError}
        onLoadMore={list.loadMore}
        sort={state.sort}
        onSort={onSort}
        selected={selected}
        onSelectionChange={setSelected}
        onSave={onSave}
        onOpen={onOpen}
      />
    );
  }

  return (
    <div className={styles.page}>
      <div className={styles.header}>
        <div className={styles.titleRow}>
          <h1>{names.title}</h1>
          {countText ? (
            <span className="faint" aria-live="polite">
              {countText}
            </span>
          ) : null}
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setDialog('new')}>
          New {names.singular}
        </button>
      </div>
      <div className={styles.toolbar}>
        <div className={styles.search}>
          <input
            ref={searchRef}
            type="search"
            className="input"
            aria-label={`Search ${names.plural}`}
            placeholder={`Search ${names.plural}…`}
            maxLength={200}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                gridHandle.current?.focusRow(0);
              }
            }}
          />
          <kbd className={styles.kbd} aria-hidden="true">
            /
          </kbd>
        </div>
        <Popover label={conditions.length ? `Filter · ${conditions.length}` : 'Filter'} title="Filter" open={filterOpen} onOpenChange={setFilterOpen} active={conditions.length > 0}>
          <FilterBuilder fields={fields} filter={state.filter} lookups={lookups} onApply={setFilter} />
        </Popover>
        <Popover label="Columns" title="Columns" open={columnsOpen} onOpenChange={setColumnsOpen} align="end">
          <ColumnChooser all={everyColumn} visible={columns.map((c) => c.key)} onChange={(keys) => setState((s) => ({ ...s, columns: keys }))} onReset={() => setState((s) => ({ ...s, columns: defaultColumns[object] }))} />
        </Popover>
        <ViewsMenu object={object} current={state} onApply={apply} />
        {list.refreshing || list.loadingMore ? <span className="spinner" role="status" aria-label="Loading rows" /> : null}
      </div>
      {conditions.length ? (
        <ul className={styles.chipsRow} aria-label="Active filters">
          {conditions.map((c) => (
            <li key={c.id} className={styles.filterChip}>
              <span>{describeCondition(c, fields, lookups)}</span>
              <button type="button" className={styles.chipRemove} aria-label={`Remove filter ${describeCondition(c, fields, lookups)}`} onClick={() => removeCondition(c.id)}>
                ✕
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setFilter(null)}>
              Clear filters
            </button>
          </li>
        </ul>
      ) : null}
      {selectedIds.length ? (
        <BulkBar object={object} count={selectedIds.length} loadedCount={list.rows.length} canEdit={canEdit} onEdit={() => openBulk('edit')} onDelete={() => openBulk('delete')} onClear={() => setSelected(new Set())} />
      ) : null}
      <TableErrorBoundary>{body}</TableErrorBoundary>
      {dialog === 'new' ? <NewRecordDialog object={object} lookups={lookups} onCreated={onCreated} onClose={closeDialog} /> : null}
      {dialog === 'edit' ? <BulkEditDialog object={object} ids={dialogIds} columns={everyColumn} lookups={lookups} labelOf={labelOf} onFinished={onBulkFinished} onClose={closeDialog} /> : null}
      {dialog === 'delete' ? <BulkDeleteDialog object={object} ids={dialogIds} labelOf={labelOf} onFinished={onBulkFinished} onClose={closeDialog} /> : null}
    </div>
  );
}
