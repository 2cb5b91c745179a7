'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, errorMessage } from '@/lib/api';
import { contactName, formatDate, formatMoney, type Company, type Contact, type Deal } from '@/lib/records';
import type { Page } from '@/lib/types';
import { findStage, useRecordPage } from './record-context';
import { RecordPicker, type PickedRecord } from './record-picker';
import type { SaveResult } from './use-record';
import styles from './record.module.css';

type Save = (patch: Record<string, unknown>) => Promise<SaveResult>;

/** A related list page by page; `refreshKey` reloads it from the start when the parent's links change. */
function usePaged<T>(path: string, refreshKey: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [more, setMore] = useState(false);
  const [tick, setTick] = useState(0);
  const pathRef = useRef(path);
  pathRef.current = path;

  useEffect(() => {
    const controller = new AbortController();
    api<Page<T>>(path, { signal: controller.signal, query: { limit: 10 } }).then(
      (page) => {
        setItems(page.data);
        setCursor(page.nextCursor);
        setError(undefined);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      },
    );
    return () => controller.abort();
  }, [path, refreshKey, tick]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setMore(true);
    try {
      const page = await api<Page<T>>(pathRef.current, { query: { limit: 25, cursor } });
      setItems((list) => [...(list ?? []), ...page.data]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setMore(false);
    }
  }, [cursor]);

  const retry = useCallback(() => {
    setError(undefined);
    setTick((t) => t + 1);
  }, []);
  return { items, hasMore: cursor !== null, loadMore, loadingMore: more, error, retry };
}

