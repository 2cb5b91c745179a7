'use client';

import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Dialog, TextField } from '@/components/ui';
import { api, ApiError, errorMessage } from '@/lib/api';
import { checkEmail, compact } from '@/lib/forms';
import { CompanyPicker } from './company-picker';
import styles from './records.module.css';
import { companySizes, lifecycleStages, objectLabels, parseDecimal } from './columns';
import type { CompanyRef, Lookups, Option, TableObject, TableRecord } from './table-types';

type Values = Record<string, string>;

const domainPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const phonePattern = /^\+?[0-9][0-9 ().\-/]{2,40}$/;

/** Messages for what the server would refuse anyway, shown before the round trip. */
function validate(object: TableObject, v: Values): Record<string, string> {
  const t = (k: string) => (v[k] ?? '').trim();
  if (object === 'contacts') {
    return compact({
      firstName: !t('firstName') && !t('lastName') && !t('email') ? 'Enter a name or an email' : undefined,
      email: t('email') ? checkEmail(t('email')) : undefined,
      phone: t('phone') && !phonePattern.test(t('phone')) ? 'Enter a phone number, like +1 555 0100' : undefined,
    });
  }
  if (object === 'companies') {
    return compact({
      name: t('name') ? undefined : 'Enter the company name',
      domain: t('domain') && !domainPattern.test(t('domain')) ? 'Enter a domain such as example.com' : undefined,
    });
  }
  return compact({
    name: t('name') ? undefined : 'Enter the deal name',
    amount: parseDecimal(t('amount')) === undefined ? 'Enter an amount such as 12500 or 12500.50' : undefined,
    currency: /^[A-Za-z]{3}$/.test(t('currency')) ? undefined : 'Enter a three-letter currency code such as USD',
    closeDate: t('closeDate') && !/^\d{4}-\d{2}-\d{2}$/.test(t('closeDate')) ? 'Enter a date' : undefined,
  });
}

function body(object: TableObject, v: Values, company: CompanyRef): Record<string, unknown> {
  const t = (k: string) => (v[k] ?? '').trim();
  const opt = (k: string) => t(k) || undefined;
  if (object === 'contacts') {
    return {
      firstName: opt('firstName'),
      lastName: opt('lastName'),
      emails: t('email') ? [t('email')] : undefined,
      phones: t('phone') ? [t('phone')] : undefined,
      title: opt('title'),
      lifecycleStage: opt('lifecycleStage'),
      companyId: company.id ?? undefined,
    };
  }
  if (object === 'companies') return { name: t('name'), domain: opt('domain'), industry: opt('industry'), size: opt('size') };
  return {
    name: t('name'),
    amount: parseDecimal(t('amount')) ?? undefined,
    currency: t('currency').toUpperCase(),
    stageId: opt('stageId'),
    closeDate: opt('closeDate'),
    companyId: company.id ?? undefined,
  };
}

/** The server names fields as the API does (`emails.0`); the form has one email box. */
function formField(path: string): string {
  const head = path.split('.')[0] ?? path;
  return ({ emails: 'email', phones: 'phone', companyId: 'company', pipelineId: 'stageId' } as Record<string, string>)[head] ?? head;
}

