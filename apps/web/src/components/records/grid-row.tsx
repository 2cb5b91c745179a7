'use client';

import { memo, type MouseEvent } from 'react';
import { CellEditor } from './cell-editor';
import styles from './records.module.css';
import type { ColumnDef, EditValue, EditorSpec, Lookups, TableRecord } from './table-types';

export interface EditingCell {
  id: string;
  key: string;
  spec: EditorSpec;
  initial: EditValue;
  saving: boolean;
  error: string | undefined;
  notice: string | undefined;
}

interface Props {
  gridId: string;
  record: TableRecord;
  index: number;
  start: number;
  columns: ColumnDef[];
  lookups: Lookups;
  selected: boolean;
  /** Column index of the active cell on this row (0 is the checkbox), -1 when the row is not active. */
  activeCol: number;
  editing: EditingCell | null;
  label: string;
  onToggle: (index: number, shift: boolean) => void;
  onCellDown: (index: number, col: number, event: MouseEvent) => void;
  onCellDouble: (index: number, col: number) => void;
  onSave: (value: EditValue) => void;
  onCancel: () => void;
}

export const cellId = (gridId: string, row: number, col: number) => `${gridId}-r${row}-c${col}`;

/** One record as one row of the grid. Memoised: scrolling re-renders only rows whose props changed. */
export const GridRow = memo(function GridRow({ gridId, record, index, start, columns, lookups, selected, activeCol, editing, label, onToggle, onCellDown, onCellDouble, onSave, onCancel }: Props) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`${styles.row} ${selected ? styles.selected : ''} ${activeCol >= 0 ? styles.activeRow : ''} ${editing ? styles.editingRow : ''}`}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div
        role="gridcell"
        id={cellId(gridId, index, 0)}
        aria-colindex={1}
        className={`${styles.cell} ${styles.checkCell} ${styles.sticky0} ${activeCol === 0 ? styles.activeCell : ''}`}
        onMouseDown={(e) => onCellDown(index, 0, e)}
      >
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${label}`}
          onChange={() => undefined}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(index, e.shiftKey);
          }}
        />
      </div>
      {columns.map((column, c) => {
        const col = c + 1;
        const isEditing = editing?.key === column.key;
        return (
          <div
            key={column.key}
            role="gridcell"
            id={cellId(gridId, index, col)}
            aria-colindex={col + 1}
            aria-readonly={column.edit ? undefined : true}
            className={`${styles.cell} ${column.primary ? `${styles.sticky1} ${styles.primaryCell}` : ''} ${column.align === 'end' ? styles.alignEnd : ''} ${activeCol === col ? styles.activeCell : ''} ${isEditing ? styles.editingCell : ''}`}
            onMouseDown={(e) => onCellDown(index, col, e)}
            onDoubleClick={() => onCellDouble(index, col)}
          >
            {isEditing && editing ? (
              <CellEditor
                spec={editing.spec}
                initial={editing.initial}
                label={`${column.label} of ${label}`}
                saving={editing.saving}
                error={editing.error}
                notice={editing.notice}
                onSave={onSave}
                onCancel={onCancel}
              />
            ) : (
              <span className={styles.cellText}>{column.render(record, lookups)}</span>
            )}
          </div>
        );
      })}
      <div className={styles.filler} aria-hidden="true" />
    </div>
  );
});

export function SkeletonRow({ start, columns, index }: { start: number; columns: ColumnDef[]; index: number }) {
  return (
    <div className={`${styles.row} ${styles.skeletonRow}`} style={{ transform: `translateY(${start}px)` }} aria-hidden="true">
      <div className={`${styles.cell} ${styles.checkCell} ${styles.sticky0}`} />
      {columns.map((column, c) => (
        <div key={column.key} className={`${styles.cell} ${column.primary ? styles.sticky1 : ''}`}>
          <span className="skeleton" style={{ width: `${45 + ((index * 7 + c * 13) % 40)}%` }} />
        </div>
      ))}
      <div className={styles.filler} />
    </div>
  );
}
