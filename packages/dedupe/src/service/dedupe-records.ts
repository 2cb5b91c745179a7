import type { MatchableObject, MatchableRecord } from '@nexus/crm-core';
import type { BlockingRule } from '../blocking';
import type { DedupeRecord, FieldSpec } from '../field-spec';
import { emailLocalPart, normaliseDomain, normaliseEmail, normalisePhone, phoneTail } from '../normalise-contact';
import { companyBlocking, companyFields, contactBlocking, contactFields } from '../presets';

/** The field specs and blocking rules each CRM object is matched with. */
export const matchSpecs: Record<MatchableObject, { fields: readonly FieldSpec[]; blocking: readonly BlockingRule[] }> = {
  contacts: { fields: contactFields, blocking: contactBlocking },
  companies: { fields: companyFields, blocking: companyBlocking },
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : []);
const string = (value: unknown): string | null => (typeof value === 'string' && value.trim().length > 0 ? value : null);

/** A stored address object as one line, the form the address comparator reads. */
export function addressLine(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const a = value as Record<string, unknown>;
  const parts = [a.street, a.street2, a.city, a.region, a.postalCode, a.country].map(string).filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * A CRM record in the shape the matching library compares: contacts as
 * `{ firstName, lastName, emails, phones, title, company, address }`,
 * companies as `{ name, domain, address }` (the website's domain when the
 * domain is empty).
 *
 * @example
 * toDedupeRecord('contacts', contact); // { id, fields: { firstName: 'Ada', emails: ['ada@example.com'], company: 'Acme', … } }
 */
export function toDedupeRecord(object: MatchableObject, record: MatchableRecord): DedupeRecord {
  if (object === 'contacts') {
    return {
      id: record.id,
      fields: {
        firstName: string(record.firstName),
        lastName: string(record.lastName),
        emails: strings(record.emails),
        phones: strings(record.phones),
        title: string(record.title),
        company: record.companyName,
        address: addressLine(record.address),
      },
    };
  }
  return {
    id: record.id,
    fields: {
      name: string(record.name),
      domain: string(record.domain) ?? string(record.website),
      address: addressLine(record.address),
    },
  };
}

/**
 * What a record is compared on, as keys other records may share (blocking):
 * contacts by email, mailbox name, phone tail or name; companies by domain or name.
 */
export interface CandidateProbe {
  /** Exact addresses, lower case (contacts store them lower-cased). */
  emails?: readonly string[];
  /** The part before the `@`, lower case. */
  emailLocalParts?: readonly string[];
  /** Last 7 digits of a phone number. */
  phoneTails?: readonly string[];
  /** First names and surnames: candidates share a surname's first three letters and (when given) its first initial. */
  people?: readonly { firstName: string | null; lastName: string | null }[];
  /** Contacts' companies: candidates at the same company with the same first initial. */
  colleagues?: readonly { companyId: string; firstName: string }[];
  /** Web domains (no scheme, no `www.`), lower case: matched against domain and website. */
  domains?: readonly string[];
  /** Company names: candidates whose name starts with the same four letters or digits. */
  companyNames?: readonly string[];
}

// Shared mailboxes say nothing about who a person is; as keys they would only crowd out real candidates.
const roleMailboxes = new Set(['info', 'sales', 'contact', 'admin', 'support', 'hello', 'office', 'team', 'mail', 'enquiries', 'billing', 'hr', 'jobs', 'noreply', 'no-reply']);

/** The blocking keys of a record as a database query for its candidates. */
export function probeOf(object: MatchableObject, record: MatchableRecord): CandidateProbe {
  if (object === 'contacts') {
    const companyId = string(record.companyId);
    const firstName = string(record.firstName);
    const emails = strings(record.emails).map((e) => e.trim().toLowerCase());
    const normalised = emails.map(normaliseEmail).filter((e): e is string => e !== null);
    const phones = strings(record.phones)
      .map((p) => normalisePhone(p))
      .filter((p): p is string => p !== null);
    return {
      emails,
      emailLocalParts: [...new Set([...emails.map(emailLocalPart), ...normalised.map(emailLocalPart)])].filter((local) => local.length >= 3 && !roleMailboxes.has(local)),
      phoneTails: phones.map((p) => phoneTail(p)).filter((tail) => tail.length === 7),
      people: [{ firstName: string(record.firstName), lastName: string(record.lastName) }],
      colleagues: companyId && firstName ? [{ companyId, firstName }] : [],
    };
  }
  const domains = [string(record.domain), string(record.website)].flatMap((value) => {
    const domain = value === null ? null : normaliseDomain(value);
    return domain === null ? [] : [domain];
  });
  const name = string(record.name);
  return { domains, companyNames: name === null ? [] : [name] };
}
