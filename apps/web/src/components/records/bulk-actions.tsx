'use client';

import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui';
import { bulkDelete, bulkUpdate, type BulkResult } from './bulk-run';
import { CompanyPicker } from './company-picker';
import { objectLabels } from './columns';
import styles from './records.module.css';
import type { ColumnDef, EditValue, EditorSpec, Lookups, TableObject } from './table-types';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "3 selected · Edit · Delete · Clear", shown while rows are selected. */
export function BulkBar({ object, count, loadedCount, onEdit, onDelete, onClear, canEdit }: { object: TableObject; count: number; loadedCount: number; onEdit: () => void; onDelete: () => void; onClear: () => void; canEdit: boolean }) {
  const names = objectLabels[object];
  return (
    <div className={styles.bulkBar} role="region" aria-label="Selected rows">
      <strong aria-live="polite">{plural(count, `${names.singular} selected`, `${names.plural} selected`)}</strong>
      {count === loadedCount && count > 0 ? <span className="faint">(all loaded rows)</span> : null}
      <span className={styles.spacer} />
      {canEdit ? (
        <button type="button" className="btn btn-sm" onClick={onEdit}>
          Edit field…
        </button>
      ) : null}
      <button type="button" className="btn btn-sm btn-danger" onClick={onDelete}>
        Delete…
      </button>
      <button type="button" className="btn btn-sm btn-ghost" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}

function Results({ result, labelOf, verb }: { result: BulkResult; labelOf: (id: string) => string; verb: 'updated' | 'deleted' }) {
  const ok = verb === 'updated' ? result.updated.length : result.deleted.length;
  return (
    <div role="status">
      <p className={result.failed.length ? '' : styles.resultOk}>
        {ok.toLocaleString()} {verb}
        {result.failed.length ? `, ${result.failed.length.toLocaleString()} failed` : ''}.
      </p>
      {result.failed.length ? (
        <ul className={styles.failures} aria-label="Failures">
          {result.failed.slice(0, 200).map((f) => (
            <li key={f.id}>
              <strong>{labelOf(f.id)}</strong>: {f.reason}
            </li>
          ))}
          {result.failed.length > 200 ? <li>… and {(result.failed.length - 200).toLocaleString()} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

function Progress({ done, total, verb }: { done: number; total: number; verb: string }) {
  return (
    <div className={styles.progress}>
      <label>
        {verb} {done.toLocaleString()} of {total.toLocaleString()}…
        <progress max={total} value={done} />
      </label>
    </div>
  );
}

/** A form control for a value the user sets on many records at once. */
function ValueControl({ spec, value, onChange, id, label, error }: { spec: EditorSpec; value: EditValue; onChange: (v: EditValue) => void; id: string; label: string; error: string | undefined }) {
  const text = typeof value === 'string' ? value : '';
  const common = { id, className: 'input', 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined } as const;
  switch (spec.kind) {
    case 'select':
      return (
        <select {...common} className="select" value={text} onChange={(e) => onChange(e.target.value)}>
          {spec.allowEmpty ? <option value="">— (clear)</option> : <option value="">Choose…</option>}
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'date':
      return <input {...common} type="date" value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'company':
      return (
        <CompanyPicker
          id={id}
          label={label}
          value={typeof value === 'object' && 'id' in value ? value : { id: null, name: '' }}
          onChange={onChange}
          invalid={Boolean(error)}
          describedBy={error ? `${id}-error` : undefined}
        />
      );
    case 'number':
      return <input {...common} type="text" inputMode="decimal" maxLength={40} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'list':
      return <input {...common} type="text" placeholder="Separate several with commas" maxLength={5000} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'text':
      return <input {...common} type={spec.inputType ?? 'text'} maxLength={spec.maxLength ?? 300} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'name':
      return null;
  }
}

const initialFor = (spec: EditorSpec): EditValue => (spec.kind === 'company' ? { id: null, name: '' } : '');

export function BulkEditDialog({
  object,
  ids,
  columns,
  lookups,
  labelOf,
  onFinished,
  onClose,
}: {
  object: TableObject;
  ids: string[];
  columns: ColumnDef[];
  lookups: Lookups;
  labelOf: (id: string) => string;
  onFinished: (result: BulkResult) => void;
  onClose: () => void;
}) {
  // Names are not a field to set on many records at once.
  const editable = useMemo(() => columns.filter((c) => c.edit && c.edit.editor(undefined, lookups).kind !== 'name'), [columns, lookups]);
  const [key, setKey] = useState(editable[0]?.key ?? '');
  const column = editable.find((c) => c.key === key);
  const spec = column?.edit?.editor(undefined, lookups);
  const [value, setValue] = useState<EditValue>(spec ? initialFor(spec) : '');
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const fieldId = useId();
  const valueId = useId();
  const names = objectLabels[object];
  const running = progress !== null && result === null;
  // A stable close: the dialog re-focuses its first control whenever onClose changes.
  const runningRef = useRef(running);
  runningRef.current = running;
  const close = useCallback(() => {
    if (!runningRef.current) onClose();
  }, [onClose]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!column?.edit) return;
    const patch = column.edit.toPatch(value, undefined);
    if ('error' in patch) {
      setError(patch.error);
      return;
    }
    setError(undefined);
    setProgress(0);
    const outcome = await bulkUpdate(object, ids, patch.patch, setProgress);
    setResult(outcome);
    onFinished(outcome);
  }

  return (
    <Dialog title={`Edit ${plural(ids.length, names.singular, names.plural)}`} onClose={close}>
      {result ? (
        <>
          <Results result={result} labelOf={labelOf} verb="updated" />
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label htmlFor={fieldId}>Field</label>
            <select
              id={fieldId}
              className="select"
              value={key}
              disabled={running}
              onChange={(e) => {
                setKey(e.target.value);
                const next = editable.find((c) => c.key === e.target.value)?.edit?.editor(undefined, lookups);
                setValue(next ? initialFor(next) : '');
                setError(undefined);
              }}
            >
              {editable.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          {spec ? (
            <div className="field">
              <label htmlFor={valueId}>New value</label>
              <ValueControl spec={spec} value={value} onChange={setValue} id={valueId} label="New value" error={error} />
              {error ? (
                <span id={`${valueId}-error`} className="field-error" role="alert">
                  {error}
                </span>
              ) : (
                <span className="field-hint">Leave empty to clear the field on every selected {names.singular}.</span>
              )}
            </div>
          ) : null}
          {running ? <Progress done={progress} total={ids.length} verb="Updating" /> : null}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={close} disabled={running}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={running || !spec}>
              Update {plural(ids.length, names.singular, names.plural)}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

export function BulkDeleteDialog({ object, ids, labelOf, onFinished, onClose }: { object: TableObject; ids: string[]; labelOf: (id: string) => string; onFinished: (result: BulkResult) => void; onClose: () => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const names = objectLabels[object];
  const running = progress !== null && result === null;
  // A stable close: the dialog re-focuses its first control whenever onClose changes.
  const runningRef = useRef(running);
  runningRef.current = running;
  const close = useCallback(() => {
    if (!runningRef.current) onClose();
  }, [onClose]);

  async function run() {
    setProgress(0);
    const outcome = await bulkDelete(object, ids, setProgress);
    setResult(outcome);
    onFinished(outcome);
  }

  return (
    <Dialog title={`Delete ${plural(ids.length, names.singular, names.plural)}?`} onClose={close}>
      {result ? (
        <>
          <Results result={result} labelOf={labelOf} verb="deleted" />
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            {ids.length === 1 ? `“${labelOf(ids[0] ?? '')}”` : plural(ids.length, names.singular, names.plural)} will move to the trash, where{' '}
            {ids.length === 1 ? 'it' : 'they'} can be restored.
          </p>
          {running ? <Progress done={progress} total={ids.length} verb="Deleting" /> : null}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={close} disabled={running}>
              Cancel
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void run()} disabled={running}>
              Delete {plural(ids.length, names.singular, names.plural)}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
