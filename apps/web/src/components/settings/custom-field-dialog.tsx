'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Dialog, TextField } from '@/components/ui';
import { api, ApiError } from '@/lib/api';
import type { CustomFieldDefinition, CustomFieldType, ObjectName } from '@/lib/records';
import { splitServerErrors } from './server-errors';
import styles from './settings.module.css';
import { newRequestKey } from './use-stable';

export const objects: ObjectName[] = ['contacts', 'companies', 'deals', 'activities'];
export const objectLabels: Record<ObjectName, { plural: string }> = {
  contacts: { plural: 'Contacts' },
  companies: { plural: 'Companies' },
  deals: { plural: 'Deals' },
  activities: { plural: 'Activities' },
};

export const fieldTypeLabels: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  currency: 'Amount of money',
  date: 'Date',
  boolean: 'Yes / no',
  select: 'Single choice',
  multi_select: 'Multiple choice',
  url: 'Web address',
  email: 'Email address',
  phone: 'Phone number',
};
const fieldTypes = Object.keys(fieldTypeLabels) as CustomFieldType[];
const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multi_select';

// The server's rules (packages/crm-core/src/custom-fields), checked here first.
const keyPattern = /^[a-z][a-zA-Z0-9_]{0,62}$/;
const maxOptions = 500;

/** "Contract tier" → "contractTier": a key that passes the server's pattern. */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const camel = words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0]?.toUpperCase() + word.slice(1).toLowerCase())).join('');
  const key = /^[a-z]/.test(camel) ? camel : camel ? `field${camel[0]?.toUpperCase()}${camel.slice(1)}` : '';
  return key.slice(0, 63);
}

