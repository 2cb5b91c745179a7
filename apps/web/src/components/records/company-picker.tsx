'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '@/lib/api';
import type { Company } from '@/lib/records';
import type { Page } from '@/lib/types';
import styles from './records.module.css';
import type { CompanyRef } from './table-types';

interface Props {
  value: CompanyRef;
  onChange: (value: CompanyRef) => void;
  /** Enter on a choice, for inline editing: pick and save in one key. */
  onCommit?: (value: CompanyRef) => void;
  onCancel?: () => void;
  label: string;
  id?: string;
  autoFocus?: boolean;
  invalid?: boolean;
  describedBy?: string | undefined;
  className?: string;
}

/**
 * Type to find a company by name or domain (the list API's `q`), arrows to
 * move, Enter to choose. "No company" clears the link.
 */
export function CompanyPicker({ value, onChange, onCommit, onCancel, label, id, autoFocus, invalid, describedBy, className }: Props) {
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  const listId = `${inputId}-list`;
  const [text, setText] = useState(value.name);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Company[]>([]);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setStatus('loading');
      api<Page<Company>>('/api/v1/companies', { query: { limit: 8, sort: 'name', q: text.trim().slice(0, 200) || undefined }, signal: controller.signal }).then(
        (page) => {
          setOptions(page.data);
          setActive(0);
          setStatus('idle');
        },
        () => {
          if (!controller.signal.aborted) setStatus('error');
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, open]);

  // "No company" is the last choice.
  const choices: CompanyRef[] = [...options.map((c) => ({ id: c.id, name: c.name })), { id: null, name: '' }];

  function choose(choice: CompanyRef, commit: boolean) {
    setText(choice.name);
    setOpen(false);
    onChange(choice);
    if (commit) onCommit?.(choice);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, choices.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      const choice = open ? choices[active] : undefined;
      if (choice) choose(choice, true);
      else if (text.trim() === '') choose({ id: null, name: '' }, true);
      else onCommit?.(value);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else onCancel?.();
    }
  }

  const activeId = open && choices[active] ? `${listId}-${active}` : undefined;
  return (
    <div className={`${styles.combo} ${className ?? ''}`}>
      <input
        ref={inputRef}
        id={inputId}
        className="input"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder="Search companies…"
        maxLength={200}
        autoFocus={autoFocus}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label={`${label} choices`} className={styles.comboList}>
          {status === 'loading' && options.length === 0 ? <li className={styles.comboNote}>Searching…</li> : null}
          {status === 'error' ? <li className={styles.comboNote}>Companies could not be loaded</li> : null}
          {status === 'idle' && options.length === 0 && text.trim() ? <li className={styles.comboNote}>No company matches “{text.trim()}”</li> : null}
          {choices.map((choice, index) => (
            <li
              key={choice.id ?? 'none'}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={`${styles.comboOption} ${index === active ? styles.comboActive : ''}`}
              // mousedown, not click: the input keeps focus and its blur does not close the list first
              onMouseDown={(e) => {
                e.preventDefault();
                choose(choice, true);
              }}
              onMouseEnter={() => setActive(index)}
            >
              {choice.id ? choice.name : <span className="muted">No company</span>}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
