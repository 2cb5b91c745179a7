'use client';

import { useId, useState } from 'react';
import { useApi } from '@/lib/use-api';
import type { Address, Company, Contact, CustomFieldDefinition, Deal } from '@/lib/records';
import { checkUrl, fieldMessage, type FieldKind } from './field-values';
import { InlineField, type Choice } from './inline-field';
import { ListField } from './list-field';
import { memberName, useRecordPage } from './record-context';
import type { RecordObject, SaveResult } from './use-record';
import styles from './record.module.css';

type Save = (patch: Record<string, unknown>) => Promise<SaveResult>;

const lifecycleStages = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer'];
const leadSources = ['website', 'referral', 'event', 'outbound', 'partner'];
const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'];

function OwnerField({ ownerId, save }: { ownerId: string | null; save: Save }) {
  const { members, meId, canEdit } = useRecordPage();
  const choices: Choice[] = members.map((m) => ({ value: m.userId, label: memberName(members, m.userId, meId) }));
  if (ownerId && !members.some((m) => m.userId === ownerId)) choices.push({ value: ownerId, label: 'Former member' });
  return <InlineField label="Owner" path="ownerId" kind="select" value={ownerId} choices={choices} canEdit={canEdit} onSave={(v) => save({ ownerId: v })} placeholder="No owner" />;
}

export function ContactFields({ contact, save }: { contact: Contact; save: Save }) {
  const { canEdit } = useRecordPage();
  return (
    <section className={`card ${styles.section}`} aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <div className={styles.fields}>
        <InlineField label="First name" path="firstName" kind="text" value={contact.firstName} canEdit={canEdit} onSave={(v) => save({ firstName: v })} />
        <InlineField label="Last name" path="lastName" kind="text" value={contact.lastName} canEdit={canEdit} onSave={(v) => save({ lastName: v })} />
        <ListField label="Emails" itemLabel="email" path="emails" kind="email" values={contact.emails} canEdit={canEdit} onSave={(next) => save({ emails: next })} />
        <ListField label="Phones" itemLabel="phone" path="phones" kind="phone" values={contact.phones} canEdit={canEdit} onSave={(next) => save({ phones: next })} />
        <InlineField label="Title" path="title" kind="text" value={contact.title} canEdit={canEdit} onSave={(v) => save({ title: v })} />
        <InlineField label="Lifecycle stage" path="lifecycleStage" kind="text" value={contact.lifecycleStage} suggestions={lifecycleStages} canEdit={canEdit} onSave={(v) => save({ lifecycleStage: v })} />
        <InlineField label="Lead source" path="leadSource" kind="text" value={contact.leadSource} suggestions={leadSources} canEdit={canEdit} onSave={(v) => save({ leadSource: v })} />
        <ListField label="Tags" itemLabel="tag" path="tags" kind="tag" values={contact.tags} canEdit={canEdit} onSave={(next) => save({ tags: next })} />
        <OwnerField ownerId={contact.ownerId} save={save} />
      </div>
      <AddressFields address={contact.address} save={save} />
    </section>
  );
}

export function CompanyFields({ company, save }: { company: Company; save: Save }) {
  const { canEdit } = useRecordPage();
  return (
    <section className={`card ${styles.section}`} aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <div className={styles.fields}>
        <InlineField label="Name" path="name" kind="text" required value={company.name} canEdit={canEdit} onSave={(v) => save({ name: v })} />
        <InlineField label="Domain" path="domain" kind="text" value={company.domain} placeholder="example.com" canEdit={canEdit} onSave={(v) => save({ domain: typeof v === 'string' ? v.toLowerCase() : v })} />
        <InlineField label="Website" path="website" kind="url" value={company.website} canEdit={canEdit} onSave={(v) => save({ website: v })} />
        <InlineField label="Industry" path="industry" kind="text" value={company.industry} canEdit={canEdit} onSave={(v) => save({ industry: v })} />
        <InlineField label="Size" path="size" kind="text" value={company.size} suggestions={companySizes} canEdit={canEdit} onSave={(v) => save({ size: v })} />
        <ListField label="Tags" itemLabel="tag" path="tags" kind="tag" values={company.tags} canEdit={canEdit} onSave={(next) => save({ tags: next })} />
        <OwnerField ownerId={company.ownerId} save={save} />
      </div>
      <SocialLinks links={company.socialLinks} save={save} />
      <AddressFields address={company.address} save={save} />
    </section>
  );
}

