'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { contactName, formatDate, formatMoney, type Company, type Contact, type CustomFieldDefinition, type Deal } from '@/lib/records';
import styles from './records.module.css';
import type { ColumnDef, ColumnEdit, EditValue, Lookups, Option, PatchResult, TableObject, TableRecord } from './table-types';

export const lifecycleStages: Option[] = [
  { value: 'lead', label: 'Lead' },
  { value: 'marketing_qualified', label: 'Marketing qualified' },
  { value: 'sales_qualified', label: 'Sales qualified' },
  { value: 'opportunity', label: 'Opportunity' },
  { value: 'customer', label: 'Customer' },
];

export const companySizes: Option[] = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'].map((s) => ({ value: s, label: s }));

/** "marketing_qualified" → "Marketing qualified", for values the app has no label for. */
export function humanise(value: string): string {
  const spaced = value.replace(/[_-]+/g, ' ').trim();
  return spaced ? `${spaced[0]?.toUpperCase() ?? ''}${spaced.slice(1)}` : value;
}

const labelOf = (options: Option[], value: string | null) => (value === null ? '' : (options.find((o) => o.value === value)?.label ?? humanise(value)));

/** The known options plus the record's current value when it is something else, so editing never loses it. */
function withCurrent(options: Option[], current: string | null | undefined): Option[] {
  if (!current || options.some((o) => o.value === current)) return options;
  return [...options, { value: current, label: humanise(current) }];
}

const asString = (value: EditValue): string => (typeof value === 'string' ? value : '');
type Field<R> = { [K in keyof R]: R[K] extends string | null ? K : never }[keyof R] & string;

function textEdit<R extends TableRecord>(field: Field<R>, options: { required?: string; inputType?: 'text' | 'email' | 'url' | 'tel'; maxLength?: number } = {}): ColumnEdit<R> {
  return {
    editor: () => ({ kind: 'text', inputType: options.inputType ?? 'text', maxLength: options.maxLength ?? 300 }),
    initial: (r) => (r[field] as string | null) ?? '',
    toPatch: (value) => {
      const text = asString(value).trim();
      if (!text && options.required) return { error: options.required };
      return { patch: { [field]: text === '' ? null : text } };
    },
  };
}

function selectEdit<R extends TableRecord>(field: Field<R>, options: (record: R | undefined, lookups: Lookups) => Option[], allowEmpty = true): ColumnEdit<R> {
  return {
    editor: (record, lookups) => ({ kind: 'select', options: withCurrent(options(record, lookups), record ? (record[field] as string | null) : null), allowEmpty }),
    initial: (r) => (r[field] as string | null) ?? '',
    toPatch: (value) => ({ patch: { [field]: asString(value) === '' ? null : asString(value) } }),
  };
}

function listEdit<R extends TableRecord>(field: 'emails' | 'phones', inputType: 'email' | 'tel'): ColumnEdit<R> {
  return {
    editor: () => ({ kind: 'list', inputType }),
    initial: (r) => ((r as unknown as Record<string, string[]>)[field] ?? []).join(', '),
    toPatch: (value) => {
      const items = splitList(asString(value));
      const bad = items.find((item) => !(inputType === 'email' ? emailPattern : phonePattern).test(item));
      if (bad !== undefined) return { error: inputType === 'email' ? `“${bad}” is not an email address` : `“${bad}” is not a phone number` };
      return { patch: { [field]: items } };
    },
  };
}

const emailPattern = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const phonePattern = /^\+?[0-9][0-9 ().\-/]{2,40}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;

export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "1,234.50" or "1234.5" → "1234.50"-style decimal string the API takes; never a binary float. */
export function parseDecimal(text: string): string | null | undefined {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (cleaned === '') return null;
  return /^-?\d{1,15}(\.\d{1,6})?$/.test(cleaned) ? cleaned : undefined;
}

