'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { displayText, fieldMessage, parseDraft, safeHref, sameValue, toDraft, toDraftList, type FieldKind } from './field-values';
import type { SaveResult } from './use-record';
import styles from './record.module.css';

export interface Choice {
  value: string;
  label: string;
}

export interface InlineFieldProps {
  label: string;
  /** Where the server reports this field's problems: `firstName`, `customFields.tier`, `address.city`. */
  path: string;
  kind: FieldKind;
  value: unknown;
  canEdit: boolean;
  onSave: (value: unknown) => Promise<SaveResult>;
  required?: boolean;
  choices?: readonly Choice[];
  /** For money: the currency the amount is shown in. */
  currency?: string;
  suggestions?: readonly string[];
  /** Replaces the default read view (a company link, a member's name). */
  display?: ReactNode;
  placeholder?: string;
}

const inputTypes: Partial<Record<FieldKind, string>> = { date: 'date', email: 'email', phone: 'tel', url: 'url' };
const inputModes: Partial<Record<FieldKind, 'decimal' | 'email' | 'tel' | 'url'>> = { number: 'decimal', currency: 'decimal', money: 'decimal', email: 'email', phone: 'tel', url: 'url' };

/**
 * One field of a record, edited where it stands: click it (or focus it and
 * press Enter) to edit; Enter or leaving the field saves, Escape cancels.
 * A refused save keeps the editor open with what was typed and the reason.
 */
