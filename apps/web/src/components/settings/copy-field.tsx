'use client';

import { useId, useRef, useState } from 'react';
import styles from './settings.module.css';

/**
 * A secret or link shown once, with a button that copies it. Falls back to
 * selecting the text when the clipboard is unavailable, so the user can copy
 * it by hand.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      input.current?.focus();
      input.current?.select();
      setStatus('manual');
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={styles.copyRow}>
        <input id={id} ref={input} className={`input ${styles.mono}`} value={value} readOnly onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {status === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <span className="field-hint" aria-live="polite">
        {status === 'copied' ? 'Copied to the clipboard.' : status === 'manual' ? 'Copying is blocked here: the text is selected, press Ctrl+C (⌘C on a Mac).' : ''}
      </span>
    </div>
  );
}