const companyEdit = <R extends Contact | Deal>(): ColumnEdit<R> => ({
  editor: () => ({ kind: 'company' }),
  initial: (r, lookups) => ({ id: r.companyId, name: r.companyId ? (lookups.companyName(r.companyId) ?? '') : '' }),
  toPatch: (value) => ({ patch: { companyId: typeof value === 'object' && 'id' in value ? value.id : null } }),
});

const ownerEdit = <R extends TableRecord>(): ColumnEdit<R> =>
  selectEdit<R>('ownerId' as Field<R>, (_r, lookups) => lookups.members.map((m) => ({ value: m.userId, label: m.name || m.email })));

function CompanyCell({ id, lookups }: { id: string | null; lookups: Lookups }): ReactNode {
  if (!id) return null;
  const name = lookups.companyName(id);
  if (name === undefined) return <span className={`skeleton ${styles.cellSkeleton}`} aria-label="Loading company" />;
  if (name === null) return <span className="faint">Unknown company</span>;
  return (
    <Link href={`/companies/${id}`} prefetch={false} tabIndex={-1} className={styles.chipLink}>
      {name}
    </Link>
  );
}

function PrimaryLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} prefetch={false} tabIndex={-1} className={styles.primaryLink}>
      {children}
    </Link>
  );
}

const ownerColumn = <R extends TableRecord>(): ColumnDef<R> => ({
  key: 'ownerId',
  label: 'Owner',
  width: 160,
  render: (r, l) => (r.ownerId ? (l.memberById.get(r.ownerId)?.name ?? <span className="faint">Former member</span>) : null),
  text: (r, l) => (r.ownerId ? (l.memberById.get(r.ownerId)?.name ?? '') : ''),
  edit: ownerEdit<R>(),
});

const timestampColumn = <R extends TableRecord>(key: 'createdAt' | 'updatedAt', label: string): ColumnDef<R> => ({
  key,
  label,
  width: 130,
  sortField: key,
  render: (r) => <span className="muted">{formatDate(r[key])}</span>,
  text: (r) => formatDate(r[key]),
});

const tagsColumn = <R extends Contact | Company | Deal>(): ColumnDef<R> => ({
  key: 'tags',
  label: 'Tags',
  width: 180,
  render: (r) => (
    <span className={styles.chips}>
      {r.tags.map((t) => (
        <span key={t} className="badge">
          {t}
        </span>
      ))}
    </span>
  ),
  text: (r) => r.tags.join(', '),
});

