import { header, startFakeProviderServer, type FakeProviderServer } from './fake-provider-server';

/** A person as Apollo's people/match returns it; only the fields we read. */
export type ApolloPerson = Record<string, unknown> & { first_name: string; last_name: string };
/** An organization as Apollo's organizations/enrich returns it. */
export type ApolloOrganization = Record<string, unknown> & { name: string; primary_domain: string };

export interface FakeApollo extends FakeProviderServer {
  creditsLeft(): number;
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase().trim() : '');
const bareUrl = (v: unknown): string => lower(v).replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');

/**
 * A local server speaking Apollo's enrichment API: `x-api-key`
 * authentication, POST /api/v1/people/match (JSON body or query string;
 * matches by email, LinkedIn URL, or first+last name with domain or
 * organization name; `{ person: null }` when nothing matches) and
 * GET /api/v1/organizations/enrich?domain= (`{}` when unknown), billing per
 * match (422 "insufficient credits" once spent).
 *
 * @example
 * const apollo = await startFakeApollo({ apiKey: 'k', organizations: [{ name: 'Acme', primary_domain: 'acme.com' }] });
 */
export async function startFakeApollo(seed: { apiKey: string; people?: ApolloPerson[]; organizations?: ApolloOrganization[]; credits?: number }): Promise<FakeApollo> {
  let credits = seed.credits ?? Number.POSITIVE_INFINITY;
  const people = seed.people ?? [];
  const organizations = seed.organizations ?? [];
  const server = await startFakeProviderServer((request) => {
    if (header(request, 'x-api-key') !== seed.apiKey) return { status: 401, body: { error: 'Invalid access credentials.', error_code: 'INVALID_API_KEY' } };
    if (request.method === 'POST' && request.path === '/api/v1/people/match') {
      const body = { ...request.query, ...(typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {}) };
      const person = people.find((p) => {
        const org = (p.organization ?? {}) as Record<string, unknown>;
        if (body.email && lower(p.email) === lower(body.email)) return true;
        if (body.linkedin_url && bareUrl(p.linkedin_url) === bareUrl(body.linkedin_url)) return true;
        const sameName = lower(body.first_name) === lower(p.first_name) && lower(body.last_name) === lower(p.last_name) && lower(body.first_name) !== '';
        return sameName && ((body.domain && lower(body.domain) === lower(org.primary_domain)) || (body.organization_name && lower(body.organization_name) === lower(org.name)));
      });
      if (!person) return { status: 200, body: { person: null } };
      if (credits <= 0) return { status: 422, body: { error: 'You have insufficient credits to complete this request.' } };
      credits -= 1;
      return { status: 200, body: { person } };
    }
    if (request.method === 'GET' && request.path === '/api/v1/organizations/enrich') {
      const organization = organizations.find((o) => lower(o.primary_domain) === lower(request.query.domain));
      if (!organization) return { status: 200, body: {} };
      if (credits <= 0) return { status: 422, body: { error: 'You have insufficient credits to complete this request.' } };
      credits -= 1;
      return { status: 200, body: { organization } };
    }
    return { status: 404, body: { error: 'Not found' } };
  });
  return { ...server, creditsLeft: () => credits };
}
