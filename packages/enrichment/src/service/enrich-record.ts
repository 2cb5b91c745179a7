import type { ApiRecord, FieldProvenance, RecordService } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import { isAppError, type AuthContext, type Clock } from '@nexus/platform';
import type { EnrichmentOutcome, Enricher, ProviderAttempt } from '../enricher/create-enricher';
import type { CompanyFields, CurrentValues, FieldCandidates, PersonFields } from '../fields';
import { isRecord } from '../internal/text';
import { normaliseEmail } from '../normalise/email';
import { normalisePhone } from '../normalise/phone';
import { normaliseDomain, normaliseUrl } from '../normalise/url';
import { proposeChanges } from '../propose-changes';
import type { Sourced } from '../provenance';
import { parseSignature } from '../signature/parse-signature';
import { contactCandidatesFromSignature } from '../signature/signature-candidates';
import { fetchCompanyMetadata } from '../website/fetch-company-metadata';
import { readProvenance, saveProvenance, type StoredProvenance } from './provenance-store';

export type EnrichSource = 'website' | 'signature' | 'providers';

export interface WebsiteFetchOptions {
  /** Reach private, loopback and link-local addresses and any port (on-premise installs, tests). */
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string | undefined;
}

export interface EnrichRecordDeps {
  db: Database;
  records: RecordService;
  clock: Clock;
  /** Paid providers behind the cache and credit ledger; undefined when none is configured. */
  enricher: Enricher | undefined;
  website: WebsiteFetchOptions;
  defaultCountry: string;
  /** Latest email activities whose signatures are read. */
  signatureActivities?: number;
}

export type SourceReport =
  | { source: 'website'; status: 'fetched' | 'failed' | 'skipped'; url?: string; reason?: string; detail?: string }
  | { source: 'signature'; status: 'found' | 'not_found' | 'skipped'; activityId?: string; reason?: string }
  | {
      source: 'providers';
      status: EnrichmentOutcome<unknown>['status'] | 'failed' | 'not_configured' | 'skipped';
      matchedBy?: string;
      creditsSpent: number;
      attempts: ProviderAttempt[];
    };

export interface FilledField {
  field: string;
  value: unknown;
  previous: unknown;
  kind: 'fill' | 'append' | 'merge';
  source: string;
  confidence: number;
  at: string;
}

export interface ConflictingField {
  field: string;
  current: unknown;
  proposed: unknown;
  source: string;
  confidence: number;
  at: string;
}

export interface EnrichResult {
  record: ApiRecord;
  /** Empty fields filled, lists extended: written, with their provenance. */
  filled: FilledField[];
  /** A source disagrees with a value the record holds: reported, never written. */
  conflicts: ConflictingField[];
  sources: SourceReport[];
  /** Every field's provenance after the enrichment. */
  provenance: Record<string, StoredProvenance>;
}

type EnrichObject = 'companies' | 'contacts';

/** Fields stored on the record; everything else a source offers is kept beside it, in its provenance. */
const columns: Record<EnrichObject, ReadonlySet<string>> = {
  companies: new Set(['name', 'domain', 'website', 'industry', 'size', 'address', 'socialLinks']),
  contacts: new Set(['firstName', 'lastName', 'emails', 'phones', 'title', 'address']),
};
const besides: Record<EnrichObject, readonly string[]> = {
  companies: ['description', 'logoUrl', 'foundedYear', 'employeeCount', 'phone', 'email', 'timeZone'],
  contacts: ['socialLinks', 'companyName', 'companyDomain', 'timeZone'],
};
/** Worth paying a provider for: when all are filled, no credits are spent. */
const companyWanted: Array<keyof CompanyFields> = ['domain', 'website', 'industry', 'size', 'address', 'socialLinks', 'description'];
const personWanted: Array<keyof PersonFields> = ['firstName', 'lastName', 'emails', 'phones', 'title', 'address', 'socialLinks'];
const maxValueChars = 10_000;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function currentValues(object: EnrichObject, record: ApiRecord, provenance: Record<string, StoredProvenance>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of columns[object]) out[field] = record[field] ?? null;
  for (const field of besides[object]) out[field] = provenance[field]?.value ?? null;
  return out;
}

/** Drops offers our own write path would refuse (an invalid phone from a provider must not fail the user's request). */
function usable(candidates: FieldCandidates<object>): Record<string, Sourced<unknown>> {
  const out: Record<string, Sourced<unknown>> = {};
  for (const [field, offer] of Object.entries(candidates as Record<string, Sourced<unknown> | undefined>)) {
    if (!offer || JSON.stringify(offer.value ?? null).length > maxValueChars) continue;
    let value: unknown = offer.value;
    if (field === 'emails' && Array.isArray(value)) value = value.filter((v): v is string => typeof v === 'string' && normaliseEmail(v).valid);
    if (field === 'phones' && Array.isArray(value)) value = value.filter((v): v is string => typeof v === 'string' && normalisePhone(v).valid);
    if (field === 'website' && !(typeof value === 'string' && normaliseUrl(value).valid)) continue;
    if (field === 'domain' && !(typeof value === 'string' && normaliseDomain(value).valid)) continue;
    if (field === 'address' && !isRecord(value)) continue;
    out[field] = { value, provenance: offer.provenance };
  }
  return out;
}