export function InlineField(props: InlineFieldProps) {
  const { label, path, kind, value, canEdit, onSave, required, choices, currency, suggestions, display, placeholder } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [pending, setPending] = useState<boolean>();
  const busy = useRef(false);
  const closing = useRef(false);
  const refocus = useRef(false);
  const displayRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const id = useId();
  const inputId = `${id}-input`;
  const errorId = `${id}-error`;
  const listId = `${id}-list`;

  useEffect(() => {
    if (editing) {
      const el = inputRef.current ?? groupRef.current?.querySelector('input') ?? null;
      el?.focus();
      if (el instanceof HTMLInputElement && el.type === 'text') el.select();
    } else if (refocus.current) {
      refocus.current = false;
      displayRef.current?.focus();
    }
  }, [editing]);

  function open() {
    if (!canEdit) return;
    setDraft(toDraft(kind, value));
    setPicked(toDraftList(value));
    setError(undefined);
    closing.current = false;
    setEditing(true);
  }

  function close(returnFocus: boolean) {
    closing.current = true;
    refocus.current = returnFocus;
    setError(undefined);
    setEditing(false);
  }

  async function commit(next: string | string[], returnFocus: boolean) {
    if (busy.current || closing.current) return;
    const parsed =
      kind === 'multi_select' && Array.isArray(next) ? ({ ok: true, value: next.length ? next : null } as const) : parseDraft(kind, typeof next === 'string' ? next : '', { required, label, choices: choices?.map((c) => c.value) });
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    if (sameValue(kind, parsed.value, value)) {
      close(returnFocus);
      return;
    }
    busy.current = true;
    setSaving(true);
    setError(undefined);
    const result = await onSave(parsed.value);
    busy.current = false;
    setSaving(false);
    if (result.ok) close(returnFocus);
    else setError(fieldMessage(result, path));
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void commit(kind === 'multi_select' ? picked : draft, true);
    }
  }

  const described = error ? errorId : undefined;
  const text = displayText(kind, value, currency);
  const choiceLabel = kind === 'select' ? (choices?.find((c) => c.value === value)?.label ?? text) : text;
  const shown = display ?? (choiceLabel || null);

  if (kind === 'boolean') {
    return (
      <div className={styles.field}>
        <label htmlFor={inputId} className={styles.label}>
          {label}
        </label>
        <div className={styles.value}>
          <input
            id={inputId}
            type="checkbox"
            className={styles.checkbox}
            checked={pending ?? value === true}
            disabled={!canEdit || saving}
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            onChange={(e) => {
              const checked = e.target.checked;
              // Shown ticked at once; a refused save puts the stored value back.
              setPending(checked);
              setSaving(true);
              setError(undefined);
              void onSave(checked).then((result) => {
                setPending(undefined);
                setSaving(false);
                if (!result.ok) setError(fieldMessage(result, path));
              });
            }}
          />
          {saving ? <span className="faint"> Saving…</span> : null}
          <FieldStatus error={error} errorId={errorId} />
        </div>
      </div>
    );
  }

  if (!editing) {
    const href = display ? undefined : safeHref(kind, value);
    return (
      <div className={styles.field}>
        <span className={styles.label}>{label}</span>
        <div className={styles.value}>
          {!canEdit ? (
            <span className={styles.readValue}>{href ? <ValueLink href={href} text={text} /> : (shown ?? <span className="faint">—</span>)}</span>
          ) : href ? (
            <span className={styles.linkValue}>
              <ValueLink href={href} text={text} />
              <button ref={displayRef} type="button" className="btn btn-ghost btn-sm" onClick={open} aria-label={`Edit ${label}`}>
                Edit
              </button>
            </span>
          ) : (
            <button ref={displayRef} type="button" className={styles.valueButton} onClick={open}>
              <span className="visually-hidden">Edit {label}: </span>
              {shown ?? <span className="faint">{placeholder ?? 'Add…'}</span>}
            </button>
          )}
        </div>
      </div>
    );
  }

  if (kind === 'multi_select') {
    return (
      <div className={styles.field}>
        <span className={styles.label} id={`${id}-legend`}>
          {label}
        </span>
        <div className={styles.value}>
          <fieldset
            ref={groupRef}
            className={styles.choiceGroup}
            aria-labelledby={`${id}-legend`}
            aria-describedby={described}
            onKeyDown={onKeyDown}
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget)) void commit(picked, false);
            }}
          >
            {(choices ?? []).map((choice) => (
              <label key={choice.value} className={styles.choice}>
                <input
                  type="checkbox"
                  checked={picked.includes(choice.value)}
                  onChange={(e) => setPicked((list) => (e.target.checked ? [...list, choice.value] : list.filter((v) => v !== choice.value)))}
                />
                {choice.label}
              </label>
            ))}
            <div className={styles.editActions}>
              <button type="button" className="btn btn-sm btn-primary" disabled={saving} onClick={() => void commit(picked, true)}>
                {saving ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="btn btn-sm" onClick={() => close(true)}>
                Cancel
              </button>
            </div>
          </fieldset>
          <FieldStatus error={error} errorId={errorId} />
        </div>
      </div>
    );
  }

  return (
    <div className={styles.field}>
      <label htmlFor={inputId} className={styles.label}>
        {label}
      </label>
      <div className={styles.value}>
        {kind === 'select' ? (
          <select
            ref={inputRef}
            id={inputId}
            className="select"
            value={draft}
            disabled={saving}
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            onKeyDown={(e) => {
              if (e.key === 'Escape') onKeyDown(e);
            }}
            onChange={(e) => {
              setDraft(e.target.value);
              void commit(e.target.value, true);
            }}
            onBlur={() => {
              if (!busy.current && !error) close(false);
            }}
          >
            <option value="">{required ? 'Choose…' : '—'}</option>
            {(choices ?? []).map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            ref={inputRef}
            id={inputId}
            className="input"
            type={inputTypes[kind] === 'date' ? 'date' : 'text'}
            inputMode={inputModes[kind]}
            autoComplete="off"
            spellCheck={kind === 'text'}
            list={suggestions?.length ? listId : undefined}
            value={draft}
            readOnly={saving}
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            aria-busy={saving || undefined}
            onChange={(e) => {
              setDraft(e.target.value);
              if (error) setError(undefined);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => void commit(draft, false)}
          />
        )}
        {suggestions?.length ? (
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        ) : null}
        <FieldStatus saving={saving} error={error} errorId={errorId} />
      </div>
    </div>
  );
}

/** Under a field being saved: "Saving…", then the reason a save was refused (what `errorId` describes). */
export function FieldStatus({ saving, error, errorId }: { saving?: boolean; error: string | undefined; errorId: string }) {
  return (
    <>
      {saving ? <span className="field-hint">Saving…</span> : null}
      {error ? (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

function ValueLink({ href, text }: { href: string; text: string }) {
  const external = href.startsWith('http');
  return (
    <a href={href} className={styles.linkText} {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
      {text}
    </a>
  );
}
