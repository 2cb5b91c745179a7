'use client';

import { useEffect, useId, useState } from 'react';
import { Alert, Dialog } from '@/components/ui';
import { api, errorMessage } from '@/lib/api';
import { contactName, type Company, type Contact } from '@/lib/records';
import type { Page } from '@/lib/types';
import type { SaveResult } from './use-record';
import styles from './record.module.css';

export interface PickedRecord {
  id: string;
  label: string;
  detail: string;
}

const companyRow = (c: Company): PickedRecord => ({ id: c.id, label: c.name, detail: c.domain ?? '' });
const contactRow = (c: Contact): PickedRecord => ({ id: c.id, label: contactName(c), detail: [c.title, c.emails[0]].filter(Boolean).join(' · ') });

/** Companies or contacts matching the words typed, by name (and, for contacts, first or last name). */
async function searchRecords(object: 'companies' | 'contacts', text: string, signal: AbortSignal): Promise<PickedRecord[]> {
  const q = text.trim();
  if (object === 'companies') {
    const page = await api<Page<Company>>('/api/v1/companies', {
      signal,
      query: { limit: 12, sort: q ? 'name' : '-updatedAt', filter: q ? JSON.stringify({ name: { contains: q } }) : undefined },
    });
    return page.data.map(companyRow);
  }
  if (!q) return (await api<Page<Contact>>('/api/v1/contacts', { signal, query: { limit: 12, sort: '-updatedAt' } })).data.map(contactRow);
  const [first, ...rest] = q.split(/\s+/);
  const filters =
    rest.length > 0
      ? [{ firstName: { contains: first }, lastName: { contains: rest.join(' ') } }]
      : [{ firstName: { contains: q } }, { lastName: { contains: q } }, { emails: { contains: q.toLowerCase() } }];
  const pages = await Promise.all(filters.map((filter) => api<Page<Contact>>('/api/v1/contacts', { signal, query: { limit: 12, sort: 'lastName', filter: JSON.stringify(filter) } })));
  const seen = new Set<string>();
  const out: PickedRecord[] = [];
  for (const c of pages.flatMap((p) => p.data)) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(contactRow(c));
  }
  return out.slice(0, 12);
}

/** A dialog to find a company or a contact by name and choose it. */
export function RecordPicker({
  object,
  title,
  exclude = [],
  onPick,
  onClose,
}: {
  object: 'companies' | 'contacts';
  title: string;
  exclude?: readonly string[];
  onPick: (record: PickedRecord) => Promise<SaveResult>;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PickedRecord[] | null>(null);
  const [searchError, setSearchError] = useState<string>();
  const [pickError, setPickError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const id = useId();
  const noun = object === 'companies' ? 'companies' : 'contacts';

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchRecords(object, query, controller.signal).then(
        (list) => {
          setResults(list);
          setSearchError(undefined);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setSearchError(errorMessage(error));
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [object, query]);

  async function pick(record: PickedRecord) {
    setBusy(record.id);
    setPickError(undefined);
    const result = await onPick(record);
    setBusy(undefined);
    if (result.ok) onClose();
    else setPickError(result.message);
  }

  const shown = results?.filter((r) => !exclude.includes(r.id)) ?? null;
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="field">
        <label htmlFor={`${id}-q`}>Search {noun}</label>
        <input id={`${id}-q`} className="input" type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={object === 'companies' ? 'Company name' : 'Name or email'} />
      </div>
      {pickError ? <Alert>{pickError}</Alert> : null}
      {searchError ? <Alert>{searchError}</Alert> : null}
      <div aria-live="polite" className="visually-hidden">
        {shown ? `${shown.length} ${shown.length === 1 ? 'result' : 'results'}` : ''}
      </div>
      {shown === null ? (
        <div className="skeleton" style={{ width: '70%', margin: '12px 0' }} />
      ) : shown.length === 0 ? (
        <p className="muted">No {noun} match “{query.trim()}”.</p>
      ) : (
        <ul className={styles.pickList} aria-label={`Matching ${noun}`}>
          {shown.map((r) => (
            <li key={r.id}>
              <button type="button" className={styles.pickItem} disabled={busy !== undefined} onClick={() => void pick(r)}>
                <span className={styles.pickLabel}>{r.label}</span>
                {r.detail ? <span className="faint">{r.detail}</span> : null}
                {busy === r.id ? <span className="faint">Saving…</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
