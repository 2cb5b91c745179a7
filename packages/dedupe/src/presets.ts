import type { BlockingRule } from './blocking';
import type { FieldSpec } from './field-spec';

/**
 * CRM contacts: `{ firstName, lastName, emails[], phones[], title, company, address }`.
 *
 * @example
 * findDuplicates(contacts, { fields: contactFields, blocking: contactBlocking });
 */
export const contactFields: readonly FieldSpec[] = [
  { field: 'firstName', kind: 'givenName', weight: 1 },
  { field: 'lastName', kind: 'familyName', weight: 1.5 },
  { field: 'emails', kind: 'email', weight: 2.5 },
  { field: 'phones', kind: 'phone', weight: 2 },
  { field: 'title', kind: 'text', comparators: ['tokenSet'], weight: 0.3 },
  { field: 'company', kind: 'organisationName', weight: 0.8 },
  { field: 'address', kind: 'address', weight: 1 },
];

/**
 * Candidate pairs for contacts: neighbours by the sound of the surname with
 * the first initial, then the same email, mailbox name or phone tail (which
 * catch a changed or misspelt surname), then neighbours by the sound of the
 * given name within a company. Sorted neighbourhoods keep the pair count
 * linear in the record count: about 10 pairs a record.
 */
export const contactBlocking: readonly BlockingRule[] = [
  {
    name: 'surname-sound+initial',
    method: 'sortedNeighbourhood',
    window: 6,
    parts: [
      { field: 'lastName', transform: 'phonetic' },
      { field: 'firstName', transform: 'initial' },
    ],
  },
  { name: 'email', parts: [{ field: 'emails', transform: 'value' }] },
  { name: 'email-local-part', parts: [{ field: 'emails', transform: 'localPart' }] },
  { name: 'phone-last-7', parts: [{ field: 'phones', transform: 'suffix', length: 7 }] },
  {
    name: 'company+given-sound',
    method: 'sortedNeighbourhood',
    window: 4,
    parts: [
      { field: 'company', transform: 'prefix', length: 4 },
      { field: 'firstName', transform: 'phonetic' },
    ],
  },
];

/** CRM companies: `{ name, domain, phones[], address }`. */
export const companyFields: readonly FieldSpec[] = [
  { field: 'name', kind: 'organisationName', weight: 1.5 },
  { field: 'domain', kind: 'domain', weight: 2.5 },
  { field: 'phones', kind: 'phone', weight: 1.5 },
  { field: 'address', kind: 'address', weight: 1 },
];

/** Candidate pairs for companies: domain, name sound, phone tail, first name word. */
export const companyBlocking: readonly BlockingRule[] = [
  { name: 'domain', parts: [{ field: 'domain', transform: 'value' }] },
  { name: 'name-sound', method: 'sortedNeighbourhood', window: 8, parts: [{ field: 'name', transform: 'phonetic' }] },
  { name: 'name-prefix', method: 'sortedNeighbourhood', window: 6, parts: [{ field: 'name', transform: 'prefix', length: 6 }] },
  { name: 'phone-last-7', parts: [{ field: 'phones', transform: 'suffix', length: 7 }] },
];
