import { createCache } from '@nexus/cache';
import { createManualClock, isAppError } from '@nexus/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApolloProvider } from '../providers/apollo';
import { createPeopleDataLabsProvider } from '../providers/people-data-labs';
import { startFakeApollo, type FakeApollo } from '../providers/testing/fake-apollo';
import { startFakePeopleDataLabs, type FakePeopleDataLabs } from '../providers/testing/fake-people-data-labs';
import { apolloCobol, apolloGrace, pdlAcme, pdlAda } from '../providers/testing/seed-records';
import { createEnricher } from './create-enricher';
import { createMemoryCreditLedger } from './ports';

const day = 24 * 3600 * 1000;
let pdl: FakePeopleDataLabs;
let apollo: FakeApollo;

beforeEach(async () => {
  pdl = await startFakePeopleDataLabs({ apiKey: 'pdl-key', persons: [pdlAda], companies: [pdlAcme] });
  apollo = await startFakeApollo({ apiKey: 'apollo-key', people: [apolloGrace], organizations: [apolloCobol] });
});
afterEach(async () => {
  await pdl.close();
  await apollo.close();
});

function setup(options: { budget?: number; hitTtlMs?: number; missTtlMs?: number } = {}) {
  const clock = createManualClock(new Date('2026-03-10T09:00:00Z'));
  const cache = createCache({ kind: 'memory', now: () => clock.now().getTime() });
  const credits = createMemoryCreditLedger({ budget: options.budget ?? 100 });
  const providers = [
    createPeopleDataLabsProvider({ apiKey: 'pdl-key', baseUrl: pdl.url, timeoutMs: 2000 }),
    createApolloProvider({ apiKey: 'apollo-key', baseUrl: apollo.url, timeoutMs: 2000 }),
  ];
  const enricher = createEnricher({ providers, cache, credits, clock, ...options });
  return { clock, cache, credits, enricher };
}

