'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ErrorState } from '@/components/ui';
import { Timeline } from '@/components/timeline/timeline';
import { api } from '@/lib/api';
import { contactName, type Company, type Contact, type Deal, type Member, type Pipeline } from '@/lib/records';
import { useMe } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { AiPanel } from './ai-panel';
import { RecordPageContext, useRecordPage, type RecordPageData } from './record-context';
import { CompanyFields, ContactFields, CustomFields, DealFields } from './record-fields';
import { CompanyHeader, ContactHeader, DealHeader } from './record-header';
import { CompanyRelated, ContactRelated, DealRelated } from './related';
import { singularOf, useRecord, type RecordObject, type RecordState } from './use-record';
import styles from './record.module.css';

const listLabels: Record<RecordObject, string> = { contacts: 'contacts', companies: 'companies', deals: 'deals' };

/** The real id of a prebuilt shell page: the segment after the object in the address, never the `_` it was built with. */
export function idFromPath(pathname: string | null, object: RecordObject): string {
  const segments = (pathname ?? '').split('/').filter(Boolean);
  const at = segments.indexOf(object);
  const raw = at >= 0 ? (segments[at + 1] ?? '') : '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return '';
  }
}

/**
 * `/contacts/<id>`, `/companies/<id>` and `/deals/<id>`: the header, every
 * field editable in place, related records and the activity timeline.
 */
export function RecordPage({ object }: { object: RecordObject }) {
  const pathname = usePathname();
  const id = idFromPath(pathname, object);
  const me = useMe();
  const members = useApi<{ data: Member[] }>('/api/v1/members');
  const pipelines = useApi<{ data: Pipeline[] }>('/api/v1/pipelines');
  const data = useMemo<RecordPageData>(
    () => ({
      members: members.data?.data ?? [],
      pipelines: pipelines.data?.data ?? [],
      meId: me.user.id,
      canEdit: me.workspace.role !== 'read_only',
    }),
    [members.data, pipelines.data, me.user.id, me.workspace.role],
  );
  return (
    <RecordPageContext.Provider value={data}>
      <div className={`page ${styles.page}`}>
        {object === 'contacts' ? <ContactView key={id} id={id} /> : object === 'companies' ? <CompanyView key={id} id={id} /> : <DealView key={id} id={id} />}
      </div>
    </RecordPageContext.Provider>
  );
}

function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} · NexusCRM`;
  }, [title]);
}

/** The company a contact or deal points at: undefined while it loads, null when it cannot be read. */
function useLinkedCompany(companyId: string | null | undefined): Company | null | undefined {
  const [loaded, setLoaded] = useState<{ id: string; company: Company | null }>();
  useEffect(() => {
    if (!companyId) return undefined;
    const controller = new AbortController();
    api<Company>(`/api/v1/companies/${companyId}`, { signal: controller.signal }).then(
      (company) => setLoaded({ id: companyId, company }),
      () => {
        if (!controller.signal.aborted) setLoaded({ id: companyId, company: null });
      },
    );
    return () => controller.abort();
  }, [companyId]);
  return companyId && loaded?.id === companyId ? loaded.company : undefined;
}

function ContactView({ id }: { id: string }) {
  const { state, reload, save, remove } = useRecord<Contact>('contacts', id);
  const record = state.status === 'ready' ? state.record : undefined;
  const company = useLinkedCompany(record?.companyId);
  useDocumentTitle(record ? contactName(record) : undefined);
  if (!record) return <NotReady object="contacts" state={state} reload={reload} />;
  return (
    <Layout
      object="contacts"
      record={record}
      header={<ContactHeader contact={record} company={company} onDelete={remove} />}
      fields={<ContactFields contact={record} save={save} />}
      custom={<CustomFields object="contacts" values={record.customFields} save={save} />}
      related={<ContactRelated contact={record} company={company} save={save} />}
    />
  );
}

function CompanyView({ id }: { id: string }) {
  const { state, reload, save, remove } = useRecord<Company>('companies', id);
  const record = state.status === 'ready' ? state.record : undefined;
  useDocumentTitle(record?.name);
  if (!record) return <NotReady object="companies" state={state} reload={reload} />;
  return (
    <Layout
      object="companies"
      record={record}
      header={<CompanyHeader company={record} onDelete={remove} />}
      fields={<CompanyFields company={record} save={save} />}
      custom={<CustomFields object="companies" values={record.customFields} save={save} />}
      related={<CompanyRelated company={record} />}
    />
  );
}

function DealView({ id }: { id: string }) {
  const { state, reload, save, remove } = useRecord<Deal>('deals', id);
  const record = state.status === 'ready' ? state.record : undefined;
  const company = useLinkedCompany(record?.companyId);
  useDocumentTitle(record?.name);
  if (!record) return <NotReady object="deals" state={state} reload={reload} />;
  return (
    <Layout
      object="deals"
      record={record}
      header={<DealHeader deal={record} company={company} save={save} onDelete={remove} />}
      fields={<DealFields deal={record} save={save} />}
      custom={<CustomFields object="deals" values={record.customFields} save={save} />}
      related={<DealRelated deal={record} company={company} save={save} />}
    />
  );
}

function Layout({ object, record, header, fields, custom, related }: { object: RecordObject; record: { id: string; version: number }; header: ReactNode; fields: ReactNode; custom: ReactNode; related: ReactNode }) {
  const { members, meId, canEdit } = useRecordPage();
  return (
    <>
      {header}
      <div className={styles.layout}>
        <div className={styles.side}>
          {fields}
          {custom}
          {related}
          <AiPanel object={object} id={record.id} version={record.version} />
        </div>
        <div className={styles.main}>
          <Timeline object={object} recordId={record.id} members={members} meId={meId} canEdit={canEdit} />
        </div>
      </div>
    </>
  );
}

function NotReady<T>({ object, state, reload }: { object: RecordObject; state: RecordState<T>; reload: () => void }) {
  const singular = singularOf[object];
  if (state.status === 'not_found') {
    return (
      <div className={`state ${styles.notFound}`}>
        <h1>This {singular} doesn’t exist or was deleted</h1>
        <div>The link may be wrong, or someone deleted it. Deleted records can be restored from the trash by an admin.</div>
        <Link href={`/${object}`} className="btn">
          Back to {listLabels[object]}
        </Link>
      </div>
    );
  }
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={reload} />;
  return <RecordSkeleton singular={singular} />;
}

function RecordSkeleton({ singular }: { singular: string }) {
  return (
    <div role="status" aria-label={`Loading ${singular}`} aria-busy="true">
      <div className={styles.header}>
        <div className="skeleton" style={{ width: 90, height: 12, marginBottom: 12 }} />
        <div className="skeleton" style={{ width: 'min(320px, 70%)', height: 24, marginBottom: 10 }} />
        <div className="skeleton" style={{ width: 'min(420px, 90%)', height: 14 }} />
      </div>
      <div className={styles.layout}>
        <div className={styles.side}>
          <div className={`card ${styles.section}`}>
            {[70, 55, 80, 60, 75, 50].map((w, i) => (
              <div key={i} className={styles.skeletonRow}>
                <div className="skeleton" style={{ width: 80 }} />
                <div className="skeleton" style={{ width: `${w}%` }} />
              </div>
            ))}
          </div>
        </div>
        <div className={styles.main}>
          <div className="card" style={{ height: 180 }}>
            <div className="skeleton" style={{ width: '50%', marginBottom: 16 }} />
            <div className="skeleton" style={{ width: '100%', height: 80 }} />
          </div>
        </div>
      </div>
    </div>
  );
}
