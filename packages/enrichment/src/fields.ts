import type { Sourced } from './provenance';

/**
 * The record fields enrichment can fill, named as the CRM API names them
 * (contacts: firstName, lastName, emails, phones, title, address; companies:
 * name, domain, industry, size, address, website, socialLinks). Fields the
 * CRM does not have yet (description, logoUrl, foundedYear…) are proposed
 * too; the caller decides where they go (a column, customFields, or nowhere).
 */

export const socialNetworks = ['linkedin', 'twitter', 'facebook', 'instagram', 'youtube', 'github', 'crunchbase'] as const;
export type SocialNetwork = (typeof socialNetworks)[number];
export type SocialLinks = Partial<Record<SocialNetwork, string>>;

/** The CRM's address shape; `country` is ISO 3166-1 alpha-2 once normalised. */
export interface Address {
  street?: string;
  street2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** An address as a record may hold it (the CRM stores nulls for cleared parts). */
export type AddressInput = { [K in keyof Address]?: string | null | undefined };

export interface PersonFields {
  firstName: string;
  lastName: string;
  emails: string[];
  /** E.164, optionally with " ext. 123". */
  phones: string[];
  title: string;
  address: Address;
  socialLinks: SocialLinks;
  companyName: string;
  companyDomain: string;
  /** IANA zone, derived from the address. */
  timeZone: string;
}

export interface CompanyFields {
  name: string;
  domain: string;
  website: string;
  description: string;
  industry: string;
  /** Employee-count band: 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001-10000, 10001+. */
  size: string;
  employeeCount: number;
  foundedYear: number;
  address: Address;
  phone: string;
  email: string;
  logoUrl: string;
  socialLinks: SocialLinks;
  timeZone: string;
}

/** Values offered for a record, each with its provenance. */
export type FieldCandidates<T> = { [K in keyof T]?: Sourced<T[K]> };

/** What a record holds now; null and '' count as empty. */
export type CurrentValues<T> = { [K in keyof T]?: T[K] | null };

const sizeBands: Array<[number, string]> = [
  [10, '1-10'],
  [50, '11-50'],
  [200, '51-200'],
  [500, '201-500'],
  [1000, '501-1000'],
  [5000, '1001-5000'],
  [10000, '5001-10000'],
];

/**
 * The LinkedIn-style size band of an employee count.
 *
 * @example
 * sizeBand(120); // '51-200'
 */
export function sizeBand(employees: number): string | undefined {
  if (!Number.isFinite(employees) || employees < 1) return undefined;
  for (const [max, band] of sizeBands) if (employees <= max) return band;
  return '10001+';
}