function RelatedSection({ title, count, action, children }: { title: string; count?: number | undefined; action?: ReactNode; children: ReactNode }) {
  const headingId = `related-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className={`card ${styles.section}`} aria-labelledby={headingId}>
      <div className={styles.sectionHeader}>
        <h2 id={headingId}>
          {title}
          {count !== undefined ? <span className={`badge ${styles.count}`}>{count}</span> : null}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

function PagedList<T extends { id: string }>({ list, empty, render }: { list: ReturnType<typeof usePaged<T>>; empty: string; render: (item: T) => ReactNode }) {
  if (list.error && list.items === null) {
    return (
      <p className="muted" role="alert">
        {list.error}{' '}
        <button type="button" className="btn btn-sm" onClick={list.retry}>
          Try again
        </button>
      </p>
    );
  }
  if (list.items === null) return <div className="skeleton" style={{ width: '70%', marginTop: 8 }} aria-label="Loading" />;
  if (list.items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      <ul className={styles.relatedList}>
        {list.items.map((item) => (
          <li key={item.id}>{render(item)}</li>
        ))}
      </ul>
      {list.error ? <p className="field-error">{list.error}</p> : null}
      {list.hasMore ? (
        <button type="button" className="btn btn-sm" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
          {list.loadingMore ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
    </>
  );
}

function DealRow({ deal }: { deal: Deal }) {
  const { pipelines } = useRecordPage();
  const found = findStage(pipelines, deal.stageId);
  return (
    <div className={styles.relatedRow}>
      <Link href={`/deals/${deal.id}`} className={styles.relatedName}>
        {deal.name}
      </Link>
      <span className={styles.relatedMeta}>
        {deal.amount ? <span>{formatMoney(deal.amount, deal.currency, { compact: true })}</span> : null}
        {found ? <span className={`badge ${styles[`stage_${found.stage.type}`] ?? ''}`}>{found.stage.name}</span> : null}
        {deal.closeDate ? <span className="faint">closes {formatDate(deal.closeDate)}</span> : null}
      </span>
    </div>
  );
}

function ContactRow({ contact, action }: { contact: Contact; action?: ReactNode }) {
  return (
    <div className={styles.relatedRow}>
      <Link href={`/contacts/${contact.id}`} className={styles.relatedName}>
        {contactName(contact)}
      </Link>
      <span className={styles.relatedMeta}>
        {contact.title ? <span>{contact.title}</span> : null}
        {contact.emails[0] ? <span className="faint">{contact.emails[0]}</span> : null}
        {action}
      </span>
    </div>
  );
}

/** The company a contact or deal belongs to, with a picker to change it. */
export function CompanyLink({ companyId, company, onChange, title = 'Company' }: { companyId: string | null; company: Company | null | undefined; onChange: (next: PickedRecord | null) => Promise<SaveResult>; title?: string }) {
  const { canEdit } = useRecordPage();
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => setPicking(false), []);
  async function remove() {
    setBusy(true);
    setError(undefined);
    const result = await onChange(null);
    setBusy(false);
    if (!result.ok) setError(result.message);
  }
  return (
    <RelatedSection
      title={title}
      action={
        canEdit ? (
          <button type="button" className="btn btn-sm" onClick={() => setPicking(true)}>
            {companyId ? 'Change company' : 'Add company'}
          </button>
        ) : null
      }
    >
      {!companyId ? (
        <p className="muted">No company.</p>
      ) : company === undefined ? (
        <div className="skeleton" style={{ width: '50%', marginTop: 8 }} aria-label="Loading" />
      ) : company === null ? (
        <p className="muted">The company could not be shown (it may have been deleted).</p>
      ) : (
        <div className={styles.relatedRow}>
          <Link href={`/companies/${company.id}`} className={styles.relatedName}>
            {company.name}
          </Link>
          <span className={styles.relatedMeta}>
            {company.domain ? <span className="faint">{company.domain}</span> : null}
            {company.industry ? <span>{company.industry}</span> : null}
            {canEdit ? (
              <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => void remove()} aria-label={`Remove company ${company.name}`}>
                Remove
              </button>
            ) : null}
          </span>
        </div>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {picking ? <RecordPicker object="companies" title={companyId ? 'Change company' : 'Add company'} exclude={companyId ? [companyId] : []} onPick={onChange} onClose={close} /> : null}
    </RelatedSection>
  );
}

export function ContactRelated({ contact, company, save }: { contact: Contact; company: Company | null | undefined; save: Save }) {
  const deals = usePaged<Deal>(`/api/v1/contacts/${contact.id}/deals`, contact.dealIds.join(','));
  const changeCompany = useCallback(
    (next: PickedRecord | null) => {
      // The primary company moves: the old one leaves the contact's companies, the new one joins them.
      const others = contact.companyIds.filter((id) => id !== contact.companyId);
      return save(next ? { companyId: next.id, companyIds: [...others.filter((id) => id !== next.id), next.id] } : { companyId: null, companyIds: others });
    },
    [contact.companyId, contact.companyIds, save],
  );
  return (
    <>
      <CompanyLink companyId={contact.companyId} company={company} onChange={changeCompany} />
      <RelatedSection title="Deals" count={deals.items && !deals.hasMore ? deals.items.length : undefined}>
        <PagedList list={deals} empty="No deals yet." render={(d) => <DealRow deal={d} />} />
      </RelatedSection>
    </>
  );
}

export function CompanyRelated({ company }: { company: Company }) {
  const contacts = usePaged<Contact>(`/api/v1/companies/${company.id}/contacts`, '');
  const deals = usePaged<Deal>(`/api/v1/companies/${company.id}/deals`, '');
  return (
    <>
      <RelatedSection title="Contacts" count={contacts.items && !contacts.hasMore ? contacts.items.length : undefined}>
        <PagedList list={contacts} empty="No contacts at this company yet." render={(c) => <ContactRow contact={c} />} />
      </RelatedSection>
      <RelatedSection title="Deals" count={deals.items && !deals.hasMore ? deals.items.length : undefined}>
        <PagedList list={deals} empty="No deals with this company yet." render={(d) => <DealRow deal={d} />} />
      </RelatedSection>
    </>
  );
}

export function DealRelated({ deal, company, save }: { deal: Deal; company: Company | null | undefined; save: Save }) {
  const { canEdit } = useRecordPage();
  const contacts = usePaged<Contact>(`/api/v1/deals/${deal.id}/contacts`, deal.contactIds.join(','));
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string>();
  const close = useCallback(() => setPicking(false), []);
  const changeCompany = useCallback((next: PickedRecord | null) => save({ companyId: next ? next.id : null }), [save]);
  const addContact = useCallback((picked: PickedRecord) => save({ contactIds: [...deal.contactIds.filter((id) => id !== picked.id), picked.id] }), [deal.contactIds, save]);

  async function removeContact(contact: Contact) {
    setError(undefined);
    const result = await save({ contactIds: deal.contactIds.filter((id) => id !== contact.id) });
    if (!result.ok) setError(result.message);
  }

  return (
    <>
      <CompanyLink companyId={deal.companyId} company={company} onChange={changeCompany} />
      <RelatedSection
        title="Contacts"
        count={deal.contactIds.length}
        action={
          canEdit ? (
            <button type="button" className="btn btn-sm" onClick={() => setPicking(true)}>
              Add contact
            </button>
          ) : null
        }
      >
        <PagedList
          list={contacts}
          empty="No contacts on this deal yet."
          render={(c) => (
            <ContactRow
              contact={c}
              action={
                canEdit ? (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => void removeContact(c)} aria-label={`Remove ${contactName(c)} from this deal`}>
                    Remove
                  </button>
                ) : null
              }
            />
          )}
        />
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </RelatedSection>
      {picking ? <RecordPicker object="contacts" title="Add a contact to this deal" exclude={deal.contactIds} onPick={addContact} onClose={close} /> : null}
    </>
  );
}