function contactColumns(): ColumnDef<Contact>[] {
  return [
    {
      key: 'name',
      label: 'Name',
      width: 220,
      sortField: 'firstName',
      primary: true,
      render: (r) => <PrimaryLink href={`/contacts/${r.id}`}>{contactName(r)}</PrimaryLink>,
      text: (r) => contactName(r),
      edit: {
        editor: () => ({ kind: 'name' }),
        initial: (r) => ({ first: r.firstName ?? '', last: r.lastName ?? '' }),
        toPatch: (value, record): PatchResult => {
          if (typeof value !== 'object' || !('first' in value)) return { error: 'Enter a name' };
          const first = value.first.trim();
          const last = value.last.trim();
          if (!first && !last && (record?.emails.length ?? 0) === 0) return { error: 'A contact needs a first name, a last name or an email' };
          return { patch: { firstName: first || null, lastName: last || null } };
        },
      },
    },
    {
      key: 'emails',
      label: 'Emails',
      width: 230,
      render: (r) => (r.emails.length ? <span title={r.emails.join(', ')}>{r.emails.join(', ')}</span> : null),
      text: (r) => r.emails.join(', '),
      edit: listEdit<Contact>('emails', 'email'),
    },
    {
      key: 'phones',
      label: 'Phones',
      width: 170,
      render: (r) => r.phones.join(', '),
      text: (r) => r.phones.join(', '),
      edit: listEdit<Contact>('phones', 'tel'),
    },
    { key: 'title', label: 'Title', width: 180, sortField: 'title', render: (r) => r.title, text: (r) => r.title ?? '', edit: textEdit<Contact>('title') },
    {
      key: 'companyId',
      label: 'Company',
      width: 190,
      render: (r, l) => <CompanyCell id={r.companyId} lookups={l} />,
      text: (r, l) => (r.companyId ? (l.companyName(r.companyId) ?? '') : ''),
      edit: companyEdit<Contact>(),
    },
    {
      key: 'lifecycleStage',
      label: 'Lifecycle stage',
      width: 170,
      sortField: 'lifecycleStage',
      render: (r) => (r.lifecycleStage ? <span className={`badge ${styles.stageBadge}`}>{labelOf(lifecycleStages, r.lifecycleStage)}</span> : null),
      text: (r) => labelOf(lifecycleStages, r.lifecycleStage),
      edit: selectEdit<Contact>('lifecycleStage', () => lifecycleStages),
    },
    ownerColumn<Contact>(),
    timestampColumn<Contact>('createdAt', 'Created'),
    { key: 'firstName', label: 'First name', width: 150, sortField: 'firstName', render: (r) => r.firstName, text: (r) => r.firstName ?? '', edit: textEdit<Contact>('firstName') },
    { key: 'lastName', label: 'Last name', width: 150, sortField: 'lastName', render: (r) => r.lastName, text: (r) => r.lastName ?? '', edit: textEdit<Contact>('lastName') },
    { key: 'leadSource', label: 'Lead source', width: 150, sortField: 'leadSource', render: (r) => r.leadSource, text: (r) => r.leadSource ?? '', edit: textEdit<Contact>('leadSource') },
    tagsColumn<Contact>(),
    timestampColumn<Contact>('updatedAt', 'Updated'),
  ];
}

function companyColumns(): ColumnDef<Company>[] {
  return [
    {
      key: 'name',
      label: 'Name',
      width: 220,
      sortField: 'name',
      primary: true,
      render: (r) => <PrimaryLink href={`/companies/${r.id}`}>{r.name}</PrimaryLink>,
      text: (r) => r.name,
      edit: textEdit<Company>('name', { required: 'A company needs a name' }),
    },
    {
      key: 'domain',
      label: 'Domain',
      width: 190,
      sortField: 'domain',
      render: (r) => (r.domain ? <span className="muted">{r.domain}</span> : null),
      text: (r) => r.domain ?? '',
      edit: textEdit<Company>('domain', { maxLength: 253 }),
    },
    { key: 'industry', label: 'Industry', width: 170, sortField: 'industry', render: (r) => r.industry, text: (r) => r.industry ?? '', edit: textEdit<Company>('industry') },
    { key: 'size', label: 'Size', width: 120, sortField: 'size', render: (r) => r.size, text: (r) => r.size ?? '', edit: selectEdit<Company>('size', () => companySizes) },
    timestampColumn<Company>('createdAt', 'Created'),
    { key: 'website', label: 'Website', width: 200, sortField: 'website', render: (r) => r.website, text: (r) => r.website ?? '', edit: textEdit<Company>('website', { inputType: 'url', maxLength: 2048 }) },
    ownerColumn<Company>(),
    tagsColumn<Company>(),
    timestampColumn<Company>('updatedAt', 'Updated'),
  ];
}

function stageOptions(record: Deal | undefined, lookups: Lookups): Option[] {
  const pipelines = record ? lookups.pipelines.filter((p) => p.id === record.pipelineId) : lookups.pipelines;
  const several = pipelines.length > 1;
  return pipelines.flatMap((p) => [...p.stages].sort((a, b) => a.position - b.position).map((s) => ({ value: s.id, label: several ? `${p.name} · ${s.name}` : s.name })));
}

