import { isAppError } from '@nexus/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPeopleDataLabsProvider } from './people-data-labs';
import { startFakePeopleDataLabs, type FakePeopleDataLabs } from './testing/fake-people-data-labs';
import { pdlAcme, pdlAda } from './testing/seed-records';

let pdl: FakePeopleDataLabs;
beforeEach(async () => {
  pdl = await startFakePeopleDataLabs({ apiKey: 'test-key', persons: [pdlAda], companies: [pdlAcme], credits: 2 });
});
afterEach(async () => {
  await pdl.close();
});

const provider = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  createPeopleDataLabsProvider({ apiKey: options.apiKey ?? 'test-key', baseUrl: pdl.url, timeoutMs: options.timeoutMs ?? 2000 });

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; kind: string; details: unknown; retryAfterSeconds: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, kind: error.kind, details: error.details, retryAfterSeconds: error.retryAfterSeconds };
  }
  throw new Error('expected a failure');
}

describe('People Data Labs provider', () => {
  it('enriches a person by email and maps PDL fields to ours, re-cased and normalised', async () => {
    const result = await provider().enrichPerson({ email: 'Ada@Acme-Robotics.co.uk' });
    expect(result).toEqual({
      status: 'matched',
      confidence: 0.9,
      fields: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        emails: ['ada@acme-robotics.co.uk'],
        phones: ['+447400123456', '+441614960000'],
        title: 'Vice President of Engineering',
        address: { city: 'Manchester', region: 'England', postalCode: 'M1 2AB', country: 'GB' },
        socialLinks: { linkedin: 'https://linkedin.com/in/ada-lovelace-acme', twitter: 'https://twitter.com/ada' },
        companyName: 'Acme Robotics',
        companyDomain: 'acme-robotics.co.uk',
        timeZone: 'Europe/London',
      },
    });
    const [request] = pdl.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/v5/person/enrich', query: { email: 'ada@acme-robotics.co.uk', min_likelihood: '6', titlecase: 'true' } });
    expect(request?.headers['x-api-key']).toBe('test-key');
    expect(JSON.stringify(request?.query)).not.toContain('test-key');
  });

  it('matches by name and company with a lower likelihood, and refuses a query PDL cannot match', async () => {
    const byName = await provider().enrichPerson({ firstName: 'Ada', lastName: 'Lovelace', companyName: 'Acme Robotics' });
    expect(byName).toMatchObject({ status: 'matched', confidence: 0.6 });
    expect(await provider().enrichPerson({ firstName: 'Ada' })).toMatchObject({ status: 'insufficient_query' });
    expect(pdl.requests).toHaveLength(1);
  });

  it('enriches a company by domain from the top-level answer', async () => {
    const result = await provider().enrichCompany({ domain: 'https://www.acme-robotics.co.uk/' });
    expect(result).toEqual({
      status: 'matched',
      confidence: 0.9,
      fields: {
        name: 'Acme Robotics',
        domain: 'acme-robotics.co.uk',
        website: 'https://acme-robotics.co.uk',
        description: 'Acme Robotics builds collaborative robot arms for small factories.',
        industry: 'Industrial Automation',
        size: '51-200',
        employeeCount: 140,
        foundedYear: 2014,
        address: { street: '12 Mill Lane', city: 'Manchester', region: 'England', postalCode: 'M1 2AB', country: 'GB' },
        socialLinks: { linkedin: 'https://linkedin.com/company/acme-robotics', twitter: 'https://twitter.com/acmerobotics' },
        timeZone: 'Europe/London',
      },
    });
    expect(pdl.requests[0]?.query.website).toBe('acme-robotics.co.uk');
  });

  it('answers no_match on a 404', async () => {
    expect(await provider().enrichPerson({ email: 'nobody@example.com' })).toEqual({ status: 'no_match' });
    expect(await provider().enrichCompany({ domain: 'unknown.example' })).toEqual({ status: 'no_match' });
  });

  it('fails with out_of_credits on a 402 once the account is spent', async () => {
    await provider().enrichPerson({ email: 'ada@acme-robotics.co.uk' });
    await provider().enrichCompany({ domain: 'acme-robotics.co.uk' });
    expect(pdl.creditsLeft()).toBe(0);
    expect(await failureOf(provider().enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).toMatchObject({
      code: 'service_unavailable',
      kind: 'operational',
      details: { provider: 'people_data_labs', reason: 'out_of_credits', status: 402 },
    });
  });

  it('fails with rate_limited and the Retry-After on a 429', async () => {
    pdl.failNext({ status: 429, body: { status: 429, error: { type: 'rate_limit_error', message: 'Too many requests' } }, headers: { 'retry-after': '30' } });
    expect(await failureOf(provider().enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).toEqual({
      code: 'rate_limited',
      kind: 'operational',
      details: { provider: 'people_data_labs', reason: 'rate_limited', status: 429 },
      retryAfterSeconds: 30,
    });
  });

  it('fails with server_error on a 500 and malformed_response on broken JSON', async () => {
    pdl.failNext({ status: 500, body: { status: 500, error: { type: 'server_error', message: 'boom' } } });
    expect((await failureOf(provider().enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).details).toEqual({ provider: 'people_data_labs', reason: 'server_error', status: 500 });
    pdl.failNext({ status: 200, body: '{"status": 200, "likelihood": 9, "data": {"full_na' });
    expect((await failureOf(provider().enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).details).toEqual({ provider: 'people_data_labs', reason: 'malformed_response', status: 200 });
    pdl.failNext({ status: 200, body: '[1, 2, 3]' });
    expect((await failureOf(provider().enrichCompany({ domain: 'acme-robotics.co.uk' }))).details).toMatchObject({ reason: 'malformed_response' });
  });

  it('fails with unauthorized (unexpected, needs a person) on a bad key', async () => {
    expect(await failureOf(provider({ apiKey: 'wrong' }).enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).toMatchObject({
      kind: 'unexpected',
      details: { reason: 'unauthorized', status: 401 },
    });
  });

  it('times out on a slow answer and on an unreachable host', async () => {
    pdl.failNext({ status: 200, body: { status: 200 }, delayMs: 2000 });
    const started = Date.now();
    expect((await failureOf(provider({ timeoutMs: 200 }).enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).details).toEqual({ provider: 'people_data_labs', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
    const url = pdl.url;
    await pdl.close();
    const offline = createPeopleDataLabsProvider({ apiKey: 'test-key', baseUrl: url, timeoutMs: 1000 });
    expect((await failureOf(offline.enrichPerson({ email: 'ada@acme-robotics.co.uk' }))).details).toEqual({ provider: 'people_data_labs', reason: 'network' });
    pdl = await startFakePeopleDataLabs({ apiKey: 'test-key' });
  });
});
