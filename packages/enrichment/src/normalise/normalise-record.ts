import type { Address, AddressInput } from '../fields';
import { cleanLine } from '../internal/text';
import { provenance, type Provenance } from '../provenance';
import { normaliseAddress } from './address';
import { timeZoneFor } from './country';
import { normaliseEmail } from './email';
import { capitaliseNameField, normaliseName } from './name';
import { normalisePhone } from './phone';
import { normaliseDomain, normaliseUrl } from './url';

export interface NormalisationIssue {
  field: string;
  /** Position in a list field (emails, phones). */
  index?: number;
  reason: string;
  input: string;
}

export interface NormalisedRecord<T> {
  /** The fields to store: normalised where valid; invalid entries are left out and listed in `issues`. */
  values: Partial<T>;
  /** Provenance of every value normalisation changed or derived (a reformatted phone, a time zone from the country). */
  provenance: Partial<Record<keyof T, Provenance>>;
  issues: NormalisationIssue[];
}

export interface ContactInput {
  firstName?: string | null;
  lastName?: string | null;
  /** A single "Name" column: split into first and last when those are empty. */
  fullName?: string | null;
  emails?: readonly string[] | null;
  phones?: readonly string[] | null;
  address?: AddressInput | null;
}

export interface NormalisedContact {
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  address: Address;
  timeZone: string;
}

export interface CompanyInput {
  name?: string | null;
  domain?: string | null;
  website?: string | null;
  address?: AddressInput | null;
  phone?: string | null;
}

export interface NormalisedCompany {
  name: string;
  domain: string;
  website: string;
  address: Address;
  phone: string;
  timeZone: string;
}

export interface NormaliseOptions {
  /** Country for phones written without +, when the record's address has none. */
  defaultCountry?: string | null;
  now: Date;
}

function listOf(values: readonly string[] | null | undefined): string[] {
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string').slice(0, 100) : [];
}

/**
 * Normalisation on write for a contact: names split and capitalised, emails
 * lower-cased and validated (duplicates dropped), phones to E.164 (default
 * country from the address, then the workspace), country to ISO alpha-2 and
 * a time zone derived from it.
 *
 * @example
 * normaliseContact({ fullName: 'LOVELACE, ADA', emails: ['Ada@Example.com', 'nope'], phones: ['020 7946 0958'], address: { country: 'UK' } }, { now });
 * // values: { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@example.com'], phones: ['+442079460958'], address: { country: 'GB' }, timeZone: 'Europe/London' }
 * // issues: [{ field: 'emails', index: 1, reason: 'invalid_syntax', input: 'nope' }]
 */
export function normaliseContact(input: ContactInput, options: NormaliseOptions): NormalisedRecord<NormalisedContact> {
  const values: Partial<NormalisedContact> = {};
  const sources: Partial<Record<keyof NormalisedContact, Provenance>> = {};
  const issues: NormalisationIssue[] = [];
  const changed = (field: keyof NormalisedContact, before: unknown, confidence = 1): void => {
    if (JSON.stringify(before) !== JSON.stringify(values[field])) sources[field] = provenance('normalisation', confidence, options.now);
  };

  const first = typeof input.firstName === 'string' ? cleanLine(input.firstName) : '';
  const last = typeof input.lastName === 'string' ? cleanLine(input.lastName) : '';
  const full = typeof input.fullName === 'string' ? cleanLine(input.fullName) : '';
  if (first === '' && last === '' && full !== '') {
    const name = normaliseName(full);
    if (name.valid) {
      if (name.value.first) values.firstName = [name.value.first, name.value.middle].filter(Boolean).join(' ');
      if (name.value.last) values.lastName = name.value.last;
      // Split from one column: a rule, but an inference about which word is which.
      if (values.firstName) sources.firstName = provenance('normalisation', 0.9, options.now);
      if (values.lastName) sources.lastName = provenance('normalisation', 0.9, options.now);
    } else issues.push({ field: 'fullName', reason: name.reason, input: name.input });
  }
  for (const [field, raw] of [['firstName', first], ['lastName', last]] as const) {
    if (raw === '') continue;
    const name = normaliseName(raw);
    if (!name.valid) {
      issues.push({ field, reason: name.reason, input: name.input });
      continue;
    }
    values[field] = capitaliseNameField(raw);
    changed(field, raw);
  }

  const emails: string[] = [];
  listOf(input.emails).forEach((raw, index) => {
    const email = normaliseEmail(raw);
    if (!email.valid) issues.push({ field: 'emails', index, reason: email.reason, input: email.input });
    else if (!emails.includes(email.value)) emails.push(email.value);
  });
  if (emails.length > 0) {
    values.emails = emails;
    changed('emails', listOf(input.emails));
  }

  const address = input.address ? normaliseAddress(input.address) : undefined;
  if (address && Object.keys(address).length > 0) {
    values.address = address;
    changed('address', input.address);
  }
  const country = address?.country && /^[A-Z]{2}$/.test(address.country) ? address.country : (options.defaultCountry ?? undefined);
  const phones: string[] = [];
  listOf(input.phones).forEach((raw, index) => {
    const phone = normalisePhone(raw, { defaultCountry: country });
    if (!phone.valid) issues.push({ field: 'phones', index, reason: phone.reason, input: phone.input });
    else if (!phones.includes(phone.value)) phones.push(phone.value);
  });
  if (phones.length > 0) {
    values.phones = phones;
    changed('phones', listOf(input.phones));
  }
  if (address?.country) {
    const zone = timeZoneFor({ country: address.country, region: address.region });
    if (zone) {
      values.timeZone = zone.timeZone;
      sources.timeZone = provenance('normalisation', zone.confidence, options.now);
    }
  }
  return { values, provenance: sources, issues };
}

