'use client';

import { useState, type FormEvent } from 'react';
import { CompanyPicker } from './company-picker';
import { conditionError, fromFilter, isComplete, needsValue, newConditionId, operatorsFor, toFilter, type Condition, type FilterField } from './filter-model';
import styles from './records.module.css';
import type { Lookups } from './table-types';

interface Props {
  fields: FilterField[];
  filter: Record<string, unknown> | null;
  lookups: Lookups;
  onApply: (filter: Record<string, unknown> | null) => void;
}

/**
 * Conditions over any field, custom fields included; all of them must hold.
 * Changes apply with the Apply button (or Enter), so a half-typed value
 * never fires a request.
 */
export function FilterBuilder({ fields, filter, lookups, onApply }: Props) {
  const [conditions, setConditions] = useState<Condition[]>(() => {
    const existing = fromFilter(filter);
    return existing.length ? existing : [blank(fields)];
  });
  const [showErrors, setShowErrors] = useState(false);

  function update(id: string, change: Partial<Condition>) {
    setConditions((list) =>
      list.map((c) => {
        if (c.id !== id) return c;
        const next = { ...c, ...change };
        if (change.field !== undefined && change.field !== c.field) {
          const field = fields.find((f) => f.field === change.field);
          next.op = field ? (operatorsFor(field.kind)[0]?.op ?? 'eq') : 'eq';
          next.value = field?.kind === 'boolean' ? 'true' : '';
        }
        if (change.op !== undefined && !needsValue(change.op)) next.value = '';
        return next;
      }),
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const used = conditions.filter((c) => isComplete(c) || c.value !== '');
    const invalid = used.some((c) => conditionError(c, fields.find((f) => f.field === c.field)));
    if (invalid) {
      setShowErrors(true);
      return;
    }
    onApply(toFilter(used, fields));
  }

  return (
    <form onSubmit={submit} className={styles.filterForm} noValidate>
      <h2 className={styles.popoverTitle}>Filter</h2>
      <p className={`faint ${styles.popoverHint}`}>Rows must match every condition.</p>
      <ul className={styles.conditions}>
        {conditions.map((c, index) => {
          const field = fields.find((f) => f.field === c.field);
          const ops = field ? operatorsFor(field.kind) : [];
          const error = showErrors && (isComplete(c) || c.value !== '') ? conditionError(c, field) : undefined;
          const errorId = `${c.id}-error`;
          return (
            <li key={c.id} className={styles.condition}>
              <span className={styles.conditionWhere} aria-hidden="true">
                {index === 0 ? 'Where' : 'and'}
              </span>
              <select className="select" aria-label={`Field of condition ${index + 1}`} value={c.field} onChange={(e) => update(c.id, { field: e.target.value })}>
                {field ? null : <option value={c.field}>Unknown field</option>}
                {fields.map((f) => (
                  <option key={f.field} value={f.field}>
                    {f.label}
                  </option>
                ))}
              </select>
              <select className="select" aria-label={`Operator of condition ${index + 1}`} value={c.op} onChange={(e) => update(c.id, { op: e.target.value as Condition['op'] })}>
                {ops.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </select>
              {needsValue(c.op) && field ? (
                <ValueInput field={field} condition={c} lookups={lookups} label={`Value of condition ${index + 1}`} invalid={Boolean(error)} errorId={error ? errorId : undefined} onChange={(value) => update(c.id, { value })} />
              ) : (
                <span />
              )}
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove condition ${index + 1}`} onClick={() => setConditions((list) => list.filter((x) => x.id !== c.id))}>
                ✕
              </button>
              {error ? (
                <span id={errorId} className={`field-error ${styles.conditionError}`}>
                  {error}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div className={styles.filterActions}>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setConditions((list) => [...list, blank(fields)])}>
          + Add condition
        </button>
        <span className={styles.spacer} />
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            setConditions([blank(fields)]);
            onApply(null);
          }}
        >
          Clear all
        </button>
        <button type="submit" className="btn btn-sm btn-primary">
          Apply
        </button>
      </div>
    </form>
  );
}

function blank(fields: FilterField[]): Condition {
  const field = fields[0];
  return { id: newConditionId(), field: field?.field ?? '', op: field ? (operatorsFor(field.kind)[0]?.op ?? 'eq') : 'eq', value: field?.kind === 'boolean' ? 'true' : '' };
}

function ValueInput({ field, condition, lookups, label, invalid, errorId, onChange }: { field: FilterField; condition: Condition; lookups: Lookups; label: string; invalid: boolean; errorId: string | undefined; onChange: (value: string) => void }) {
  const common = { 'aria-label': label, 'aria-invalid': invalid ? true : undefined, 'aria-describedby': errorId } as const;
  if (field.kind === 'company') {
    return (
      <CompanyPicker
        label={label}
        value={{ id: condition.value || null, name: condition.value ? (lookups.companyName(condition.value) ?? '') : '' }}
        onChange={(v) => {
          if (v.id) lookups.rememberCompany(v.id, v.name);
          onChange(v.id ?? '');
        }}
        invalid={invalid}
        describedBy={errorId}
      />
    );
  }
  if (field.options && (field.kind === 'select' || field.kind === 'member' || field.kind === 'stage' || field.kind === 'boolean' || field.kind === 'multi')) {
    const known = field.options.some((o) => o.value === condition.value);
    return (
      <select className="select" {...common} value={condition.value} onChange={(e) => onChange(e.target.value)}>
        {field.kind === 'boolean' ? null : <option value="">Choose…</option>}
        {!known && condition.value ? <option value={condition.value}>{condition.value}</option> : null}
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (field.kind === 'date' || field.kind === 'instant') {
    return <input className="input" type="date" {...common} value={condition.value} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <input
      className="input"
      type="text"
      inputMode={field.kind === 'number' ? 'decimal' : undefined}
      placeholder={field.kind === 'array' ? 'Exact value' : 'Value'}
      maxLength={1000}
      {...common}
      value={condition.value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
