import type { CompanyFields, PersonFields } from '../fields';

/** What we know about a person when asking a provider; at least an email, a LinkedIn URL, a phone or a name with a company. */
export interface PersonQuery {
  email?: string;
  phone?: string;
  linkedinUrl?: string;
  firstName?: string;
  lastName?: string;
  /** Full name, when first and last are not split. */
  name?: string;
  companyName?: string;
  companyDomain?: string;
  /** Free text ("London, UK"), helps a name-only match. */
  location?: string;
}

export interface CompanyQuery {
  domain?: string;
  name?: string;
  website?: string;
  linkedinUrl?: string;
}

/**
 * An expected answer. Failures (out of credits, rate limited, bad key, 5xx,
 * malformed JSON, timeout) are thrown as AppError with
 * `details: { provider, reason, status? }` instead.
 */
export type ProviderLookup<T> =
  | { status: 'matched'; fields: Partial<T>; /** 0..1, the provider's own match likelihood where it gives one. */ confidence: number }
  | { status: 'no_match' }
  | { status: 'insufficient_query'; detail: string };

/** Why a provider call failed, in `AppError.details.reason`. */
export type ProviderFailureReason = 'out_of_credits' | 'rate_limited' | 'unauthorized' | 'bad_request' | 'server_error' | 'malformed_response' | 'timeout' | 'network';

/**
 * The port every paid data source implements (People Data Labs, Apollo, a
 * Clearbit-style API): one lookup per person or company, answers mapped to
 * our field names and normalised (E.164 phones, lower-case emails,
 * canonical URLs, ISO countries).
 */
export interface EnrichmentProvider {
  /** Stable, snake_case: it is the provenance source of every value it supplies. */
  readonly name: string;
  /** Credits one matched lookup costs; a miss costs nothing (PDL and Apollo bill per match). */
  readonly creditCost: { person: number; company: number };
  enrichPerson(query: PersonQuery, options?: { signal?: AbortSignal }): Promise<ProviderLookup<PersonFields>>;
  enrichCompany(query: CompanyQuery, options?: { signal?: AbortSignal }): Promise<ProviderLookup<CompanyFields>>;
}