/**
 * Normalisation on write for a company: canonical website, domain (from the
 * website when missing), phone in E.164, country code and time zone. The
 * name is only trimmed: companies style their names on purpose ("eBay", "IKEA").
 *
 * @example
 * normaliseCompany({ name: ' Acme ', website: 'WWW.ACME.COM/?utm_source=x', address: { city: 'Berlin', country: 'Deutschland' } }, { now });
 * // values: { name: 'Acme', website: 'https://acme.com', domain: 'acme.com', address: { city: 'Berlin', country: 'DE' }, timeZone: 'Europe/Berlin' }
 */
export function normaliseCompany(input: CompanyInput, options: NormaliseOptions): NormalisedRecord<NormalisedCompany> {
  const values: Partial<NormalisedCompany> = {};
  const sources: Partial<Record<keyof NormalisedCompany, Provenance>> = {};
  const issues: NormalisationIssue[] = [];
  const at = options.now;

  if (typeof input.name === 'string' && cleanLine(input.name) !== '') values.name = cleanLine(input.name).slice(0, 300);
  if (typeof input.website === 'string' && cleanLine(input.website) !== '') {
    const url = normaliseUrl(input.website);
    if (url.valid) {
      values.website = url.value;
      if (url.value !== cleanLine(input.website)) sources.website = provenance('normalisation', 1, at);
    } else issues.push({ field: 'website', reason: url.reason, input: url.input });
  }
  if (typeof input.domain === 'string' && cleanLine(input.domain) !== '') {
    const domain = normaliseDomain(input.domain);
    if (domain.valid) {
      values.domain = domain.value;
      if (domain.value !== cleanLine(input.domain)) sources.domain = provenance('normalisation', 1, at);
    } else issues.push({ field: 'domain', reason: domain.reason, input: domain.input });
  } else if (values.website) {
    const domain = normaliseDomain(values.website);
    if (domain.valid) {
      values.domain = domain.registrable;
      sources.domain = provenance('normalisation', 0.95, at);
    }
  }
  const address = input.address ? normaliseAddress(input.address) : undefined;
  if (address && Object.keys(address).length > 0) {
    values.address = address;
    if (JSON.stringify(address) !== JSON.stringify(input.address)) sources.address = provenance('normalisation', 1, at);
  }
  const country = address?.country && /^[A-Z]{2}$/.test(address.country) ? address.country : (options.defaultCountry ?? undefined);
  if (typeof input.phone === 'string' && cleanLine(input.phone) !== '') {
    const phone = normalisePhone(input.phone, { defaultCountry: country });
    if (phone.valid) {
      values.phone = phone.value;
      if (phone.value !== cleanLine(input.phone)) sources.phone = provenance('normalisation', 1, at);
    } else issues.push({ field: 'phone', reason: phone.reason, input: phone.input });
  }
  if (address?.country) {
    const zone = timeZoneFor({ country: address.country, region: address.region });
    if (zone) {
      values.timeZone = zone.timeZone;
      sources.timeZone = provenance('normalisation', zone.confidence, at);
    }
  }
  return { values, provenance: sources, issues };
}
