'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import { recordLabel } from './columns';
import { cellId, GridRow, SkeletonRow, type EditingCell } from './grid-row';
import styles from './records.module.css';
import type { ColumnDef, EditValue, Lookups, TableObject, TableRecord } from './table-types';

export const rowHeight = 40;
const headerHeight = 36;
const checkWidth = 44;

/** What saving one cell came to; the grid keeps the editor open unless it succeeded or the row is gone. */
export type SaveOutcome = { ok: true } | { ok: false; error?: string; notice?: string; close?: boolean; fresh?: TableRecord };

export interface GridHandle {
  focusRow: (index: number) => void;
}

interface Props {
  object: TableObject;
  label: string;
  columns: ColumnDef[];
  rows: TableRecord[];
  lookups: Lookups & { requestCompanies: (ids: Iterable<string>) => void };
  loading: boolean;
  refreshing: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | undefined;
  onLoadMore: () => void;
  sort: string | null;
  onSort: (sort: string | null) => void;
  selected: ReadonlySet<string>;
  onSelectionChange: (next: Set<string>) => void;
  onSave: (record: TableRecord, patch: Record<string, unknown>) => Promise<SaveOutcome>;
  onOpen: (record: TableRecord) => void;
  handle?: Ref<GridHandle>;
}

function nextSort(current: string | null, field: string): string | null {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return null;
  return field;
}

/**
 * The virtualised record grid: only the rows on screen are in the DOM, so a
 * list of 100,000 scrolls like one of 100. One tab stop; arrows move the
 * active cell, Enter opens or edits, Space selects (see the keyboard help).
 */
