'use client';

import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { CompanyPicker } from './company-picker';
import styles from './records.module.css';
import type { CompanyRef, EditValue, EditorSpec } from './table-types';

interface Props {
  spec: EditorSpec;
  initial: EditValue;
  label: string;
  saving: boolean;
  error: string | undefined;
  /** Set after a stale write: the row was reloaded under the user's value. */
  notice: string | undefined;
  onSave: (value: EditValue) => void;
  onCancel: () => void;
}

const same = (a: EditValue, b: EditValue) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The editor of one cell, drawn over it: Enter (or Tab, or leaving it with a
 * change) saves, Escape cancels. It stays open with the message when the
 * server refuses the value, so nothing the user typed is lost.
 */
export function CellEditor({ spec, initial, label, saving, error, notice, onSave, onCancel }: Props) {
  const [value, setValue] = useState<EditValue>(initial);
  const messageId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const valueRef = useRef(value);
  valueRef.current = value;

  useEffect(() => {
    const first = wrapper.current?.querySelector<HTMLInputElement | HTMLSelectElement>('input, select');
    first?.focus();
    if (first instanceof HTMLInputElement && (first.type === 'text' || first.type === 'search' || first.type === 'url' || first.type === 'tel')) first.select();
  }, []);

  // Set once Escape closed the editor: the blur that follows (focus going back to the grid) must not save.
  const cancelled = useRef(false);
  function cancel() {
    cancelled.current = true;
    onCancel();
  }

  function save() {
    if (saving) return;
    if (same(valueRef.current, initial) && !error && !notice) cancel();
    else onSave(valueRef.current);
  }

  function onKeyDown(event: KeyboardEvent) {
    // Keys typed here belong to the editor, never to the grid's shortcuts.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      save();
    }
  }

  function onBlur(event: FocusEvent) {
    if (cancelled.current || wrapper.current?.contains(event.relatedTarget)) return;
    // Leaving the cell keeps a change (as spreadsheets do); an unchanged cell just closes.
    if (saving) return;
    // A company is saved by choosing one; wandering off the picker changes nothing.
    if (spec.kind === 'company' || same(valueRef.current, initial)) onCancel();
    else if (!error) onSave(valueRef.current);
  }

  const message = error ?? notice;
  const describedBy = message ? messageId : undefined;
  const common = { 'aria-label': label, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, readOnly: saving } as const;
  const text = typeof value === 'string' ? value : '';

  let control;
  switch (spec.kind) {
    case 'name': {
      const name = typeof value === 'object' && 'first' in value ? value : { first: '', last: '' };
      control = (
        <div className={styles.nameEditor}>
          <input className="input" {...common} aria-label="First name" placeholder="First name" maxLength={200} value={name.first} onChange={(e) => setValue({ ...name, first: e.target.value })} />
          <input className="input" {...common} aria-label="Last name" placeholder="Last name" maxLength={200} value={name.last} onChange={(e) => setValue({ ...name, last: e.target.value })} />
        </div>
      );
      break;
    }
    case 'select':
      control = (
        <select className="select" {...common} disabled={saving} value={text} onChange={(e) => setValue(e.target.value)}>
          {spec.allowEmpty || text === '' ? <option value="">—</option> : null}
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'date':
      control = <input className="input" type="date" {...common} value={text} onChange={(e) => setValue(e.target.value)} />;
      break;
    case 'number':
      control = <input className="input" type="text" inputMode="decimal" {...common} maxLength={40} value={text} onChange={(e) => setValue(e.target.value)} />;
      break;
    case 'list':
      control = (
        <input
          className="input"
          type="text"
          inputMode={spec.inputType === 'email' ? 'email' : spec.inputType === 'tel' ? 'tel' : 'text'}
          placeholder="Separate several with commas"
          {...common}
          maxLength={5000}
          value={text}
          onChange={(e) => setValue(e.target.value)}
        />
      );
      break;
    case 'company':
      control = (
        <CompanyPicker
          label={label}
          value={typeof value === 'object' && 'id' in value ? value : { id: null, name: '' }}
          onChange={(v: CompanyRef) => setValue(v)}
          onCommit={(v) => (same(v, initial) ? cancel() : onSave(v))}
          onCancel={cancel}
          invalid={Boolean(error)}
          describedBy={describedBy}
        />
      );
      break;
    case 'text':
      control = <input className="input" type={spec.inputType ?? 'text'} {...common} maxLength={spec.maxLength ?? 300} value={text} onChange={(e) => setValue(e.target.value)} />;
      break;
  }

  return (
    <div ref={wrapper} className={`${styles.editor} ${spec.kind === 'name' ? styles.editorWide : ''}`} onKeyDown={onKeyDown} onBlur={onBlur}>
      <div className={styles.editorRow}>
        {control}
        {saving ? <span className="spinner" role="status" aria-label="Saving" /> : null}
      </div>
      {message ? (
        <div id={messageId} className={error ? styles.editorError : styles.editorNotice} role="alert">
          {message}
        </div>
      ) : null}
    </div>
  );
}
