'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '@/lib/api';
import styles from './pipeline.module.css';

export interface QuickDealInput {
  name: string;
  amount?: string;
  closeDate?: string;
}

const amountPattern = /^-?\d+(\.\d+)?$/;

/** A small form at the head of a column: name, amount and close date, created straight into that stage. */
export function QuickCreate({ stageName, onCreate, onClose }: { stageName: string; onCreate: (input: QuickDealInput) => Promise<void>; onClose: () => void }) {
  const id = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [amount, setAmount] = useState('');
  const [closeDate, setCloseDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => nameRef.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amountText = amount.trim().replace(/,/g, '');
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter a name for the deal';
    if (amountText && !amountPattern.test(amountText)) found.amount = 'Enter a number, like 12500 or 12500.50';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      (found.name ? nameRef.current : document.getElementById(`${id}-amount`))?.focus();
      return;
    }
    setBusy(true);
    try {
      await onCreate({ name: name.trim(), ...(amountText ? { amount: amountText } : {}), ...(closeDate ? { closeDate } : {}) });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      const known = Object.fromEntries(Object.entries(fields).filter(([path]) => ['name', 'amount', 'closeDate'].includes(path)));
      setErrors(known);
      if (Object.keys(known).length === 0) setFormError(errorMessage(error));
      setBusy(false);
    }
  }

  const field = (key: 'name' | 'amount' | 'closeDate') => ({
    id: `${id}-${key}`,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${id}-${key}-error` : undefined,
  });
  const fieldError = (key: string) =>
    errors[key] ? (
      <span id={`${id}-${key}-error`} className="field-error">
        {errors[key]}
      </span>
    ) : null;

  return (
    <form
      className={styles.quickCreate}
      onSubmit={(event) => void submit(event)}
      aria-label={`New deal in ${stageName}`}
      data-testid="quick-create"
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className={styles.quickField}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input ref={nameRef} className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={300} autoComplete="off" required {...field('name')} />
        {fieldError('name')}
      </div>
      <div className={styles.quickRow}>
        <div className={styles.quickField}>
          <label htmlFor={`${id}-amount`}>Amount</label>
          <input className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoComplete="off" {...field('amount')} />
          {fieldError('amount')}
        </div>
        <div className={styles.quickField}>
          <label htmlFor={`${id}-closeDate`}>Close date</label>
          <input className="input" type="date" value={closeDate} onChange={(e) => setCloseDate(e.target.value)} {...field('closeDate')} />
          {fieldError('closeDate')}
        </div>
      </div>
      <div className={styles.quickActions}>
        <button type="button" className="btn btn-sm" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
          {busy ? 'Adding…' : 'Add deal'}
        </button>
      </div>
    </form>
  );
}
