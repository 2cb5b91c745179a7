import type { ApiRecord, FieldProvenance, HookContext, HookRecords, PrepareWriteHookInput, WriteHooks } from '@nexus/crm-core';
import { AppError, type Clock } from '@nexus/platform';
import { companyFromEmail } from '../company/company-from-email';
import { isRecord } from '../internal/text';
import { normaliseCountry, timeZoneFor } from '../normalise/country';
import { normaliseEmail } from '../normalise/email';
import { capitaliseNameField, normaliseName } from '../normalise/name';
import { normalisePhone } from '../normalise/phone';
import { normaliseDomain, normaliseUrl } from '../normalise/url';
import { isEmptyValue } from '../propose-changes';
import { removeProvenance, saveProvenance } from './provenance-store';

export interface NormaliseOnWriteOptions {
  clock: Clock;
  /** ISO country for phone numbers written without +, when the record's address names none. */
  defaultCountry: string;
  /** Create a company from a new contact's corporate email domain when the workspace has none with that domain. */
  createCompanyFromEmail: boolean;
}

/** A refused value, as a validation detail: `{ path: 'emails.1', message, reason }`. */
interface Issue {
  path: string;
  message: string;
  reason: string;
}

/** Values kept beside the record (no column), derived from one of its fields. */
const derivedFrom: Record<string, string> = { timeZone: 'address' };

/** RFC 2606 / 6761 names: documentation and test addresses, never an employer. */
const reservedTlds = new Set(['example', 'test', 'invalid', 'localhost', 'local']);
const reservedDomains = new Set(['example.com', 'example.net', 'example.org']);

function isReservedDomain(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  return reservedTlds.has(labels[labels.length - 1] ?? '') || reservedDomains.has(labels.slice(-2).join('.'));
}

/**
 * A name written in one case throughout ("ada", "LOVELACE"), made only of
 * what names are made of: capitalising it cannot undo a deliberate spelling
 * ("McDonald", "danah boyd" typed with a capital somewhere) or touch text
 * that is not a name.
 */