function parseOptions(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function checkOptions(options: string[]): string | undefined {
  if (options.length === 0) return 'Enter at least one option, one per line';
  if (options.length > maxOptions) return `Use at most ${maxOptions} options`;
  const long = options.find((o) => o.length > 200);
  if (long) return `Options can be at most 200 characters (“${long.slice(0, 20)}…” is longer)`;
  const seen = new Set<string>();
  for (const option of options) {
    if (seen.has(option)) return `“${option}” is listed twice: options must be unique`;
    seen.add(option);
  }
  return undefined;
}

/** Creating a field (object, label, key, type, options) or editing one (label and options; key and type are fixed). */
export function CustomFieldDialog({
  object: initialObject,
  field,
  existing,
  onClose,
  onSaved,
  onStale,
}: {
  object: ObjectName;
  field: CustomFieldDefinition | undefined;
  existing: CustomFieldDefinition[];
  onClose: () => void;
  onSaved: (field: CustomFieldDefinition) => void;
  /** The server knows a field this page does not (someone else added it): read the list again. */
  onStale: () => void;
}) {
  const editing = field !== undefined;
  const [object, setObject] = useState<ObjectName>(field?.object ?? initialObject);
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(editing);
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [optionsText, setOptionsText] = useState((field?.options ?? []).join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // A retried create (a double click, a timeout) must not define the field twice.
  const [idempotencyKey] = useState(newRequestKey);

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!label.trim()) found.label = 'Enter a label';
    else if (label.trim().length > 200) found.label = 'Use at most 200 characters';
    if (!editing) {
      if (!key) found.key = 'Enter a key';
      else if (!keyPattern.test(key)) found.key = 'Start with a lower-case letter, then letters, digits or _ (at most 63 characters)';
      else if (existing.some((f) => f.object === object && f.key === key)) found.key = `${objectLabels[object].plural} already have a field with this key`;
    }
    if (hasOptions(type)) {
      const problem = checkOptions(parseOptions(optionsText));
      if (problem) found.options = problem;
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) return;
    const options = hasOptions(type) ? parseOptions(optionsText) : undefined;
    setBusy(true);
    try {
      const saved = editing
        ? await api<CustomFieldDefinition>(`/api/v1/custom-fields/${field.id}`, {
            method: 'PATCH',
            body: { label: label.trim(), ...(options ? { options } : {}) },
          })
        : await api<CustomFieldDefinition>('/api/v1/custom-fields', {
            method: 'POST',
            headers: { 'idempotency-key': idempotencyKey },
            body: { object, key, label: label.trim(), type, ...(options ? { options } : {}) },
          });
      onSaved(saved);
    } catch (error) {
      const split = splitServerErrors(error, { object: 'Object', key: 'Key', label: 'Label', type: 'Type', options: 'Options' });
      if (error instanceof ApiError && ((error.code === 'already_exists' && !editing) || error.code === 'not_found')) onStale();
      // "Records still use an option you removed" names the options, not a field: it belongs under Options.
      const details = error instanceof ApiError ? (error.details as { options?: unknown } | undefined) : undefined;
      if (error instanceof ApiError && details && Array.isArray(details.options)) {
        split.fields.options = `${error.message}: ${details.options.map(String).join(', ')}`;
        split.form = undefined;
      }
      setErrors(split.fields);
      setFormError(split.form);
      setBusy(false);
    }
  }

  const removedOptions = editing && field.options ? field.options.filter((o) => !parseOptions(optionsText).includes(o)) : [];

  return (
    <Dialog title={editing ? `Edit “${field.label}”` : 'Add a custom field'} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {formError ? <Alert>{formError}</Alert> : null}
        {editing ? (
          <p className="field-hint" style={{ marginTop: 0 }}>
            On {objectLabels[field.object].plural.toLowerCase()} as <span className={styles.mono}>customFields.{field.key}</span>, type {fieldTypeLabels[field.type].toLowerCase()}. The key and type cannot
            change once values are stored.
          </p>
        ) : (
          <div className="field">
            <label htmlFor="cf-object">Object</label>
            <select id="cf-object" className="select" value={object} onChange={(e) => setObject(e.target.value as ObjectName)} aria-invalid={errors.object ? true : undefined}>
              {objects.map((name) => (
                <option key={name} value={name}>
                  {objectLabels[name].plural}
                </option>
              ))}
            </select>
            {errors.object ? (
              <span className="field-error" role="alert">
                {errors.object}
              </span>
            ) : null}
          </div>
        )}
        <TextField
          label="Label"
          name="label"
          autoComplete="off"
          value={label}
          maxLength={200}
          onChange={(e) => {
            setLabel(e.target.value);
            if (!keyTouched) setKey(keyFromLabel(e.target.value));
          }}
          error={errors.label}
          hint="What people see, e.g. “Contract tier”"
          required
        />
        {editing ? null : (
          <>
            <TextField
              label="Key"
              name="key"
              autoComplete="off"
              spellCheck={false}
              value={key}
              maxLength={63}
              onChange={(e) => {
                setKey(e.target.value);
                setKeyTouched(true);
              }}
              error={errors.key}
              hint={`Used by the API, imports and filters as customFields.${key || 'key'}; it cannot be changed later.`}
              required
            />
            <div className="field">
              <label htmlFor="cf-type">Type</label>
              <select id="cf-type" className="select" value={type} onChange={(e) => setType(e.target.value as CustomFieldType)} aria-invalid={errors.type ? true : undefined}>
                {fieldTypes.map((t) => (
                  <option key={t} value={t}>
                    {fieldTypeLabels[t]}
                  </option>
                ))}
              </select>
              {errors.type ? (
                <span className="field-error" role="alert">
                  {errors.type}
                </span>
              ) : null}
            </div>
          </>
        )}
        {hasOptions(type) ? (
          <div className="field">
            <label htmlFor="cf-options">Options</label>
            <textarea
              id="cf-options"
              className="textarea"
              rows={6}
              value={optionsText}
              onChange={(e) => setOptionsText(e.target.value)}
              aria-invalid={errors.options ? true : undefined}
              aria-describedby={errors.options ? 'cf-options-error' : 'cf-options-hint'}
            />
            {errors.options ? (
              <span id="cf-options-error" className="field-error" role="alert">
                {errors.options}
              </span>
            ) : (
              <span id="cf-options-hint" className="field-hint">
                One per line, in the order people should see them.
                {removedOptions.length ? ` Removing ${removedOptions.map((o) => `“${o}”`).join(', ')} is refused while records still use it.` : ''}
              </span>
            )}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save field' : 'Add field'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
