import { sizeBand, type CompanyFields, type PersonFields } from '../fields';
import { isRecord } from '../internal/text';
import { normaliseEmail } from '../normalise/email';
import { normalisePhone } from '../normalise/phone';
import { normaliseUrl } from '../normalise/url';
import { baseUrl, failureForStatus, providerFailure, requestJson, type JsonResponse } from './http-json';
import { address, compact, countryCode, emailList, list, nameField, phoneList, positiveInt, record, socialLinks, str, timeZoneOf, titleCase, websiteAndDomain } from './map-fields';
import type { CompanyQuery, EnrichmentProvider, PersonQuery, ProviderLookup } from './provider';

export interface PeopleDataLabsOptions {
  apiKey: string;
  /** Default https://api.peopledatalabs.com. */
  baseUrl?: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** 1–10: PDL answers 404 below it, and does not bill. Default 6. */
  minLikelihood?: number;
  /** Propose personal addresses too (default: work addresses only). */
  includePersonalEmails?: boolean;
  fetch?: typeof fetch;
  /** Provenance source name. Default "people_data_labs". */
  name?: string;
}

/**
 * People Data Labs: `GET /v5/person/enrich` and `GET /v5/company/enrich`
 * with the key in `X-Api-Key`. A 404 is a (free) miss; PDL's lower-case
 * values are re-cased; its likelihood 1–10 becomes confidence 0.1–1.
 *
 * @example
 * const pdl = createPeopleDataLabsProvider({ apiKey: config.pdlApiKey });
 * await pdl.enrichPerson({ email: 'ada@acme.com' }); // { status: 'matched', fields: { firstName: 'Ada', … }, confidence: 0.9 }
 */