/** An enricher outcome's proposals back as offers, so they are weighed with the free sources in one pass. */
function offersOf<T>(outcome: EnrichmentOutcome<T>): Record<string, Sourced<unknown>> {
  const out: Record<string, Sourced<unknown>> = {};
  for (const change of outcome.changes) out[String(change.field)] = { value: change.value, provenance: change.provenance };
  for (const conflict of outcome.conflicts) out[String(conflict.field)] = { value: conflict.proposed, provenance: conflict.provenance };
  return out;
}

async function askProviders<T>(run: () => Promise<EnrichmentOutcome<T>>, offers: Array<Record<string, Sourced<unknown>>>): Promise<SourceReport> {
  try {
    const outcome = await run();
    offers.push(usable(offersOf(outcome)));
    return { source: 'providers', status: outcome.status, creditsSpent: outcome.creditsSpent, attempts: outcome.attempts, ...(outcome.matchedBy ? { matchedBy: outcome.matchedBy } : {}) };
  } catch (error) {
    // Every provider failed (outage, bad key): the free sources still count, and the report says why.
    if (!isAppError(error) || error.kind !== 'operational') throw error;
    const attempts = isRecord(error.details) && Array.isArray(error.details.attempts) ? (error.details.attempts as ProviderAttempt[]) : [];
    return { source: 'providers', status: 'failed', creditsSpent: 0, attempts };
  }
}

/** The signature belongs to the contact: its email is theirs, or it carries their name (not the CRM user's own signature). */
function signatureIsTheirs(record: ApiRecord, signature: ReturnType<typeof parseSignature>): boolean {
  const emails = Array.isArray(record.emails) ? (record.emails as string[]) : [];
  const email = signature.email?.value.toLowerCase();
  if (email && emails.includes(email)) return true;
  const name = [text(record.firstName), text(record.lastName)].filter(Boolean).join(' ').toLowerCase();
  return name !== '' && signature.name?.value.toLowerCase() === name;
}

/**
 * Company and contact enrichment: gathers offers from the free sources (the
 * company's website; the signatures of the contact's latest emails) and the
 * paid providers, then fills only what is empty, through the record service
 * (audited, evented, normalised), with every value's provenance. Network
 * calls happen outside any database transaction.
 *
 * @example
 * const enrich = createRecordEnrichment({ db, records, clock, enricher, website: { allowPrivate: false, timeoutMs: 10_000, maxBytes: 2_000_000 }, defaultCountry: 'US' });
 * const result = await enrich.company(auth, id, { requestId });
 */
