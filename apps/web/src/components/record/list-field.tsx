'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { FieldStatus } from './inline-field';
import { checkEmailValue, checkPhoneValue, fieldMessage, safeHref, type Parsed } from './field-values';
import type { SaveResult } from './use-record';
import styles from './record.module.css';

type ListKind = 'email' | 'phone' | 'tag';

function check(kind: ListKind, text: string): Parsed {
  if (kind === 'email') return checkEmailValue(text);
  if (kind === 'phone') return checkPhoneValue(text);
  if (text.length > 100) return { ok: false, message: 'Use at most 100 characters' };
  return { ok: true, value: text };
}

/**
 * A list on a record (emails, phones, tags): each item can be removed, a new
 * one added. Every change saves the whole list at once, so a list is never
 * half-written.
 */
export function ListField({
  label,
  itemLabel,
  path,
  kind,
  values,
  canEdit,
  onSave,
}: {
  label: string;
  itemLabel: string;
  path: string;
  kind: ListKind;
  values: readonly string[];
  canEdit: boolean;
  onSave: (next: string[]) => Promise<SaveResult>;
}) {
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);
  const closing = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const id = useId();

  useEffect(() => {
    if (adding) inputRef.current?.focus();
    else if (refocus.current) {
      refocus.current = false;
      addRef.current?.focus();
    }
  }, [adding]);

  async function write(next: string[]): Promise<boolean> {
    busy.current = true;
    setSaving(true);
    setError(undefined);
    const result = await onSave(next);
    busy.current = false;
    setSaving(false);
    if (!result.ok) setError(fieldMessage(result, path));
    return result.ok;
  }

  async function add(returnFocus: boolean) {
    if (busy.current || closing.current) return;
    const text = draft.trim();
    if (!text) {
      closing.current = true;
      refocus.current = returnFocus;
      setAdding(false);
      setError(undefined);
      return;
    }
    const parsed = check(kind, text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    const value = String(parsed.value);
    if (values.some((v) => v.toLowerCase() === value.toLowerCase())) {
      setError(`That ${itemLabel} is already on the list`);
      return;
    }
    if (await write([...values, value])) {
      closing.current = true;
      refocus.current = returnFocus;
      setDraft('');
      setAdding(false);
    }
  }

  const inputId = `${id}-new`;
  const errorId = `${id}-error`;

  return (
    <div className={styles.field}>
      <span className={styles.label} id={`${id}-label`}>
        {label}
      </span>
      <div className={styles.value}>
        {values.length ? (
          <ul className={styles.chips} aria-labelledby={`${id}-label`}>
            {values.map((v, index) => {
              const href = kind === 'tag' ? undefined : safeHref(kind, v);
              return (
                <li key={v} className={kind === 'tag' ? `badge ${styles.tag}` : styles.listItem}>
                  {href ? (
                    <a href={href} className={styles.linkText}>
                      {v}
                    </a>
                  ) : (
                    <span className={styles.linkText}>{v}</span>
                  )}
                  {kind === 'email' && index === 0 && values.length > 1 ? <span className="badge">Primary</span> : null}
                  {canEdit ? (
                    <button type="button" className={styles.remove} disabled={saving} aria-label={`Remove ${itemLabel} ${v}`} onClick={() => void write(values.filter((x) => x !== v))}>
                      ×
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : !canEdit ? (
          <span className="faint">—</span>
        ) : null}
        {canEdit && adding ? (
          <div className={styles.addRow}>
            <label htmlFor={inputId} className="visually-hidden">
              New {itemLabel}
            </label>
            <input
              ref={inputRef}
              id={inputId}
              className="input"
              type="text"
              inputMode={kind === 'email' ? 'email' : kind === 'phone' ? 'tel' : undefined}
              autoComplete="off"
              placeholder={kind === 'email' ? 'name@company.com' : kind === 'phone' ? '+1 415 555 0100' : 'tag'}
              value={draft}
              readOnly={saving}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => {
                setDraft(e.target.value);
                if (error) setError(undefined);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void add(true);
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  closing.current = true;
                  refocus.current = true;
                  setDraft('');
                  setError(undefined);
                  setAdding(false);
                }
              }}
              onBlur={() => void add(false)}
            />
          </div>
        ) : canEdit ? (
          <button
            ref={addRef}
            type="button"
            className={`btn btn-ghost btn-sm ${styles.addButton}`}
            onClick={() => {
              closing.current = false;
              setError(undefined);
              setAdding(true);
            }}
          >
            + Add {itemLabel}
          </button>
        ) : null}
        <FieldStatus saving={saving} error={error} errorId={errorId} />
      </div>
    </div>
  );
}