function SelectField({ label, value, onChange, options, error, empty }: { label: string; value: string; onChange: (v: string) => void; options: Option[]; error?: string | undefined; empty?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function CompanyField({ value, onChange, error }: { value: CompanyRef; onChange: (v: CompanyRef) => void; error?: string | undefined }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Company</label>
      <CompanyPicker id={id} label="Company" value={value} onChange={onChange} invalid={Boolean(error)} describedBy={error ? `${id}-error` : undefined} />
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function NewRecordDialog({ object, lookups, onCreated, onClose }: { object: TableObject; lookups: Lookups; onCreated: (record: TableRecord) => void; onClose: () => void }) {
  const pipeline = lookups.pipelines.find((p) => p.isDefault) ?? lookups.pipelines[0];
  const stageOptions = useMemo(() => [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position).map((s) => ({ value: s.id, label: s.name })), [pipeline]);
  const [values, setValues] = useState<Values>({ currency: 'USD', stageId: stageOptions[0]?.value ?? '' });
  const [company, setCompany] = useState<CompanyRef>({ id: null, name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const names = objectLabels[object];

  const set = (key: string) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
  };
  const text = (key: string, label: string, extra: { type?: string; autoComplete?: string; required?: boolean; inputMode?: 'decimal' | 'email' | 'tel'; maxLength?: number; hint?: string } = {}): ReactNode => (
    <TextField
      label={label}
      name={key}
      type={extra.type ?? 'text'}
      autoComplete={extra.autoComplete ?? 'off'}
      inputMode={extra.inputMode}
      maxLength={extra.maxLength ?? 300}
      required={extra.required}
      hint={extra.hint}
      value={values[key] ?? ''}
      error={errors[key]}
      onChange={(e) => set(key)(e.target.value)}
    />
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(object, values);
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length) {
      // Focus the first field that needs attention.
      const form = event.currentTarget as HTMLFormElement;
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const record = await api<TableRecord>(`/api/v1/${object}`, { method: 'POST', body: body(object, values, company) });
      if (company.id) lookups.rememberCompany(company.id, company.name);
      onCreated(record);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      const mapped: Record<string, string> = {};
      const known = new Set(['firstName', 'lastName', 'email', 'phone', 'title', 'lifecycleStage', 'company', 'name', 'domain', 'industry', 'size', 'amount', 'currency', 'stageId', 'closeDate']);
      const unplaced: string[] = [];
      for (const [path, message] of Object.entries(fields)) {
        const key = formField(path);
        if (known.has(key)) mapped[key] ??= message.charAt(0).toUpperCase() + message.slice(1);
        else unplaced.push(message);
      }
      setErrors(mapped);
      if (Object.keys(mapped).length === 0 || unplaced.length) setGeneral(unplaced.length ? `${errorMessage(error)}: ${unplaced.join('; ')}` : errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`New ${names.singular}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {general ? <Alert>{general}</Alert> : null}
        {object === 'contacts' ? (
          <>
            <div className={styles.formRow2}>
              {text('firstName', 'First name', { autoComplete: 'off', maxLength: 200 })}
              {text('lastName', 'Last name', { maxLength: 200 })}
            </div>
            {text('email', 'Email', { type: 'email', inputMode: 'email', maxLength: 254 })}
            {text('phone', 'Phone', { type: 'tel', inputMode: 'tel', maxLength: 50 })}
            {text('title', 'Job title')}
            <CompanyField value={company} onChange={setCompany} error={errors.company} />
            <SelectField label="Lifecycle stage" value={values.lifecycleStage ?? ''} onChange={set('lifecycleStage')} options={lifecycleStages} empty="—" error={errors.lifecycleStage} />
          </>
        ) : object === 'companies' ? (
          <>
            {text('name', 'Name', { required: true })}
            {text('domain', 'Domain', { hint: 'example.com', maxLength: 253 })}
            {text('industry', 'Industry')}
            <SelectField label="Size" value={values.size ?? ''} onChange={set('size')} options={companySizes} empty="—" error={errors.size} />
          </>
        ) : (
          <>
            {text('name', 'Name', { required: true })}
            <div className={styles.formRow2}>
              {text('amount', 'Amount', { inputMode: 'decimal', maxLength: 40 })}
              {text('currency', 'Currency', { maxLength: 3 })}
            </div>
            {stageOptions.length ? <SelectField label={pipeline && lookups.pipelines.length > 1 ? `Stage (${pipeline.name})` : 'Stage'} value={values.stageId ?? ''} onChange={set('stageId')} options={stageOptions} error={errors.stageId} /> : null}
            {text('closeDate', 'Close date', { type: 'date' })}
            <CompanyField value={company} onChange={setCompany} error={errors.company} />
          </>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : `Create ${names.singular}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