export function createRecordEnrichment(deps: EnrichRecordDeps) {
  const signatureActivities = deps.signatureActivities ?? 10;

  async function read(auth: AuthContext, requestId: string | null, object: EnrichObject, id: string) {
    return deps.db.withWorkspace(
      auth.workspaceId,
      async (tx) => {
        const ctx = { tx, auth, requestId };
        const record = await deps.records.get(ctx, object, id);
        const provenance = await readProvenance(tx, id);
        const emails =
          object === 'contacts'
            ? (await deps.records.list(ctx, 'activities', { limit: signatureActivities, sort: '-occurredAt', filter: { type: 'email', contactIds: { contains: id } } })).data
            : [];
        return { record, provenance, emails };
      },
      { readOnly: true },
    );
  }

  async function apply(auth: AuthContext, requestId: string | null, object: EnrichObject, id: string, offers: Array<Record<string, Sourced<unknown>>>, sources: SourceReport[]): Promise<EnrichResult> {
    return deps.db.withWorkspace(auth.workspaceId, async (tx) => {
      const ctx = { tx, auth, requestId };
      // Read again inside the write: fill-only-if-empty is decided on the record as it is now.
      const record = await deps.records.get(ctx, object, id);
      const stored = await readProvenance(tx, id);
      const proposal = proposeChanges<Record<string, unknown>>({ current: currentValues(object, record, stored), candidates: offers, minConfidence: 0.5 });
      const patch: Record<string, unknown> = {};
      const onRecord: FieldProvenance[] = [];
      const beside: FieldProvenance[] = [];
      const filled: FilledField[] = [];
      for (const change of proposal.changes) {
        const field = String(change.field);
        const entry: FieldProvenance = { field, value: change.value, source: change.provenance.source, confidence: change.provenance.confidence, at: change.provenance.at };
        filled.push({ field, value: change.value, previous: change.previous, kind: change.kind, source: entry.source, confidence: entry.confidence, at: entry.at });
        if (columns[object].has(field)) {
          patch[field] = change.value;
          onRecord.push(entry);
        } else beside.push(entry);
      }
      let updated = record;
      if (Object.keys(patch).length > 0) updated = await deps.records.update(ctx, object, id, patch, { source: 'body', version: record.version }, { provenance: onRecord });
      await saveProvenance(tx, object, id, beside);
      const conflicts = proposal.conflicts.map((c) => ({ field: String(c.field), current: c.current, proposed: c.proposed, source: c.provenance.source, confidence: c.provenance.confidence, at: c.provenance.at }));
      return { record: updated, filled, conflicts, sources, provenance: await readProvenance(tx, id) };
    });
  }

  const wants = (sources: readonly EnrichSource[] | undefined, source: EnrichSource): boolean => sources === undefined || sources.includes(source);

  return {
    async company(auth: AuthContext, id: string, options: { requestId: string | null; sources?: readonly EnrichSource[] | undefined; signal?: AbortSignal }): Promise<EnrichResult> {
      const { record, provenance } = await read(auth, options.requestId, 'companies', id);
      const offers: Array<Record<string, Sourced<unknown>>> = [];
      const sources: SourceReport[] = [];
      if (wants(options.sources, 'website')) {
        const target = text(record.website) ?? text(record.domain);
        if (!target) sources.push({ source: 'website', status: 'skipped', reason: 'no_website' });
        else {
          const result = await fetchCompanyMetadata(target, {
            allowPrivate: deps.website.allowPrivate,
            timeoutMs: deps.website.timeoutMs,
            maxBytes: deps.website.maxBytes,
            now: () => deps.clock.now(),
            ...(deps.website.userAgent ? { userAgent: deps.website.userAgent } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          if (result.ok) {
            offers.push(usable(result.candidates));
            sources.push({ source: 'website', status: 'fetched', url: result.finalUrl });
          } else sources.push({ source: 'website', status: 'failed', reason: result.reason, detail: result.detail });
        }
      }
      if (wants(options.sources, 'providers')) {
        const enricher = deps.enricher;
        if (!enricher) sources.push({ source: 'providers', status: 'not_configured', creditsSpent: 0, attempts: [] });
        else {
          const query = { ...(text(record.domain) ? { domain: text(record.domain) } : {}), ...(text(record.website) ? { website: text(record.website) } : {}), ...(text(record.name) ? { name: text(record.name) } : {}) };
          const current = currentValues('companies', record, provenance) as CurrentValues<CompanyFields>;
          sources.push(await askProviders(() => enricher.enrichCompany({ workspaceId: auth.workspaceId, query, current, fields: companyWanted, ...(options.signal ? { signal: options.signal } : {}) }), offers));
        }
      }
      return apply(auth, options.requestId, 'companies', id, offers, sources);
    },

    async contact(auth: AuthContext, id: string, options: { requestId: string | null; sources?: readonly EnrichSource[] | undefined; signal?: AbortSignal }): Promise<EnrichResult> {
      const { record, provenance, emails } = await read(auth, options.requestId, 'contacts', id);
      const offers: Array<Record<string, Sourced<unknown>>> = [];
      const sources: SourceReport[] = [];
      const addresses = Array.isArray(record.emails) ? (record.emails as string[]) : [];
      if (wants(options.sources, 'signature')) {
        if (emails.length === 0) sources.push({ source: 'signature', status: 'skipped', reason: 'no_email_activities' });
        else {
          // The newest message whose signature is the contact's own (not the CRM user's, quoted in a reply).
          let found: SourceReport = { source: 'signature', status: 'not_found' };
          for (const activity of emails) {
            if (typeof activity.body !== 'string') continue;
            const signature = parseSignature(activity.body, { defaultCountry: deps.defaultCountry, now: () => deps.clock.now(), ...(addresses[0] ? { from: addresses[0] } : {}) });
            if (!signature.found || !signatureIsTheirs(record, signature)) continue;
            offers.push(usable(contactCandidatesFromSignature(signature)));
            found = { source: 'signature', status: 'found', activityId: activity.id };
            break;
          }
          sources.push(found);
        }
      }
      if (wants(options.sources, 'providers')) {
        const enricher = deps.enricher;
        if (!enricher) sources.push({ source: 'providers', status: 'not_configured', creditsSpent: 0, attempts: [] });
        else {
          const phones = Array.isArray(record.phones) ? (record.phones as string[]) : [];
          const query = {
            ...(addresses[0] ? { email: addresses[0] } : {}),
            ...(phones[0] ? { phone: phones[0] } : {}),
            ...(text(record.firstName) ? { firstName: text(record.firstName) } : {}),
            ...(text(record.lastName) ? { lastName: text(record.lastName) } : {}),
          };
          const current = currentValues('contacts', record, provenance) as CurrentValues<PersonFields>;
          sources.push(await askProviders(() => enricher.enrichPerson({ workspaceId: auth.workspaceId, query, current, fields: personWanted, ...(options.signal ? { signal: options.signal } : {}) }), offers));
        }
      }
      return apply(auth, options.requestId, 'contacts', id, offers, sources);
    },
  };
}

export type RecordEnrichment = ReturnType<typeof createRecordEnrichment>;