export function DealFields({ deal, save }: { deal: Deal; save: Save }) {
  const { canEdit, pipelines } = useRecordPage();
  const pipelineChoices: Choice[] = pipelines.map((p) => ({ value: p.id, label: p.name }));
  return (
    <section className={`card ${styles.section}`} aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <div className={styles.fields}>
        <InlineField label="Name" path="name" kind="text" required value={deal.name} canEdit={canEdit} onSave={(v) => save({ name: v })} />
        <InlineField label="Amount" path="amount" kind="money" currency={deal.currency} value={deal.amount} canEdit={canEdit} onSave={(v) => save({ amount: v })} />
        <InlineField label="Currency" path="currency" kind="currency_code" required value={deal.currency} canEdit={canEdit} onSave={(v) => save({ currency: v })} />
        {pipelines.length > 1 ? (
          <InlineField label="Pipeline" path="pipelineId" kind="select" required value={deal.pipelineId} choices={pipelineChoices} canEdit={canEdit} onSave={(v) => save({ pipelineId: v })} />
        ) : null}
        <InlineField label="Close date" path="closeDate" kind="date" value={deal.closeDate} canEdit={canEdit} onSave={(v) => save({ closeDate: v })} />
        <ListField label="Tags" itemLabel="tag" path="tags" kind="tag" values={deal.tags} canEdit={canEdit} onSave={(next) => save({ tags: next })} />
        <OwnerField ownerId={deal.ownerId} save={save} />
      </div>
    </section>
  );
}

const addressParts: { key: keyof Address; label: string }[] = [
  { key: 'street', label: 'Street' },
  { key: 'street2', label: 'Street (line 2)' },
  { key: 'city', label: 'City' },
  { key: 'region', label: 'Region' },
  { key: 'postalCode', label: 'Postal code' },
  { key: 'country', label: 'Country' },
];

function AddressFields({ address, save }: { address: Address | null; save: Save }) {
  const { canEdit } = useRecordPage();
  return (
    <div className={styles.subsection}>
      <h3>Address</h3>
      <div className={styles.fields}>
        {addressParts.map((part) => (
          <InlineField
            key={part.key}
            label={part.label}
            path={`address.${part.key}`}
            kind="text"
            value={address?.[part.key] ?? null}
            canEdit={canEdit}
            onSave={(v) => save({ address: { ...pickAddress(address), [part.key]: v } })}
          />
        ))}
      </div>
    </div>
  );
}