export function RecordGrid(props: Props) {
  const { object, label, columns, rows, lookups, loading, refreshing, hasMore, loadingMore, moreError, onLoadMore, sort, onSort, selected, onSelectionChange, onSave, onOpen, handle } = props;
  const gridId = useId().replace(/:/g, '');
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ row: 0, col: 1 });
  const [editing, setEditing] = useState<EditingCell | null>(null);
  const anchor = useRef<number | null>(null);
  const scrollIntent = useRef(false);

  const skeletons = loading ? 14 : hasMore && !moreError ? 6 : 0;
  const count = (loading ? 0 : rows.length) + skeletons;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
    getItemKey: (index) => (!loading && index < rows.length ? (rows[index]?.id ?? index) : `skeleton-${index}`),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // Near the end of what is loaded, ask for the next page.
  useEffect(() => {
    if (!loading && hasMore && !loadingMore && !moreError && last >= rows.length - 30) onLoadMore();
  }, [loading, hasMore, loadingMore, moreError, last, rows.length, onLoadMore]);

  // Company names of the rows on screen, in one request.
  const showsCompany = columns.some((c) => c.key === 'companyId');
  useEffect(() => {
    if (!showsCompany || loading) return;
    const ids: string[] = [];
    for (let i = first; i <= Math.min(last, rows.length - 1); i++) {
      const id = (rows[i] as { companyId?: string | null } | undefined)?.companyId;
      if (id && lookups.companyName(id) === undefined) ids.push(id);
    }
    if (ids.length) lookups.requestCompanies(ids);
  }, [showsCompany, loading, first, last, rows, lookups]);

  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);

  // Keep the active cell on a row that exists; an edit whose row left the list ends.
  const maxRow = Math.max(rows.length - 1, 0);
  const activeRow = Math.min(active.row, maxRow);
  const activeCol = Math.min(active.col, columns.length);
  useEffect(() => {
    if (editing && !indexById.has(editing.id)) setEditing(null);
    if (editing && !columns.some((c) => c.key === editing.key)) setEditing(null);
  }, [editing, indexById, columns]);

  const focusGrid = useCallback(() => grid.current?.focus({ preventScroll: true }), []);

  const moveTo = useCallback(
    (row: number, col: number) => {
      const r = Math.max(0, Math.min(row, Math.max(rows.length - 1, 0)));
      const c = Math.max(0, Math.min(col, columns.length));
      scrollIntent.current = true;
      setActive({ row: r, col: c });
    },
    [rows.length, columns.length],
  );

  useImperativeHandle(handle, () => ({
    focusRow: (index: number) => {
      moveTo(index, 1);
      focusGrid();
    },
  }));

  // Bring the active cell into view after a keyboard move (not after a click: it is already there).
  useEffect(() => {
    if (!scrollIntent.current) return;
    scrollIntent.current = false;
    if (rows.length === 0) return;
    virtualizer.scrollToIndex(activeRow, { align: 'auto' });
    const frame = requestAnimationFrame(() => document.getElementById(cellId(gridId, activeRow, activeCol))?.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [activeRow, activeCol, gridId, rows.length, virtualizer]);

  const toggle = useCallback(
    (index: number, shift: boolean) => {
      const record = rows[index];
      if (!record) return;
      const next = new Set(selected);
      if (shift && anchor.current !== null) {
        const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
        // A range takes the state of its anchor row, as in a file manager.
        const anchorRecord = rows[anchor.current];
        const value = anchorRecord ? selected.has(anchorRecord.id) : true;
        for (let i = from; i <= to; i++) {
          const id = rows[i]?.id;
          if (id) {
            if (value) next.add(id);
            else next.delete(id);
          }
        }
      } else {
        if (next.has(record.id)) next.delete(record.id);
        else next.add(record.id);
        anchor.current = index;
      }
      onSelectionChange(next);
    },
    [rows, selected, onSelectionChange],
  );

  const editingRef = useRef(editing);
  editingRef.current = editing;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const startEdit = useCallback(
    (index: number, col: number) => {
      const column = columns[col - 1];
      const record = rows[index];
      if (!column?.edit || !record) return false;
      setActive({ row: index, col });
      setEditing({ id: record.id, key: column.key, spec: column.edit.editor(record, lookups), initial: column.edit.initial(record, lookups), saving: false, error: undefined, notice: undefined });
      return true;
    },
    [columns, rows, lookups],
  );

  const cancelEdit = useCallback(() => {
    editingRef.current = null;
    setEditing(null);
    focusGrid();
  }, [focusGrid]);

  const saveEdit = useCallback(
    (value: EditValue) => {
      const current = editingRef.current;
      if (!current) return;
      const column = columns.find((c) => c.key === current.key);
      const index = indexById.get(current.id);
      // The row as it is now: after a stale write was reloaded, its new version.
      const record = index === undefined ? undefined : rowsRef.current[index];
      if (!column?.edit || !record) {
        setEditing(null);
        return;
      }
      const result = column.edit.toPatch(value, record);
      if ('error' in result) {
        setEditing({ ...current, error: result.error, notice: undefined });
        return;
      }
      setEditing({ ...current, saving: true, error: undefined });
      onSave(record, result.patch).then(
        (outcome) => {
          if (editingRef.current?.id !== current.id || editingRef.current.key !== current.key) return;
          if (outcome.ok || outcome.close) {
            setEditing(null);
            focusGrid();
          } else {
            // After a stale write the row shows the other person's version: say what this cell holds now.
            const now = outcome.fresh ? column.text(outcome.fresh, lookups) : undefined;
            const notice = outcome.notice && now !== undefined ? `${outcome.notice} It now reads “${now || 'empty'}”.` : outcome.notice;
            setEditing({ ...current, saving: false, error: outcome.error, notice });
          }
        },
        () => setEditing({ ...current, saving: false, error: 'Something went wrong. Try again.' }),
      );
    },
    [columns, indexById, onSave, focusGrid, lookups],
  );

  const onCellDown = useCallback(
    (index: number, col: number, event: MouseEvent) => {
      if ((event.target as HTMLElement).closest('input, select, button, [role="listbox"]') && !(event.target as HTMLElement).matches('input[type="checkbox"]')) return;
      if (event.shiftKey) event.preventDefault(); // no text selection on shift-click
      setActive({ row: index, col });
      if (editingRef.current && editingRef.current.id !== rowsRef.current[index]?.id) setEditing(null);
      // The link keeps its own click; everything else makes the grid the focus.
      if (!(event.target as HTMLElement).closest('a')) {
        event.preventDefault();
        focusGrid();
      }
    },
    [focusGrid],
  );

  const onCellDouble = useCallback((index: number, col: number) => void startEdit(index, col), [startEdit]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / rowHeight) - 1);
    const mod = event.ctrlKey || event.metaKey;
    const record = rows[activeRow];
    const column = columns[activeCol - 1];
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeRow + 1, activeCol);
        if (activeRow + 1 >= rows.length && hasMore) onLoadMore();
        break;
      case 'ArrowUp':
        moveTo(activeRow - 1, activeCol);
        break;
      case 'ArrowRight':
        moveTo(activeRow, activeCol + 1);
        break;
      case 'ArrowLeft':
        moveTo(activeRow, activeCol - 1);
        break;
      case 'PageDown':
        moveTo(activeRow + page, activeCol);
        break;
      case 'PageUp':
        moveTo(activeRow - page, activeCol);
        break;
      case 'Home':
        moveTo(mod ? 0 : activeRow, mod ? activeCol : 0);
        break;
      case 'End':
        moveTo(mod ? rows.length - 1 : activeRow, mod ? activeCol : columns.length);
        break;
      case 'Enter':
        if (!record) break;
        // The name (or the checkbox) opens the record; other cells edit, as in a spreadsheet.
        if (mod || !column || column.primary || !column.edit) onOpen(record);
        else startEdit(activeRow, activeCol);
        break;
      case 'F2':
        startEdit(activeRow, activeCol);
        break;
      case ' ':
      case 'x':
        if (mod) {
          handled = false;
          break;
        }
        toggle(activeRow, event.shiftKey);
        break;
      case 'a':
        if (!mod) {
          handled = false;
          break;
        }
        onSelectionChange(new Set(rows.map((r) => r.id)));
        break;
      case 'Escape':
        if (selected.size === 0) handled = false;
        else onSelectionChange(new Set());
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = !allSelected && selected.size > 0;
  const headerCheck = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerCheck.current) headerCheck.current.indeterminate = someSelected;
  }, [someSelected]);

  const primaryWidth = columns.find((c) => c.primary)?.width ?? 0;
  const template = [`${checkWidth}px`, ...columns.map((c) => (c.primary ? 'var(--primary-w)' : `${c.width}px`)), 'minmax(0, 1fr)'].join(' ');
  const style = { '--cols': template, '--primary-w': `${primaryWidth}px`, '--check-w': `${checkWidth}px` } as CSSProperties;
  const activeDescendant = rows.length > 0 && !loading ? cellId(gridId, activeRow, activeCol) : undefined;

  return (
    <div ref={scroller} className={`${styles.scroller} ${refreshing ? styles.refreshing : ''}`} style={style}>
      <div
        ref={grid}
        role="grid"
        aria-label={label}
        aria-rowcount={hasMore || loading ? -1 : rows.length + 1}
        aria-colcount={columns.length + 1}
        aria-multiselectable="true"
        aria-busy={loading || refreshing || loadingMore}
        aria-activedescendant={activeDescendant}
        aria-describedby={`${gridId}-help`}
        tabIndex={0}
        className={styles.grid}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget && active.row >= rows.length) setActive({ row: 0, col: 1 });
        }}
      >
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <div role="columnheader" aria-colindex={1} className={`${styles.headerCell} ${styles.checkCell} ${styles.sticky0}`}>
            <input
              ref={headerCheck}
              type="checkbox"
              aria-label={allSelected ? 'Clear selection' : `Select all ${rows.length} loaded rows`}
              checked={allSelected}
              disabled={rows.length === 0}
              onChange={() => onSelectionChange(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
            />
          </div>
          {columns.map((column, c) => {
            const direction = sort === column.sortField ? 'ascending' : sort === `-${column.sortField}` ? 'descending' : 'none';
            return (
              <div
                key={column.key}
                role="columnheader"
                aria-colindex={c + 2}
                aria-sort={column.sortField ? direction : undefined}
                className={`${styles.headerCell} ${column.primary ? styles.sticky1 : ''} ${column.align === 'end' ? styles.alignEnd : ''}`}
              >
                {column.sortField ? (
                  <button
                    type="button"
                    className={styles.sortButton}
                    onClick={() => column.sortField && onSort(nextSort(sort, column.sortField))}
                    title={direction === 'ascending' ? 'Sorted ascending; click for descending' : direction === 'descending' ? 'Sorted descending; click to clear' : `Sort by ${column.label}`}
                  >
                    <span>{column.label}</span>
                    <span aria-hidden="true" className={`${styles.sortIcon} ${direction === 'none' ? styles.sortIdle : ''}`}>
                      {direction === 'descending' ? '↓' : '↑'}
                    </span>
                  </button>
                ) : (
                  <span className={styles.headerLabel}>{column.label}</span>
                )}
              </div>
            );
          })}
          <div className={`${styles.headerCell} ${styles.filler}`} aria-hidden="true" />
        </div>
        <div className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const start = item.start - headerHeight;
            const record = loading ? undefined : rows[item.index];
            if (!record) return <SkeletonRow key={item.key} start={start} columns={columns} index={item.index} />;
            const isEditing = editing?.id === record.id ? editing : null;
            return (
              <GridRow
                key={item.key}
                gridId={gridId}
                record={record}
                index={item.index}
                start={start}
                columns={columns}
                lookups={lookups}
                selected={selected.has(record.id)}
                activeCol={item.index === activeRow ? activeCol : -1}
                editing={isEditing}
                label={recordLabel(object, record)}
                onToggle={toggle}
                onCellDown={onCellDown}
                onCellDouble={onCellDouble}
                onSave={saveEdit}
                onCancel={cancelEdit}
              />
            );
          })}
        </div>
      </div>
      {moreError ? (
        <div className={styles.moreError} role="alert">
          <span>More rows could not be loaded: {moreError}</span>
          <button type="button" className="btn btn-sm" onClick={onLoadMore}>
            Try again
          </button>
        </div>
      ) : null}
      <p id={`${gridId}-help`} className="visually-hidden">
        Arrow keys move between cells. Enter on a name opens the record; Enter or F2 on another cell edits it, Enter saves and Escape cancels. Space or X selects the row, Shift with Space selects a range,
        Control A selects all loaded rows. Slash searches.
      </p>
    </div>
  );
}