function typedInOneCase(name: string): boolean {
  return /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u.test(name) && (name === name.toLowerCase() || name === name.toUpperCase()) && name.toLowerCase() !== name.toUpperCase();
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function countryOf(address: unknown): string | undefined {
  if (!isRecord(address) || typeof address.country !== 'string') return undefined;
  return /^[A-Z]{2}$/.test(address.country) ? address.country : undefined;
}

/**
 * Normalisation on write, as CRM Core write hooks: every create and update
 * of a contact or company is normalised before it is stored (emails
 * validated and lower-cased, phones in E.164, one-case names capitalised,
 * canonical website and domain, ISO country and a derived time zone), a new
 * contact with a corporate email is linked to (or given) its company, and
 * the provenance of every changed value is stored beside the record. A
 * value that cannot be normalised (an email without a TLD, a phone number
 * that cannot exist) refuses the write with 400 naming the field and index.
 *
 * @example
 * const core = createCrmCore({ signal, writeHooks: createNormaliseOnWrite({ clock, defaultCountry: 'US', createCompanyFromEmail: true }) });
 */
export function createNormaliseOnWrite(options: NormaliseOnWriteOptions): WriteHooks {
  return {
    async prepare(write) {
      const at = options.clock.now().toISOString();
      const state: Draft = { input: { ...write.input }, provenance: new Map(), issues: [], at };
      if (write.object === 'contacts') normaliseContactInput(state, write.current, options.defaultCountry);
      else if (write.object === 'companies') normaliseCompanyInput(state, write.current);
      else return { input: write.input, provenance: [...write.provenance] };
      if (state.issues.length > 0) {
        const first = state.issues[0];
        throw new AppError('validation_failed', first ? `${first.path} ${first.message}` : 'The request body is invalid', { details: state.issues });
      }
      if (write.object === 'contacts' && write.action === 'create') await linkCompanyFromEmail(state, write, options);
      // What the caller says about a value (an enrichment's source) outranks "we reformatted it".
      for (const given of write.provenance) state.provenance.set(given.field, given);
      return { input: state.input, provenance: [...state.provenance.values()] };
    },

    async afterWrite(write) {
      await saveProvenance(write.ctx.tx, write.object, write.record.id, write.provenance);
      if (write.action !== 'update' || !write.before) return;
      const covered = new Set(write.provenance.map((p) => p.field));
      const before = write.before as Record<string, unknown>;
      const after = write.record as Record<string, unknown>;
      // A field typed over by hand no longer holds what its source gave: its provenance would lie.
      const stale = Object.keys(write.input).filter((field) => field !== 'version' && !covered.has(field) && !same(before[field], after[field]));
      for (const [derived, source] of Object.entries(derivedFrom)) if (source in write.input && !covered.has(derived)) stale.push(derived);
      await removeProvenance(write.ctx.tx, write.record.id, stale);
    },
  };
}

/**
 * The same rules for one row of an import, without the database: the
 * normalised input, or an AppError (kind user) naming what cannot be stored,
 * which the import quarantines.
 *
 * @example
 * normaliseImportInput('contacts', { emails: ['ADA@X.COM'], phones: ['020 7946 0958'] }, 'GB');
 * // { emails: ['ada@x.com'], phones: ['+442079460958'] }
 */
export function normaliseImportInput(object: string, input: Record<string, unknown>, defaultCountry: string): Record<string, unknown> {
  const state: Draft = { input: { ...input }, provenance: new Map(), issues: [], at: '' };
  if (object === 'contacts') normaliseContactInput(state, undefined, defaultCountry);
  else if (object === 'companies') normaliseCompanyInput(state, undefined);
  else return input;
  if (state.issues.length > 0) {
    const first = state.issues[0];
    throw new AppError('validation_failed', first ? `${first.path} ${first.message}` : 'The row is invalid', { details: state.issues });
  }
  return state.input;
}

interface Draft {
  input: Record<string, unknown>;
  provenance: Map<string, FieldProvenance>;
  issues: Issue[];
  at: string;
}

function note(state: Draft, field: string, value: unknown, source: string, confidence: number): void {
  state.provenance.set(field, { field, value, source, confidence, at: state.at });
}

function normaliseNames(state: Draft, fields: readonly string[]): void {
  for (const field of fields) {
    const raw = state.input[field];
    if (typeof raw !== 'string' || !typedInOneCase(raw) || !normaliseName(raw).valid) continue;
    const cased = capitaliseNameField(raw);
    if (cased === raw || cased === '') continue;
    state.input[field] = cased;
    note(state, field, cased, 'normalisation', 1);
  }
}

/** Country to ISO alpha-2 (an unknown country is kept as written) and the time zone it implies. */
function normaliseAddressInput(state: Draft): void {
  if (!('address' in state.input) || state.input.address === undefined) return;
  const address = state.input.address;
  if (!isRecord(address)) return;
  if (typeof address.country === 'string' && address.country.trim() !== '') {
    const country = normaliseCountry(address.country);
    if (country.valid && country.value !== address.country) {
      state.input.address = { ...address, country: country.value };
      note(state, 'address', state.input.address, 'normalisation', 1);
    }
  }
  const stored = state.input.address as Record<string, unknown>;
  const country = countryOf(stored);
  if (!country) return;
  const zone = timeZoneFor({ country, region: typeof stored.region === 'string' ? stored.region : undefined });
  if (zone) note(state, 'timeZone', zone.timeZone, 'normalisation', zone.confidence);
}

function normaliseContactInput(state: Draft, current: ApiRecord | undefined, defaultCountry: string): void {
  const input = state.input;
  normaliseNames(state, ['firstName', 'lastName']);

  if (Array.isArray(input.emails)) {
    const emails: string[] = [];
    input.emails.forEach((raw: unknown, index) => {
      const email = normaliseEmail(typeof raw === 'string' ? raw : '');
      if (!email.valid) state.issues.push({ path: `emails.${index}`, message: `is not a valid email address (${email.reason.replace(/_/g, ' ')})`, reason: email.reason });
      else if (!emails.includes(email.value)) emails.push(email.value);
    });
    if (!same(emails, input.emails)) note(state, 'emails', emails, 'normalisation', 1);
    input.emails = emails;
  }

  normaliseAddressInput(state);

  if (Array.isArray(input.phones)) {
    // A number written without + belongs to the contact's country, else the workspace's.
    const region = countryOf(input.address) ?? (input.address === undefined ? countryOf(current?.address) : undefined) ?? defaultCountry;
    const phones: string[] = [];
    input.phones.forEach((raw: unknown, index) => {
      const phone = normalisePhone(typeof raw === 'string' ? raw : '', { defaultCountry: region });
      if (!phone.valid) state.issues.push({ path: `phones.${index}`, message: `is not a valid phone number (${phone.reason.replace(/_/g, ' ')})`, reason: phone.reason });
      else if (!phones.includes(phone.value)) phones.push(phone.value);
    });
    if (!same(phones, input.phones)) note(state, 'phones', phones, 'normalisation', 1);
    input.phones = phones;
  }
}

function normaliseCompanyInput(state: Draft, current: ApiRecord | undefined): void {
  const input = state.input;
  // The schema has already checked these are an http(s) URL and a domain name. What the canonical
  // form cannot express (an intranet host, an IP address) is kept as typed rather than refused.
  if (typeof input.website === 'string') {
    const url = normaliseUrl(input.website);
    if (url.valid && url.value !== input.website) {
      input.website = url.value;
      note(state, 'website', url.value, 'normalisation', 1);
    }
  }
  if (typeof input.domain === 'string') {
    const domain = normaliseDomain(input.domain);
    if (domain.valid && domain.value !== input.domain) {
      input.domain = domain.value;
      note(state, 'domain', domain.value, 'normalisation', 1);
    }
  } else if (input.domain === undefined && typeof input.website === 'string' && isEmptyValue(current?.domain)) {
    const domain = normaliseDomain(input.website);
    if (domain.valid) {
      input.domain = domain.registrable;
      note(state, 'domain', domain.registrable, 'normalisation', 0.95);
    }
  }
  normaliseAddressInput(state);
}

/** The first corporate domain among the emails: not free-mail, not disposable, not a documentation domain. */
function corporateDomain(emails: unknown, at: Date): { domain: string; name: string; website: string } | undefined {
  if (!Array.isArray(emails)) return undefined;
  for (const email of emails) {
    if (typeof email !== 'string') continue;
    const company = companyFromEmail(email, at);
    if (company.status !== 'company' || isReservedDomain(company.domain.value)) continue;
    return { domain: company.domain.value, name: company.name.value, website: company.website.value };
  }
  return undefined;
}

async function linkCompanyFromEmail(state: Draft, write: PrepareWriteHookInput, options: NormaliseOnWriteOptions): Promise<void> {
  const input = state.input;
  const hasCompany = (typeof input.companyId === 'string' && input.companyId !== '') || (Array.isArray(input.companyIds) && input.companyIds.length > 0);
  if (hasCompany) return;
  const found = corporateDomain(input.emails, new Date(state.at));
  if (!found) return;
  const company = await companyWithDomain(write.ctx, write.records, found.domain);
  if (company === 'hidden') return;
  if (company) {
    input.companyId = company.id;
    note(state, 'companyId', company.id, 'email_domain', 0.9);
    return;
  }
  if (!options.createCompanyFromEmail) return;
  // Through the record service like any other write, so the new company is audited, indexed and normalised.
  const created = await write.records.create(
    write.ctx,
    'companies',
    { name: found.name, domain: found.domain, website: found.website },
    {
      provenance: [
        { field: 'name', value: found.name, source: 'email_domain', confidence: 0.4, at: state.at },
        { field: 'domain', value: found.domain, source: 'email_domain', confidence: 0.9, at: state.at },
        { field: 'website', value: found.website, source: 'email_domain', confidence: 0.7, at: state.at },
      ],
    },
  );
  input.companyId = created.id;
  note(state, 'companyId', created.id, 'email_domain', 0.9);
}

/**
 * The workspace's company with this domain, or 'hidden' when one exists
 * that the caller may not see ("only records I own"): linking it would be
 * refused, and creating another would make a duplicate.
 */
async function companyWithDomain(ctx: HookContext, records: HookRecords, domain: string): Promise<ApiRecord | 'hidden' | undefined> {
  const visible = await records.list(ctx, 'companies', { limit: 1, filter: { domain } });
  if (visible.data[0]) return visible.data[0];
  if (ctx.auth.visibility === 'all') return undefined;
  const all = await records.list({ ...ctx, auth: { ...ctx.auth, visibility: 'all' } }, 'companies', { limit: 1, filter: { domain } });
  return all.data[0] ? 'hidden' : undefined;
}
