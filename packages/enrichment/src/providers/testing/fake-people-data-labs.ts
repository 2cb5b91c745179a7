import { header, startFakeProviderServer, type FakeProviderServer } from './fake-provider-server';

/** A person as PDL stores it (lower-case values, URLs without scheme); only the fields we read. */
export type PdlPerson = Record<string, unknown> & { full_name: string };
/** A company as PDL's company API answers it (fields at the top level). */
export type PdlCompany = Record<string, unknown> & { name: string; website?: string };

export interface FakePeopleDataLabs extends FakeProviderServer {
  /** Matches still billable before the account answers 402. */
  creditsLeft(): number;
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase().trim() : '');
const bareUrl = (v: unknown): string => lower(v).replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');

/**
 * A local server speaking People Data Labs' v5 enrichment API: X-Api-Key
 * authentication (401), person matches by email, phone, profile, or name with
 * company (likelihood 9, 9, 9, 6), min_likelihood (404 below it), company
 * matches by website, profile or name, PDL's error bodies, and billing per
 * match (402 once the credits are spent).
 *
 * @example
 * const pdl = await startFakePeopleDataLabs({ apiKey: 'k', persons: [{ full_name: 'ada lovelace', work_email: 'ada@acme.com' }] });
 * const provider = createPeopleDataLabsProvider({ apiKey: 'k', baseUrl: pdl.url });
 */
export async function startFakePeopleDataLabs(seed: { apiKey: string; persons?: PdlPerson[]; companies?: PdlCompany[]; credits?: number }): Promise<FakePeopleDataLabs> {
  let credits = seed.credits ?? Number.POSITIVE_INFINITY;
  const persons = seed.persons ?? [];
  const companies = seed.companies ?? [];
  const error = (status: number, type: string, message: string) => ({ status, body: { status, error: { type, message } } });

  const server = await startFakeProviderServer((request) => {
    if (header(request, 'x-api-key') !== seed.apiKey) return error(401, 'authentication_error', 'Invalid API key');
    const q = request.query;
    const minLikelihood = Number(q.min_likelihood ?? '2');
    if (request.method === 'GET' && request.path === '/v5/person/enrich') {
      if (!q.email && !q.phone && !q.profile && !q.name && !(q.first_name && q.last_name)) return error(400, 'invalid_request_error', 'Request needs at least one identifying parameter');
      let match: { person: PdlPerson; likelihood: number } | undefined;
      for (const person of persons) {
        const emails = [person.work_email, ...((person.personal_emails as unknown[]) ?? []), ...((person.emails as Array<{ address: unknown }>) ?? []).map((e) => e.address)].map(lower);
        if (q.email && emails.includes(lower(q.email))) match = { person, likelihood: 9 };
        else if (q.phone && [person.mobile_phone, ...((person.phone_numbers as unknown[]) ?? [])].map(lower).includes(lower(q.phone))) match = { person, likelihood: 9 };
        else if (q.profile && bareUrl(person.linkedin_url) === bareUrl(q.profile)) match = { person, likelihood: 9 };
        else {
          const name = lower(q.name ?? `${q.first_name ?? ''} ${q.last_name ?? ''}`);
          const company = lower(q.company);
          if (name && name === lower(person.full_name) && company && (company === lower(person.job_company_name) || bareUrl(company) === bareUrl(person.job_company_website))) match = { person, likelihood: 6 };
        }
        if (match) break;
      }
      if (!match || match.likelihood < minLikelihood) return error(404, 'not_found', 'No records were found matching your request');
      if (credits <= 0) return error(402, 'payment_required', 'You have hit your account maximum for person enrichment');
      credits -= 1;
      return { status: 200, body: { status: 200, likelihood: match.likelihood, data: match.person } };
    }
    if (request.method === 'GET' && request.path === '/v5/company/enrich') {
      if (!q.website && !q.profile && !q.name) return error(400, 'invalid_request_error', 'Request needs website, profile, name or ticker');
      const company = companies.find(
        (c) => (q.website && bareUrl(c.website) === bareUrl(q.website)) || (q.profile && bareUrl(c.linkedin_url) === bareUrl(q.profile)) || (q.name && lower(c.name) === lower(q.name)),
      );
      const likelihood = company && q.website ? 9 : 6;
      if (!company || likelihood < minLikelihood) return error(404, 'not_found', 'No records were found matching your request');
      if (credits <= 0) return error(402, 'payment_required', 'You have hit your account maximum for company enrichment');
      credits -= 1;
      return { status: 200, body: { status: 200, likelihood, ...company } };
    }
    return error(404, 'not_found', 'Unknown endpoint');
  });
  return { ...server, creditsLeft: () => credits };
}