describe('createEnricher', () => {
  it('proposes only empty fields, with the provider as provenance, and spends one credit', async () => {
    const { enricher, credits } = setup();
    const outcome = await enricher.enrichPerson({
      workspaceId: 'ws1',
      query: { email: 'ada@acme-robotics.co.uk' },
      current: { firstName: 'Ada', lastName: 'King', title: null, emails: ['ada@acme-robotics.co.uk'] },
    });
    expect(outcome.status).toBe('enriched');
    expect(outcome.matchedBy).toBe('people_data_labs');
    expect(outcome.creditsSpent).toBe(1);
    expect(credits.used('ws1', '2026-03')).toBe(1);
    const byField = Object.fromEntries(outcome.changes.map((c) => [c.field, c]));
    expect(byField.title).toEqual({ field: 'title', value: 'Vice President of Engineering', previous: null, kind: 'fill', provenance: { source: 'people_data_labs', confidence: 0.9, at: '2026-03-10T09:00:00.000Z' } });
    expect(byField.firstName).toBeUndefined();
    expect(byField.lastName).toBeUndefined();
    expect(byField.emails).toBeUndefined();
    expect(outcome.conflicts).toEqual([{ field: 'lastName', current: 'King', proposed: 'Lovelace', provenance: { source: 'people_data_labs', confidence: 0.9, at: '2026-03-10T09:00:00.000Z' } }]);
  });

  it('answers from the cache within the TTL (no call, no credit) and asks again after it', async () => {
    const { enricher, credits, clock } = setup({ hitTtlMs: 30 * day });
    const input = { workspaceId: 'ws1', query: { domain: 'acme-robotics.co.uk' } };
    const first = await enricher.enrichCompany(input);
    clock.advance(29 * day);
    const second = await enricher.enrichCompany(input);
    expect(second.attempts).toEqual([{ provider: 'people_data_labs', outcome: 'matched', cached: true, creditsSpent: 0 }]);
    expect(second.changes).toEqual(first.changes);
    // The provenance keeps the time the provider answered, not the time of the cache hit.
    expect(second.changes[0]?.provenance.at).toBe('2026-03-10T09:00:00.000Z');
    expect(pdl.requests).toHaveLength(1);
    clock.advance(2 * day);
    // lru-cache (under @nexus/cache's memory cache) reuses its last clock reading for 1 ms of real time.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const third = await enricher.enrichCompany(input);
    expect(third.attempts[0]).toMatchObject({ cached: false, outcome: 'matched' });
    expect(pdl.requests).toHaveLength(2);
    expect(credits.used('ws1', '2026-04')).toBe(1);
  });

  it('keeps caches apart per workspace', async () => {
    const { enricher } = setup();
    await enricher.enrichCompany({ workspaceId: 'ws1', query: { domain: 'acme-robotics.co.uk' } });
    await enricher.enrichCompany({ workspaceId: 'ws2', query: { domain: 'acme-robotics.co.uk' } });
    expect(pdl.requests).toHaveLength(2);
  });

  it('falls through to the next provider on a miss, caches the miss and refunds its credit', async () => {
    const { enricher, credits } = setup();
    const input = { workspaceId: 'ws1', query: { email: 'grace@cobol-systems.com' } };
    const outcome = await enricher.enrichPerson(input);
    expect(outcome.attempts).toEqual([
      { provider: 'people_data_labs', outcome: 'no_match', cached: false, creditsSpent: 0 },
      { provider: 'apollo', outcome: 'matched', cached: false, creditsSpent: 1 },
    ]);
    expect(outcome.matchedBy).toBe('apollo');
    expect(credits.used('ws1', '2026-03')).toBe(1);
    const again = await enricher.enrichPerson(input);
    expect(again.attempts.map((a) => a.cached)).toEqual([true, true]);
    expect(pdl.requests).toHaveLength(1);
    expect(apollo.requests).toHaveLength(1);
  });

  it('stops at the workspace budget and refunds lookups that found nothing', async () => {
    const { enricher, credits } = setup({ budget: 1 });
    expect((await enricher.enrichPerson({ workspaceId: 'ws1', query: { email: 'nobody@example.com' } })).status).toBe('no_match');
    expect(credits.used('ws1', '2026-03')).toBe(0);
    expect((await enricher.enrichCompany({ workspaceId: 'ws1', query: { domain: 'acme-robotics.co.uk' } })).status).toBe('enriched');
    const refused = await enricher.enrichPerson({ workspaceId: 'ws1', query: { email: 'ada@acme-robotics.co.uk' } });
    expect(refused.status).toBe('budget_exhausted');
    expect(refused.attempts).toEqual([{ provider: 'people_data_labs', outcome: 'budget_exhausted', cached: false, creditsSpent: 0, detail: '1 of 1 credits used in 2026-03' }]);
    expect(pdl.requests.map((r) => r.path)).toEqual(['/v5/person/enrich', '/v5/company/enrich']);
    // Another workspace has its own budget.
    expect((await enricher.enrichPerson({ workspaceId: 'ws2', query: { email: 'ada@acme-robotics.co.uk' } })).status).toBe('enriched');
  });

  it('spends nothing when every wanted field is already filled', async () => {
    const { enricher } = setup();
    const outcome = await enricher.enrichCompany({ workspaceId: 'ws1', query: { domain: 'acme-robotics.co.uk' }, current: { industry: 'Robotics', size: '51-200' }, fields: ['industry', 'size'] });
    expect(outcome.status).toBe('nothing_to_fill');
    expect(pdl.requests).toHaveLength(0);
  });

  it('moves on when a provider is out of credits or down, and retries later (throws) when nobody could answer', async () => {
    const { enricher, credits } = setup();
    pdl.failNext({ status: 402, body: { status: 402, error: { type: 'payment_required', message: 'maximum reached' } } });
    const outcome = await enricher.enrichCompany({ workspaceId: 'ws1', query: { domain: 'cobol-systems.com' } });
    expect(outcome.attempts).toEqual([
      { provider: 'people_data_labs', outcome: 'failed', cached: false, creditsSpent: 0, reason: 'out_of_credits', detail: expect.stringContaining('out of credits') },
      { provider: 'apollo', outcome: 'matched', cached: false, creditsSpent: 1 },
    ]);
    expect(credits.used('ws1', '2026-03')).toBe(1);

    pdl.failNext({ status: 500 });
    apollo.failNext({ status: 429, headers: { 'retry-after': '60' } });
    const failure = await enricher.enrichCompany({ workspaceId: 'ws1', query: { domain: 'acme-robotics.co.uk' } }).catch((error: unknown) => error);
    expect(isAppError(failure) && { code: failure.code, kind: failure.kind }).toEqual({ code: 'service_unavailable', kind: 'operational' });
    expect(credits.used('ws1', '2026-03')).toBe(1);
  });

  it('reports a query no provider can use', async () => {
    const { enricher } = setup();
    const outcome = await enricher.enrichPerson({ workspaceId: 'ws1', query: { firstName: 'Ada' } });
    expect(outcome.status).toBe('insufficient_query');
    expect(pdl.requests).toHaveLength(0);
  });

  it('treats a corrupt cache entry as a miss', async () => {
    const clock = createManualClock(new Date('2026-03-10T09:00:00Z'));
    const corrupt = { get: async () => '{not json', set: async () => undefined };
    const enricher = createEnricher({
      providers: [createPeopleDataLabsProvider({ apiKey: 'pdl-key', baseUrl: pdl.url })],
      cache: corrupt,
      credits: createMemoryCreditLedger({ budget: 10 }),
      clock,
    });
    const outcome = await enricher.enrichCompany({ workspaceId: 'ws1', query: { domain: 'acme-robotics.co.uk' } });
    expect(outcome.attempts).toEqual([{ provider: 'people_data_labs', outcome: 'matched', cached: false, creditsSpent: 1 }]);
  });
});
