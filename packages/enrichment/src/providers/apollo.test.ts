import { isAppError } from '@nexus/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApolloProvider } from './apollo';
import { startFakeApollo, type FakeApollo } from './testing/fake-apollo';
import { apolloCobol, apolloGrace, apolloLocked } from './testing/seed-records';

let apollo: FakeApollo;
beforeEach(async () => {
  apollo = await startFakeApollo({ apiKey: 'apollo-key', people: [apolloGrace, apolloLocked], organizations: [apolloCobol], credits: 3 });
});
afterEach(async () => {
  await apollo.close();
});

const provider = () => createApolloProvider({ apiKey: 'apollo-key', baseUrl: `${apollo.url}/`, timeoutMs: 2000 });

async function detailsOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.details;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('Apollo provider', () => {
  it('matches a person by email with a JSON POST and maps the answer', async () => {
    const result = await provider().enrichPerson({ email: 'grace@cobol-systems.com' });
    expect(result).toEqual({
      status: 'matched',
      confidence: 0.85,
      fields: {
        firstName: 'Grace',
        lastName: 'Hopper',
        emails: ['grace@cobol-systems.com'],
        phones: ['+17035550142'],
        title: 'Chief Technology Officer',
        address: { city: 'Arlington', region: 'Virginia', country: 'US' },
        socialLinks: { linkedin: 'https://linkedin.com/in/gracehopper', github: 'https://github.com/ghopper' },
        companyName: 'COBOL Systems',
        companyDomain: 'cobol-systems.com',
        timeZone: 'America/New_York',
      },
    });
    const [request] = apollo.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/v1/people/match', body: { email: 'grace@cobol-systems.com', reveal_personal_emails: false } });
    expect(request?.headers['x-api-key']).toBe('apollo-key');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('matches by name and domain with lower confidence and drops locked placeholder emails', async () => {
    expect(await provider().enrichPerson({ firstName: 'Grace', lastName: 'Hopper', companyDomain: 'cobol-systems.com' })).toMatchObject({ status: 'matched', confidence: 0.7 });
    const locked = await provider().enrichPerson({ firstName: 'Alan', lastName: 'Turing', companyName: 'Bletchley' });
    expect(locked).toEqual({ status: 'no_match' });
    apollo = await restartWith([{ ...apolloLocked, organization: { name: 'Bletchley', primary_domain: 'bletchley.example' } }]);
    const unlocked = await provider().enrichPerson({ firstName: 'Alan', lastName: 'Turing', companyName: 'Bletchley' });
    expect(unlocked).toMatchObject({ status: 'matched', fields: { firstName: 'Alan', title: 'Researcher' } });
    expect(unlocked.status === 'matched' && unlocked.fields.emails).toBeUndefined();
  });

  it('enriches an organization by domain', async () => {
    const result = await provider().enrichCompany({ website: 'http://www.cobol-systems.com/about' });
    expect(result).toEqual({
      status: 'matched',
      confidence: 0.85,
      fields: {
        name: 'COBOL Systems',
        domain: 'cobol-systems.com',
        website: 'http://cobol-systems.com',
        description: 'Mainframe modernisation.',
        industry: 'Information Technology & Services',
        size: '201-500',
        employeeCount: 320,
        foundedYear: 1959,
        address: { street: '1 Navy Way', city: 'Arlington', region: 'Virginia', postalCode: '22202', country: 'US' },
        phone: '+17035550100',
        logoUrl: 'https://zenprospect-production.s3.amazonaws.com/uploads/pictures/cobol.png',
        socialLinks: { linkedin: 'https://linkedin.com/company/cobol-systems', twitter: 'https://twitter.com/cobolsys', crunchbase: 'https://crunchbase.com/organization/cobol-systems' },
        timeZone: 'America/New_York',
      },
    });
    expect(apollo.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/organizations/enrich', query: { domain: 'cobol-systems.com' } });
  });

  it('answers no_match for { person: null }, an empty organization answer and a 404', async () => {
    expect(await provider().enrichPerson({ email: 'nobody@example.com' })).toEqual({ status: 'no_match' });
    expect(await provider().enrichCompany({ domain: 'unknown.example' })).toEqual({ status: 'no_match' });
    apollo.failNext({ status: 404, body: { error: 'Not found' } });
    expect(await provider().enrichCompany({ domain: 'cobol-systems.com' })).toEqual({ status: 'no_match' });
    expect(await provider().enrichCompany({ name: 'COBOL Systems' })).toMatchObject({ status: 'insufficient_query' });
  });

  it('fails with out_of_credits on 402 and on 422 "insufficient credits", rate_limited on 429', async () => {
    apollo.failNext({ status: 402, body: { error: 'Payment required' } });
    expect(await detailsOf(provider().enrichCompany({ domain: 'cobol-systems.com' }))).toEqual({ provider: 'apollo', reason: 'out_of_credits', status: 402 });
    for (let i = 0; i < 3; i += 1) await provider().enrichCompany({ domain: 'cobol-systems.com' });
    expect(await detailsOf(provider().enrichCompany({ domain: 'cobol-systems.com' }))).toEqual({ provider: 'apollo', reason: 'out_of_credits', status: 422 });
    apollo.failNext({ status: 429, body: { message: 'The maximum number of api calls allowed for api/v1/people/match is 600 times per hour.' } });
    expect(await detailsOf(provider().enrichPerson({ email: 'grace@cobol-systems.com' }))).toEqual({ provider: 'apollo', reason: 'rate_limited', status: 429 });
  });

  it('fails with server_error on a 500, malformed_response on broken JSON, unauthorized on a bad key', async () => {
    apollo.failNext({ status: 500, body: 'Internal Server Error' });
    expect(await detailsOf(provider().enrichPerson({ email: 'grace@cobol-systems.com' }))).toEqual({ provider: 'apollo', reason: 'server_error', status: 500 });
    apollo.failNext({ status: 200, body: '<html>maintenance</html>' });
    expect(await detailsOf(provider().enrichPerson({ email: 'grace@cobol-systems.com' }))).toEqual({ provider: 'apollo', reason: 'malformed_response', status: 200 });
    const wrongKey = createApolloProvider({ apiKey: 'nope', baseUrl: apollo.url });
    expect(await detailsOf(wrongKey.enrichCompany({ domain: 'cobol-systems.com' }))).toEqual({ provider: 'apollo', reason: 'unauthorized', status: 401 });
  });
});

async function restartWith(people: Parameters<typeof startFakeApollo>[0]['people']): Promise<FakeApollo> {
  await apollo.close();
  return startFakeApollo({ apiKey: 'apollo-key', people, organizations: [apolloCobol] });
}