export function createPeopleDataLabsProvider(options: PeopleDataLabsOptions): EnrichmentProvider {
  const name = options.name ?? 'people_data_labs';
  const root = baseUrl(options.baseUrl ?? 'https://api.peopledatalabs.com');
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const minLikelihood = Math.min(10, Math.max(1, Math.round(options.minLikelihood ?? 6)));

  async function get(path: string, params: Record<string, string>, signal: AbortSignal | undefined): Promise<JsonResponse> {
    const url = new URL(path, root);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return requestJson({ provider: name, fetch: fetchImpl, url, method: 'GET', headers: { 'x-api-key': options.apiKey }, timeoutMs, signal });
  }

  function check(response: JsonResponse): 'matched' | 'no_match' {
    if (response.status === 200) {
      if (!isRecord(response.json)) throw providerFailure(name, 'malformed_response', `${name} sent an unexpected body`, { status: 200 });
      return 'matched';
    }
    if (response.status === 404) return 'no_match';
    const error = record(record(response.json).error);
    throw failureForStatus(name, response, str(error.message, 300) ?? str(error.type, 100) ?? 'no message');
  }

  const likelihood = (json: unknown): number => {
    const value = record(json).likelihood;
    return typeof value === 'number' && value >= 1 && value <= 10 ? value / 10 : 0.5;
  };

  return {
    name,
    creditCost: { person: 1, company: 1 },

    async enrichPerson(query: PersonQuery, callOptions = {}): Promise<ProviderLookup<PersonFields>> {
      const params: Record<string, string> = {};
      const email = query.email ? normaliseEmail(query.email) : undefined;
      if (email?.valid) params.email = email.value;
      const phone = query.phone ? normalisePhone(query.phone) : undefined;
      if (phone?.valid) params.phone = phone.e164;
      const profile = query.linkedinUrl ? normaliseUrl(query.linkedinUrl) : undefined;
      if (profile?.valid) params.profile = profile.value;
      if (query.firstName) params.first_name = query.firstName;
      if (query.lastName) params.last_name = query.lastName;
      if (query.name && !query.firstName && !query.lastName) params.name = query.name;
      if (query.companyDomain) params.company = query.companyDomain;
      else if (query.companyName) params.company = query.companyName;
      if (query.location) params.location = query.location;
      const hasName = Boolean(params.name ?? (params.first_name && params.last_name));
      // PDL's minimum: an email, phone or profile, or a name with a company or location.
      if (!params.email && !params.phone && !params.profile && !(hasName && (params.company ?? params.location))) {
        return { status: 'insufficient_query', detail: 'needs an email, a phone, a LinkedIn URL, or a name with a company or location' };
      }
      params.min_likelihood = String(minLikelihood);
      params.titlecase = 'true';
      const response = await get('v5/person/enrich', params, callOptions.signal);
      if (check(response) === 'no_match') return { status: 'no_match' };
      const rawData = record(response.json).data;
      if (!isRecord(rawData)) throw providerFailure(name, 'malformed_response', `${name} answered 200 without a person`, { status: 200 });
      const data = rawData;
      const emails = list(data.emails).map((e) => record(e));
      const workEmails = [str(data.work_email), ...emails.filter((e) => e.type === 'professional' || e.type === 'current_professional').map((e) => e.address)];
      const personal = options.includePersonalEmails ? [...list(data.personal_emails), ...emails.map((e) => e.address)] : [];
      const country = countryCode(data.location_country);
      const addr = address({
        street: data.location_street_address,
        street2: data.location_address_line_2,
        city: data.location_locality,
        region: data.location_region,
        postalCode: data.location_postal_code,
        country: data.location_country,
      });
      const company = websiteAndDomain(data.job_company_website);
      const fields = compact<PersonFields>({
        firstName: nameField(data.first_name),
        lastName: nameField(data.last_name),
        emails: emailList([...workEmails, ...personal]),
        phones: phoneList([data.mobile_phone, ...list(data.phone_numbers)], country),
        title: titleCase(str(data.job_title, 300)),
        address: addr,
        socialLinks: socialLinks([data.linkedin_url, data.twitter_url, data.facebook_url, data.github_url]),
        companyName: titleCase(str(data.job_company_name, 300)),
        companyDomain: company.domain,
        timeZone: timeZoneOf(addr),
      });
      return { status: 'matched', fields, confidence: likelihood(response.json) };
    },

    async enrichCompany(query: CompanyQuery, callOptions = {}): Promise<ProviderLookup<CompanyFields>> {
      const params: Record<string, string> = {};
      const site = websiteAndDomain(query.domain ?? query.website);
      if (site.domain) params.website = site.domain;
      const profile = query.linkedinUrl ? normaliseUrl(query.linkedinUrl) : undefined;
      if (profile?.valid) params.profile = profile.value;
      if (query.name) params.name = query.name;
      if (Object.keys(params).length === 0) return { status: 'insufficient_query', detail: 'needs a domain, a website, a LinkedIn URL or a name' };
      params.min_likelihood = String(minLikelihood);
      params.titlecase = 'true';
      const response = await get('v5/company/enrich', params, callOptions.signal);
      if (check(response) === 'no_match') return { status: 'no_match' };
      // Unlike the person API, company fields are at the top level of the answer.
      const data = record(response.json);
      const location = record(data.location);
      const addr = address({
        street: location.street_address,
        street2: location.address_line_2,
        city: location.locality,
        region: location.region,
        postalCode: location.postal_code,
        country: location.country,
      });
      const web = websiteAndDomain(data.website);
      const employees = positiveInt(data.employee_count);
      const founded = positiveInt(data.founded, 3000);
      const size = str(data.size, 50);
      const fields = compact<CompanyFields>({
        name: titleCase(str(data.display_name, 300) ?? str(data.name, 300)),
        domain: web.domain,
        website: web.website,
        description: str(data.summary, 2000) ?? str(data.headline, 500),
        industry: titleCase(str(data.industry, 200)),
        size: size && /^\d+(-\d+|\+)$/.test(size) ? size : employees ? sizeBand(employees) : undefined,
        employeeCount: employees,
        foundedYear: founded && founded >= 1500 ? founded : undefined,
        address: addr,
        socialLinks: socialLinks([data.linkedin_url, data.twitter_url, data.facebook_url]),
        timeZone: timeZoneOf(addr),
      });
      return { status: 'matched', fields, confidence: likelihood(response.json) };
    },
  };
}