function dealColumns(): ColumnDef<Deal>[] {
  return [
    {
      key: 'name',
      label: 'Name',
      width: 260,
      sortField: 'name',
      primary: true,
      render: (r) => <PrimaryLink href={`/deals/${r.id}`}>{r.name}</PrimaryLink>,
      text: (r) => r.name,
      edit: textEdit<Deal>('name', { required: 'A deal needs a name' }),
    },
    {
      key: 'amount',
      label: 'Amount',
      width: 140,
      sortField: 'amount',
      align: 'end',
      render: (r) => <span className={styles.number}>{formatMoney(r.amount, r.currency)}</span>,
      text: (r) => formatMoney(r.amount, r.currency),
      edit: {
        editor: () => ({ kind: 'number' }),
        initial: (r) => r.amount ?? '',
        toPatch: (value) => {
          const amount = parseDecimal(asString(value));
          return amount === undefined ? { error: 'Enter an amount such as 12500 or 12500.50' } : { patch: { amount } };
        },
      },
    },
    {
      key: 'stageId',
      label: 'Stage',
      width: 160,
      render: (r, l) => {
        const stage = l.stageById.get(r.stageId);
        if (!stage) return null;
        const tone = stage.type === 'won' ? styles.won : stage.type === 'lost' ? styles.lost : '';
        return <span className={`badge ${styles.stageBadge} ${tone}`}>{stage.name}</span>;
      },
      text: (r, l) => l.stageById.get(r.stageId)?.name ?? '',
      edit: {
        editor: (record, lookups) => ({ kind: 'select', options: stageOptions(record, lookups), allowEmpty: false }),
        initial: (r) => r.stageId,
        toPatch: (value) => (asString(value) ? { patch: { stageId: asString(value) } } : { error: 'Choose a stage' }),
      },
    },
    {
      key: 'closeDate',
      label: 'Close date',
      width: 130,
      sortField: 'closeDate',
      render: (r) => formatDate(r.closeDate),
      text: (r) => formatDate(r.closeDate),
      edit: {
        editor: () => ({ kind: 'date' }),
        initial: (r) => r.closeDate ?? '',
        toPatch: (value) => {
          const date = asString(value).trim();
          if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return { error: 'Enter a date' };
          return { patch: { closeDate: date || null } };
        },
      },
    },
    {
      key: 'companyId',
      label: 'Company',
      width: 190,
      render: (r, l) => <CompanyCell id={r.companyId} lookups={l} />,
      text: (r, l) => (r.companyId ? (l.companyName(r.companyId) ?? '') : ''),
      edit: companyEdit<Deal>(),
    },
    ownerColumn<Deal>(),
    { key: 'currency', label: 'Currency', width: 100, sortField: 'currency', render: (r) => r.currency, text: (r) => r.currency },
    tagsColumn<Deal>(),
    timestampColumn<Deal>('createdAt', 'Created'),
    timestampColumn<Deal>('updatedAt', 'Updated'),
  ];
}