function pickAddress(address: Address | null): Address {
  const out: Address = {};
  for (const { key } of addressParts) {
    const value = address?.[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

const socialPlatforms = ['linkedin', 'twitter', 'facebook', 'github', 'instagram', 'youtube', 'crunchbase'] as const;
const platformLabels: Record<string, string> = {
  linkedin: 'LinkedIn',
  twitter: 'X / Twitter',
  facebook: 'Facebook',
  github: 'GitHub',
  instagram: 'Instagram',
  youtube: 'YouTube',
  crunchbase: 'Crunchbase',
};

function SocialLinks({ links, save }: { links: Record<string, string>; save: Save }) {
  const { canEdit } = useRecordPage();
  const [platform, setPlatform] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const present = socialPlatforms.filter((p) => typeof links[p] === 'string');
  const missing = socialPlatforms.filter((p) => typeof links[p] !== 'string');
  const chosen = platform || missing[0] || '';

  async function write(next: Record<string, string>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    const result = await save({ socialLinks: next });
    setBusy(false);
    if (!result.ok) setError(fieldMessage(result, 'socialLinks'));
    return result.ok;
  }

  async function add() {
    if (!chosen) return;
    const parsed = checkUrl(url.trim());
    if (!url.trim() || !parsed.ok) {
      setError(parsed.ok ? 'Enter the profile address' : parsed.message);
      return;
    }
    if (await write({ ...links, [chosen]: String(parsed.value) })) {
      setUrl('');
      setPlatform('');
    }
  }

  if (!canEdit && present.length === 0) return null;
  return (
    <div className={styles.subsection}>
      <h3>Social profiles</h3>
      {present.length ? (
        <ul className={styles.plainList}>
          {present.map((p) => (
            <li key={p} className={styles.listItem}>
              <a href={links[p]} target="_blank" rel="noopener noreferrer nofollow" className={styles.linkText}>
                {platformLabels[p]}
              </a>
              {canEdit ? (
                <button
                  type="button"
                  className={styles.remove}
                  disabled={busy}
                  aria-label={`Remove ${platformLabels[p] ?? p} profile`}
                  onClick={() => void write(Object.fromEntries(Object.entries(links).filter(([k]) => k !== p)))}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit && missing.length ? (
        <form
          className={styles.socialAdd}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <label htmlFor={`${id}-platform`} className="visually-hidden">
            Social network
          </label>
          <select id={`${id}-platform`} className="select" value={chosen} onChange={(e) => setPlatform(e.target.value)}>
            {missing.map((p) => (
              <option key={p} value={p}>
                {platformLabels[p]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-url`} className="visually-hidden">
            Profile address
          </label>
          <input
            id={`${id}-url`}
            className="input"
            type="text"
            inputMode="url"
            placeholder="https://…"
            value={url}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setUrl(e.target.value);
              setError(undefined);
            }}
          />
          <button type="submit" className="btn btn-sm" disabled={busy}>
            Add profile
          </button>
        </form>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

const kindOfType: Record<CustomFieldDefinition['type'], FieldKind> = {
  text: 'text',
  number: 'number',
  currency: 'currency',
  date: 'date',
  boolean: 'boolean',
  select: 'select',
  multi_select: 'multi_select',
  url: 'url',
  email: 'email',
  phone: 'phone',
};

/** The workspace's own fields for this kind of record, typed by their definitions. */
export function CustomFields({ object, values, save }: { object: RecordObject; values: Record<string, unknown>; save: Save }) {
  const { canEdit } = useRecordPage();
  const definitions = useApi<{ data: CustomFieldDefinition[] }>('/api/v1/custom-fields', { object });
  if (definitions.status === 'loading') {
    return (
      <section className={`card ${styles.section}`} aria-label="Custom fields" aria-busy="true">
        <h2>Custom fields</h2>
        <div className="skeleton" style={{ width: '60%', marginTop: 12 }} />
      </section>
    );
  }
  if (definitions.status === 'error') {
    return (
      <section className={`card ${styles.section}`} aria-labelledby="custom-heading">
        <h2 id="custom-heading">Custom fields</h2>
        <p className="muted">
          Custom fields could not be loaded.{' '}
          <button type="button" className="btn btn-sm" onClick={definitions.reload}>
            Try again
          </button>
        </p>
      </section>
    );
  }
  const list = definitions.data.data.filter((d) => d.object === object);
  if (list.length === 0) return null;
  return (
    <section className={`card ${styles.section}`} aria-labelledby="custom-heading">
      <h2 id="custom-heading">Custom fields</h2>
      <div className={styles.fields}>
        {list.map((d) => (
          <InlineField
            key={d.id}
            label={d.label}
            path={`customFields.${d.key}`}
            kind={kindOfType[d.type]}
            value={values[d.key] ?? null}
            choices={d.options?.map((o) => ({ value: o, label: o }))}
            canEdit={canEdit}
            onSave={(v) => save({ customFields: { [d.key]: v } })}
          />
        ))}
      </div>
    </section>
  );
}
