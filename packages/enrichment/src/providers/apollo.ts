import { sizeBand, type CompanyFields, type PersonFields } from '../fields';
import { isRecord } from '../internal/text';
import { normaliseEmail } from '../normalise/email';
import { normaliseUrl } from '../normalise/url';
import { baseUrl, failureForStatus, providerFailure, requestJson, type JsonResponse } from './http-json';
import { address, compact, countryCode, emailList, list, nameField, phoneList, positiveInt, record, socialLinks, str, timeZoneOf, titleCase, websiteAndDomain } from './map-fields';
import type { CompanyQuery, EnrichmentProvider, PersonQuery, ProviderLookup } from './provider';

export interface ApolloOptions {
  apiKey: string;
  /** Default https://api.apollo.io. */
  baseUrl?: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** Ask Apollo to reveal personal emails (costs extra credits on Apollo's side). Default false. */
  revealPersonalEmails?: boolean;
  fetch?: typeof fetch;
  /** Provenance source name. Default "apollo". */
  name?: string;
}

/**
 * Apollo: `POST /api/v1/people/match` and `GET /api/v1/organizations/enrich?domain=`
 * with the key in `x-api-key`. Apollo gives no match likelihood, so
 * confidence comes from what the match was keyed on (email or LinkedIn URL:
 * 0.85; name and company: 0.7; a company by domain: 0.85).
 *
 * @example
 * const apollo = createApolloProvider({ apiKey: config.apolloApiKey });
 * await apollo.enrichCompany({ domain: 'acme.com' });
 */
export function createApolloProvider(options: ApolloOptions): EnrichmentProvider {
  const name = options.name ?? 'apollo';
  const root = baseUrl(options.baseUrl ?? 'https://api.apollo.io');
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers = { 'x-api-key': options.apiKey, 'cache-control': 'no-cache' };

  function failIfError(response: JsonResponse): void {
    if (response.status === 200) {
      if (!isRecord(response.json)) throw providerFailure(name, 'malformed_response', `${name} sent an unexpected body`, { status: 200 });
      return;
    }
    if (response.status === 404) return;
    const body = record(response.json);
    const message = str(body.error, 300) ?? str(body.message, 300) ?? 'no message';
    // Apollo reports an exhausted plan as 422 "insufficient credits" as well as 402.
    if (response.status === 422 && /credit/i.test(message)) throw providerFailure(name, 'out_of_credits', `${name} account is out of credits: ${message}`, { status: 422 });
    throw failureForStatus(name, response, message);
  }

  return {
    name,
    creditCost: { person: 1, company: 1 },

    async enrichPerson(query: PersonQuery, callOptions = {}): Promise<ProviderLookup<PersonFields>> {
      const body: Record<string, unknown> = { reveal_personal_emails: options.revealPersonalEmails ?? false };
      const email = query.email ? normaliseEmail(query.email) : undefined;
      if (email?.valid) body.email = email.value;
      const profile = query.linkedinUrl ? normaliseUrl(query.linkedinUrl) : undefined;
      if (profile?.valid) body.linkedin_url = profile.value;
      if (query.firstName) body.first_name = query.firstName;
      if (query.lastName) body.last_name = query.lastName;
      if (query.name && !query.firstName && !query.lastName) body.name = query.name;
      if (query.companyDomain) body.domain = query.companyDomain;
      if (query.companyName) body.organization_name = query.companyName;
      const hasName = Boolean(body.name ?? (body.first_name && body.last_name));
      if (!body.email && !body.linkedin_url && !(hasName && (body.domain ?? body.organization_name))) {
        return { status: 'insufficient_query', detail: 'needs an email, a LinkedIn URL, or a name with a company' };
      }
      const response = await requestJson({ provider: name, fetch: fetchImpl, url: new URL('api/v1/people/match', root), method: 'POST', headers, body, timeoutMs, signal: callOptions.signal });
      failIfError(response);
      const person = record(response.json).person;
      if (response.status === 404 || typeof person !== 'object' || person === null) return { status: 'no_match' };
      const p = record(person);
      const org = record(p.organization);
      const country = countryCode(p.country);
      const addr = address({ city: p.city, region: p.state, country: p.country });
      const company = websiteAndDomain(org.primary_domain ?? org.website_url);
      const phones = list(p.phone_numbers).map((n) => record(n).sanitized_number ?? record(n).raw_number);
      const fields = compact<PersonFields>({
        firstName: nameField(p.first_name),
        lastName: nameField(p.last_name),
        emails: emailList([p.email, ...(options.revealPersonalEmails ? list(p.personal_emails) : [])]),
        phones: phoneList(phones, country),
        title: titleCase(str(p.title, 300)),
        address: addr,
        socialLinks: socialLinks([p.linkedin_url, p.twitter_url, p.facebook_url, p.github_url]),
        companyName: str(org.name, 300),
        companyDomain: company.domain,
        timeZone: timeZoneOf(addr),
      });
      return { status: 'matched', fields, confidence: body.email || body.linkedin_url ? 0.85 : 0.7 };
    },

    async enrichCompany(query: CompanyQuery, callOptions = {}): Promise<ProviderLookup<CompanyFields>> {
      const site = websiteAndDomain(query.domain ?? query.website);
      if (!site.domain) return { status: 'insufficient_query', detail: 'Apollo enriches companies by domain only' };
      const url = new URL('api/v1/organizations/enrich', root);
      url.searchParams.set('domain', site.domain);
      const response = await requestJson({ provider: name, fetch: fetchImpl, url, method: 'GET', headers, timeoutMs, signal: callOptions.signal });
      failIfError(response);
      const organization = record(response.json).organization;
      if (response.status === 404 || typeof organization !== 'object' || organization === null) return { status: 'no_match' };
      const o = record(organization);
      const country = countryCode(o.country);
      const addr = address({ street: o.street_address, city: o.city, region: o.state, postalCode: o.postal_code, country: o.country });
      const web = websiteAndDomain(o.website_url ?? o.primary_domain);
      const employees = positiveInt(o.estimated_num_employees);
      const founded = positiveInt(o.founded_year, 3000);
      const primaryPhone = record(o.primary_phone);
      const [phone] = phoneList([primaryPhone.sanitized_number, primaryPhone.number, o.sanitized_phone, o.phone], country);
      const logo = str(o.logo_url, 2048);
      const logoUrl = logo ? normaliseUrl(logo) : undefined;
      const fields = compact<CompanyFields>({
        name: str(o.name, 300),
        domain: websiteAndDomain(o.primary_domain).domain ?? web.domain,
        website: web.website,
        description: str(o.short_description, 2000),
        industry: titleCase(str(o.industry, 200)),
        size: employees ? sizeBand(employees) : undefined,
        employeeCount: employees,
        foundedYear: founded && founded >= 1500 ? founded : undefined,
        address: addr,
        phone,
        logoUrl: logoUrl?.valid ? logo : undefined,
        socialLinks: socialLinks([o.linkedin_url, o.twitter_url, o.facebook_url, o.crunchbase_url]),
        timeZone: timeZoneOf(addr),
      });
      return { status: 'matched', fields, confidence: 0.85 };
    },
  };
}
