'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useId, useState, type ReactNode } from 'react';
import { Alert, Dialog, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { contactName, formatDate, formatMoney, type Company, type Contact, type Deal } from '@/lib/records';
import { findStage, memberName, useRecordPage } from './record-context';
import { safeHref } from './field-values';
import { singularOf, type RecordObject, type SaveResult } from './use-record';
import styles from './record.module.css';

const listLabels: Record<RecordObject, string> = { contacts: 'Contacts', companies: 'Companies', deals: 'Deals' };

function HeaderFrame({ object, title, facts, ownerId, extra, onDelete }: { object: RecordObject; title: string; facts: ReactNode[]; ownerId: string | null; extra?: ReactNode; onDelete: () => Promise<void> }) {
  const { members, meId, canEdit } = useRecordPage();
  const [confirming, setConfirming] = useState(false);
  const close = useCallback(() => setConfirming(false), []);
  const owner = memberName(members, ownerId, meId);
  const shown = facts.filter(Boolean);
  return (
    <header className={styles.header}>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href={`/${object}`}>{listLabels[object]}</Link>
        <span aria-hidden="true"> / </span>
      </nav>
      <div className={styles.headerMain}>
        <div className={styles.headerText}>
          <h1 className={styles.title}>{title}</h1>
          {shown.length ? (
            <ul className={styles.facts} aria-label="Key facts">
              {shown.map((fact, i) => (
                <li key={i}>{fact}</li>
              ))}
            </ul>
          ) : null}
          <p className={styles.owner}>
            <span className="faint">Owner</span> {owner || <span className="faint">No owner</span>}
          </p>
        </div>
        <div className={styles.headerActions}>
          {extra}
          {canEdit ? (
            <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
              Delete
            </button>
          ) : null}
        </div>
      </div>
      {confirming ? <DeleteDialog object={object} name={title} onDelete={onDelete} onClose={close} /> : null}
    </header>
  );
}

function DeleteDialog({ object, name, onDelete, onClose }: { object: RecordObject; name: string; onDelete: () => Promise<void>; onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const singular = singularOf[object];
  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
      toast(`${singular.charAt(0).toUpperCase()}${singular.slice(1)} deleted`);
      router.push(`/${object}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }
  return (
    <Dialog title={`Delete this ${singular}?`} onClose={onClose}>
      <p>
        <strong>{name}</strong> moves to the trash{object === 'companies' ? '; its contacts and deals stay' : ''}. An admin can restore it later.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void confirm()}>
          {busy ? 'Deleting…' : `Delete ${singular}`}
        </button>
      </div>
    </Dialog>
  );
}

function CompanyFact({ company }: { company: Company | null | undefined }) {
  if (!company) return null;
  return <Link href={`/companies/${company.id}`}>{company.name}</Link>;
}

export function ContactHeader({ contact, company, onDelete }: { contact: Contact; company: Company | null | undefined; onDelete: () => Promise<void> }) {
  const email = contact.emails[0];
  return (
    <HeaderFrame
      object="contacts"
      title={contactName(contact)}
      ownerId={contact.ownerId}
      onDelete={onDelete}
      facts={[
        contact.title ? <span>{contact.title}</span> : null,
        contact.companyId ? <CompanyFact company={company} /> : null,
        email && contactName(contact) !== email ? <a href={`mailto:${email}`}>{email}</a> : null,
      ]}
    />
  );
}

export function CompanyHeader({ company, onDelete }: { company: Company; onDelete: () => Promise<void> }) {
  const site = safeHref('url', company.website);
  return (
    <HeaderFrame
      object="companies"
      title={company.name}
      ownerId={company.ownerId}
      onDelete={onDelete}
      facts={[
        company.domain ? (
          site ? (
            <a href={site} target="_blank" rel="noopener noreferrer nofollow">
              {company.domain}
            </a>
          ) : (
            <span>{company.domain}</span>
          )
        ) : null,
        company.industry ? <span>{company.industry}</span> : null,
        company.size ? <span>{company.size} employees</span> : null,
      ]}
    />
  );
}

export function DealHeader({ deal, company, save, onDelete }: { deal: Deal; company: Company | null | undefined; save: (patch: Record<string, unknown>) => Promise<SaveResult>; onDelete: () => Promise<void> }) {
  const { pipelines } = useRecordPage();
  const found = findStage(pipelines, deal.stageId);
  return (
    <HeaderFrame
      object="deals"
      title={deal.name}
      ownerId={deal.ownerId}
      onDelete={onDelete}
      extra={<StageSelect deal={deal} save={save} />}
      facts={[
        deal.amount ? <strong>{formatMoney(deal.amount, deal.currency)}</strong> : <span className="faint">No amount</span>,
        found ? <span className={`badge ${styles[`stage_${found.stage.type}`] ?? ''}`}>{found.stage.name}</span> : null,
        deal.closeDate ? <span>Closes {formatDate(deal.closeDate)}</span> : null,
        deal.companyId ? <CompanyFact company={company} /> : null,
      ]}
    />
  );
}

function StageSelect({ deal, save }: { deal: Deal; save: (patch: Record<string, unknown>) => Promise<SaveResult> }) {
  const { pipelines, canEdit } = useRecordPage();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();
  const pipeline = pipelines.find((p) => p.id === deal.pipelineId);
  if (!pipeline || !canEdit) return null;
  async function change(stageId: string) {
    setBusy(true);
    setError(undefined);
    const result = await save({ stageId });
    setBusy(false);
    if (result.ok) toast(`Moved to ${pipeline?.stages.find((s) => s.id === stageId)?.name ?? 'the new stage'}`);
    else setError(result.message);
  }
  return (
    <div className={styles.stageSelect}>
      <label htmlFor={id}>Stage</label>
      <select id={id} className="select" value={deal.stageId} disabled={busy} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => void change(e.target.value)}>
        {pipeline.stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
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