function customValueText(definition: CustomFieldDefinition, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (definition.type === 'boolean') return value === true ? 'Yes' : value === false ? 'No' : '';
  if (definition.type === 'date' && typeof value === 'string') return formatDate(value);
  if (definition.type === 'currency' && (typeof value === 'string' || typeof value === 'number')) {
    const n = Number(value);
    return Number.isFinite(n) ? n.toLocaleString(undefined, { maximumFractionDigits: 6 }) : String(value);
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function customEdit(definition: CustomFieldDefinition): ColumnEdit<TableRecord> {
  const key = definition.key;
  const patch = (value: unknown): PatchResult => ({ patch: { customFields: { [key]: value } } });
  const current = (r: TableRecord) => r.customFields[key];
  const base = {
    initial: (r: TableRecord) => {
      const value = current(r);
      if (Array.isArray(value)) return value.map(String).join(', ');
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    },
  };
  switch (definition.type) {
    case 'number':
      return {
        ...base,
        editor: () => ({ kind: 'number' }),
        toPatch: (v) => {
          const text = asString(v).replace(/[\s,_]/g, '');
          if (!text) return patch(null);
          const n = Number(text);
          return Number.isFinite(n) ? patch(n) : { error: 'Enter a number' };
        },
      };
    case 'currency':
      return {
        ...base,
        editor: () => ({ kind: 'number' }),
        toPatch: (v) => {
          const amount = parseDecimal(asString(v));
          return amount === undefined ? { error: 'Enter an amount such as 12500.50' } : patch(amount);
        },
      };
    case 'date':
      return { ...base, editor: () => ({ kind: 'date' }), toPatch: (v) => patch(asString(v).trim() || null) };
    case 'boolean':
      return {
        ...base,
        editor: () => ({ kind: 'select', options: [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }], allowEmpty: true }),
        toPatch: (v) => patch(asString(v) === '' ? null : asString(v) === 'true'),
      };
    case 'select':
      return {
        ...base,
        editor: (r) => ({ kind: 'select', options: withCurrent((definition.options ?? []).map((o) => ({ value: o, label: o })), r ? (current(r) as string | null) : null), allowEmpty: true }),
        toPatch: (v) => patch(asString(v) || null),
      };
    case 'multi_select':
      return { ...base, editor: () => ({ kind: 'list', inputType: 'text' }), toPatch: (v) => patch(splitList(asString(v))) };
    default: {
      const inputType = definition.type === 'url' ? 'url' : definition.type === 'email' ? 'email' : definition.type === 'phone' ? 'tel' : 'text';
      return { ...base, editor: () => ({ kind: 'text', inputType, maxLength: 10_000 }), toPatch: (v) => patch(asString(v).trim() || null) };
    }
  }
}

export function customColumn(definition: CustomFieldDefinition): ColumnDef {
  const key = `customFields.${definition.key}`;
  return {
    key,
    label: definition.label,
    width: definition.type === 'boolean' || definition.type === 'number' ? 120 : 170,
    sortField: definition.type === 'multi_select' ? undefined : key,
    align: definition.type === 'number' || definition.type === 'currency' ? 'end' : undefined,
    render: (r) => {
      const text = customValueText(definition, r.customFields[definition.key]);
      if (!text) return null;
      if (definition.type === 'select' || definition.type === 'multi_select') {
        return (
          <span className={styles.chips}>
            {text.split(', ').map((t) => (
              <span key={t} className="badge">
                {t}
              </span>
            ))}
          </span>
        );
      }
      return definition.type === 'number' || definition.type === 'currency' ? <span className={styles.number}>{text}</span> : text;
    },
    text: (r) => customValueText(definition, r.customFields[definition.key]),
    edit: customEdit(definition),
  };
}

/** Every column an object offers, built-in first, then its custom fields. */
export function allColumns(object: TableObject, customFields: CustomFieldDefinition[]): ColumnDef[] {
  const builtIn = (object === 'contacts' ? contactColumns() : object === 'companies' ? companyColumns() : dealColumns()) as unknown as ColumnDef[];
  return [...builtIn, ...customFields.filter((d) => d.object === object).map(customColumn)];
}

/** The columns shown before the user chooses: the ones that tell records apart at a glance. */
export const defaultColumns: Record<TableObject, string[]> = {
  contacts: ['name', 'emails', 'phones', 'title', 'companyId', 'lifecycleStage', 'ownerId', 'createdAt'],
  companies: ['name', 'domain', 'industry', 'size', 'createdAt'],
  deals: ['name', 'amount', 'stageId', 'closeDate', 'companyId'],
};

export const objectLabels: Record<TableObject, { plural: string; singular: string; title: string }> = {
  contacts: { plural: 'contacts', singular: 'contact', title: 'Contacts' },
  companies: { plural: 'companies', singular: 'company', title: 'Companies' },
  deals: { plural: 'deals', singular: 'deal', title: 'Deals' },
};

/** The name a record goes by in messages ("Ada Lovelace", "Acme"). */
export function recordLabel(object: TableObject, record: TableRecord): string {
  if (object === 'contacts') return contactName(record as Contact);
  return (record as Company | Deal).name;
}
