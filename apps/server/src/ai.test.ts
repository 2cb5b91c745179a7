import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRealPostgres } from '@nexus/testing';
import { createManualClock, createTestApp, type SignedUp, type TestApp } from './test-support';

type Headers = { authorization: string };

async function create(t: TestApp, who: { headers: Headers }, object: string, payload: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/${object}`, headers: who.headers, payload });
  if (res.statusCode !== 201) throw new Error(`create ${object} failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** `n` open deals in `stageId`, then closed: won where `won(i)`, else lost. */
async function closedDeals(t: TestApp, who: { headers: Headers }, n: number, deal: (i: number) => Record<string, unknown>, won: (i: number) => boolean, stages: { won: { id: string }; lost: { id: string } }) {
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/deals/batch/create', headers: who.headers, payload: { records: Array.from({ length: n }, (_, i) => deal(i)) } });
  expect(created.statusCode, created.body).toBe(201);
  const ids = created.json<{ data: Array<{ id: string }> }>().data.map((d) => d.id);
  const closed = await t.app.inject({ method: 'POST', url: '/api/v1/deals/batch/update', headers: who.headers, payload: { records: ids.map((id, i) => ({ id, stageId: won(i) ? stages.won.id : stages.lost.id })) } });
  expect(closed.statusCode, closed.body).toBe(200);
}

async function stagesOf(t: TestApp, who: { headers: Headers }) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/pipelines', headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  const pipeline = res.json<{ data: Array<{ id: string; stages: Array<{ id: string; name: string; type: string; probability: number }> }> }>().data[0]!;
  const open = pipeline.stages.filter((s) => s.type === 'open');
  return { pipelineId: pipeline.id, first: open[0]!, later: open[open.length - 1]!, won: pipeline.stages.find((s) => s.type === 'won')!, lost: pipeline.stages.find((s) => s.type === 'lost')! };
}

describe('AI Engine on the local provider', () => {
  let t: TestApp;
  let owner: SignedUp;
  let other: SignedUp;
  let stages: Awaited<ReturnType<typeof stagesOf>>;
  let acme: { id: string };
  let ada: { id: string };
  let deal: { id: string };

  beforeAll(async () => {
    t = await createTestApp({ relay: true, env: { AI_CHAIN: 'local', AI_SCORE_MIN_OUTCOMES: '30', AI_MAX_TEXT_CHARS: '5000' } });
    owner = await t.signup({ name: 'Sam Seller' });
    other = await t.signup();
    stages = await stagesOf(t, owner);
    acme = await create(t, owner, 'companies', { name: 'Acme Corp', domain: 'acme.com', industry: 'Manufacturing' });
    ada = await create(t, owner, 'contacts', { firstName: 'Ada', lastName: 'Lovelace', emails: ['ada@acme.com'], title: 'VP Engineering', companyId: acme.id, leadSource: 'referral' });
    deal = await create(t, owner, 'deals', { name: 'Acme rollout', amount: '48000', currency: 'USD', stageId: stages.first.id, companyId: acme.id, contactIds: [ada.id], closeDate: '2020-01-31' });
    await create(t, owner, 'activities', { type: 'meeting', subject: 'Discovery call with Ada', body: 'Walked through the rollout plan.', contactIds: [ada.id], dealIds: [deal.id] });
    await create(t, owner, 'activities', { type: 'task', subject: 'Send the proposal', dueAt: new Date(Date.now() + 86_400_000).toISOString(), status: 'open', dealIds: [deal.id] });
    await t.relay?.drain();
  });
  afterAll(() => t.close());

  it('analyses a message offline: intent with confidence, entities, sentiment, keywords, summary', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ai/analyze',
      headers: owner.headers,
      payload: { text: 'Hi Sam,\n\nCould you send me your pricing for 200 seats? We have a budget of $50,000. Call me on +44 20 7946 0958 or write to ada@acme.com.\n\nThanks, Ada' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ intent: { label: string; confidence: number }; entities: Array<{ type: string; text: string; value?: string }>; sentiment: { label: string }; summary: string; keywords: string[]; ai: { provider: string; fallback: boolean } }>();
    expect(body.intent.label).toBe('pricing_question');
    expect(body.intent.confidence).toBeGreaterThan(0.3);
    expect(body.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'email', text: 'ada@acme.com' }), expect.objectContaining({ type: 'phone', value: '+442079460958' })]));
    expect(body.entities.some((e) => e.type === 'money')).toBe(true);
    expect(body.summary.length).toBeGreaterThan(0);
    expect(body.ai).toMatchObject({ provider: 'local', fallback: false });
  });

  it('refuses empty, binary and oversized text with a precise 4xx', async () => {
    const call = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/ai/analyze', headers: owner.headers, payload: payload as Record<string, unknown> });
    const empty = await call({ text: '   ' });
    expect(empty.statusCode).toBe(400);
    const binary = await call({ text: 'PK\u0003\u0004\u0000\u0001\u0002binary' });
    expect(binary.statusCode).toBe(400);
    expect(binary.json<{ error: { message: string } }>().error.message).toMatch(/binary/);
    const huge = await call({ text: 'word '.repeat(2_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json<{ error: { message: string } }>().error.message).toMatch(/5,000 characters/);
    const wrongType = await call({ text: 42 });
    expect(wrongType.statusCode).toBe(400);
  });

  it('turns a plain-English question into a query the list API runs', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ai/query', headers: owner.headers, payload: { question: 'my deals over 50k closing this quarter' } });
    expect(res.statusCode, res.body).toBe(200);
    const query = res.json<{ resource: string; filter: Record<string, Record<string, unknown>>; sort: string | null }>();
    expect(query.resource).toBe('deals');
    expect(query.filter.ownerId).toEqual({ eq: owner.userId });
    expect(query.filter.amount).toEqual({ gt: '50000' });
    expect(Object.keys(query.filter.closeDate ?? {})).toEqual(expect.arrayContaining(['gte', 'lte']));
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/deals`, headers: owner.headers, query: { filter: JSON.stringify(query.filter), ...(query.sort ? { sort: query.sort } : {}) } });
    expect(list.statusCode, list.body).toBe(200);
    const hostile = await t.app.inject({ method: 'POST', url: '/api/v1/ai/query', headers: owner.headers, payload: { question: "'; drop table deals; -- 🙂" } });
    expect(hostile.statusCode).toBe(200);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/ai/query', headers: owner.headers, payload: { question: '' } });
    expect(empty.statusCode).toBe(400);
  });

  it('briefs a deal from its record and timeline, citing the facts it used', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/deals/${deal.id}/brief`, headers: owner.headers });
    expect(res.statusCode, res.body).toBe(200);
    const brief = res.json<{ summary: string; facts: Array<{ id: string; label: string; value: string; source: { object: string; id: string } }> }>();
    expect(brief.summary).toContain(stages.first.name);
    expect(brief.summary).not.toMatch(/undefined|null/);
    expect(brief.facts.length).toBeGreaterThan(2);
    expect(brief.facts.some((f) => f.source.id === deal.id)).toBe(true);
    for (const object of ['contacts', 'companies']) {
      const id = object === 'contacts' ? ada.id : acme.id;
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/${object}/${id}/brief`, headers: owner.headers });
      expect(one.statusCode, one.body).toBe(200);
    }
  });

  it('drafts a follow-up grounded in the timeline', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ai/draft', headers: owner.headers, payload: { kind: 'follow_up', contactId: ada.id, dealId: deal.id } });
    expect(res.statusCode, res.body).toBe(200);
    const draft = res.json<{ subject: string; body: string }>();
    expect(draft.body).toMatch(/Hi Ada/);
    expect(draft.body).toContain('Discovery call with Ada');
    expect(draft.body).toContain('Sam Seller');
  });

  it('streams a draft as server-sent events, ending with the whole draft', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ai/draft/stream', headers: owner.headers, payload: { kind: 'intro', contactId: ada.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = res.body
      .trim()
      .split('\n\n')
      .map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') as Record<string, unknown> }));
    expect(events.at(-1)?.event).toBe('done');
    const done = events.at(-1)!.data as { subject: string; body: string; ai: { provider: string } };
    expect(done.body).toMatch(/^Hi Ada,/);
    expect(done.subject.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('')).toBe(`Subject: ${done.subject}\n\n${done.body}`);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/ai/draft/stream', headers: other.headers, payload: { kind: 'intro', contactId: ada.id } });
    expect(missing.statusCode).toBe(404);
  });

  it("answers 404 for records of another workspace and for unknown ids, never leaking them", async () => {
    for (const [method, url, payload] of [
      ['GET', `/api/v1/deals/${deal.id}/brief`, undefined],
      ['GET', `/api/v1/contacts/${ada.id}/score`, undefined],
      ['GET', `/api/v1/deals/${deal.id}/insights`, undefined],
      ['POST', '/api/v1/ai/draft', { kind: 'intro', contactId: ada.id }],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: other.headers, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain('Ada');
    }
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/deals/01900000-0000-7000-8000-000000000000/insights', headers: owner.headers });
    expect(unknown.statusCode).toBe(404);
    const badKind = await t.app.inject({ method: 'POST', url: '/api/v1/ai/draft', headers: owner.headers, payload: { kind: 'poem', contactId: ada.id } });
    expect(badKind.statusCode).toBe(400);
    const neither = await t.app.inject({ method: 'POST', url: '/api/v1/ai/draft', headers: owner.headers, payload: { kind: 'intro' } });
    expect(neither.statusCode).toBe(400);
  });

  it('scores below the data floor from rules, says so, and refreshes on events', async () => {
    const score = await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${ada.id}/score`, headers: owner.headers });
    expect(score.statusCode, score.body).toBe(200);
    const lead = score.json<{ data: { score: number; source: string; factors: Array<{ label: string }>; dataFloor: { status: string; need: { won: number } } } }>().data;
    expect(lead.source).toBe('rules');
    expect(lead.dataFloor).toMatchObject({ status: 'insufficient_data', need: { won: 30 } });
    expect(lead.score).toBeGreaterThan(20);
    expect(lead.factors.map((f) => f.label).join(' ')).toMatch(/VP Engineering/);

    const read = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/deals/${deal.id}/insights`, headers: owner.headers })).json<{ data: { score: number; computedAt: string; factors: Array<{ feature: string }> } }>().data;
    const before = await read();
    expect(before.factors.map((f) => f.feature)).toContain('closeDatePassed');
    // Moving the close date into the future is an event the stored score follows.
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/deals/${deal.id}`, headers: owner.headers, payload: { closeDate: '2099-01-31', stageId: stages.later.id } });
    expect(patch.statusCode, patch.body).toBe(200);
    await t.relay?.drain();
    const after = await read();
    expect(after.factors.map((f) => f.feature)).not.toContain('closeDatePassed');
    expect(after.score).toBeGreaterThan(before.score);
    expect(new Date(after.computedAt).getTime()).toBeGreaterThanOrEqual(new Date(before.computedAt).getTime());
  });

  it('trains a model once outcomes pass the floor, keeps it only if it beats the rules, and lists its versions', async () => {
    const seller = await t.signup();
    const own = await stagesOf(t, seller);
    const n = 200;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deals/batch/create',
      headers: seller.headers,
      payload: { records: Array.from({ length: n }, (_, i) => ({ name: `Deal ${i}`, amount: String(1000 + ((i * 37) % 50) * 1000), currency: 'USD', stageId: own.first.id })) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ids = created.json<{ data: Array<{ id: string }> }>().data.map((d) => d.id);
    // The workspace's history: larger deals mostly won, smaller ones mostly lost; the rules cannot see that, a model can.
    const amountOf = (i: number) => 1000 + ((i * 37) % 50) * 1000;
    const won = (i: number) => (amountOf(i) >= 25_000) !== (i % 10 === 0);
    const closed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deals/batch/update',
      headers: seller.headers,
      payload: { records: ids.map((id, i) => ({ id, stageId: won(i) ? own.won.id : own.lost.id })) },
    });
    expect(closed.statusCode, closed.body).toBe(200);

    const retrain = await t.app.inject({ method: 'POST', url: '/api/v1/ai/models/retrain', headers: seller.headers, payload: { task: 'win_probability' } });
    expect(retrain.statusCode, retrain.body).toBe(200);
    const [result] = retrain.json<{ data: Array<{ status: string; model: { version: number; state: string; metrics: { candidate: { auc: number } } } }> }>().data;
    expect(result?.status, retrain.body).toBe('activated');
    expect(result?.model.metrics.candidate.auc).toBeGreaterThan(0.7);

    const open = await create(t, seller, 'deals', { name: 'New one', amount: '5000', currency: 'USD', stageId: own.first.id });
    await create(t, seller, 'activities', { type: 'meeting', subject: 'Kick-off', dealIds: [open.id], occurredAt: new Date(Date.now() - 86_400_000).toISOString() });
    await t.relay?.drain();
    const insights = await t.app.inject({ method: 'GET', url: `/api/v1/deals/${open.id}/insights`, headers: seller.headers });
    const view = insights.json<{ data: { source: string; model: { version: number }; factors: Array<{ label: string }>; dataFloor: { status: string } } }>().data;
    expect(view).toMatchObject({ source: 'model', model: { version: 1 }, dataFloor: { status: 'ready' } });
    expect(view.factors.length).toBeGreaterThan(0);

    // Retraining on the same history cannot beat the model that serves: it is kept, and the new version is listed as rejected.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/ai/models/retrain', headers: seller.headers, payload: { task: 'win_probability' } });
    expect(again.json<{ data: Array<{ status: string }> }>().data[0]?.status).toBe('kept');
    const models = await t.app.inject({ method: 'GET', url: '/api/v1/ai/models', headers: seller.headers });
    const versions = models.json<{ data: Array<{ version: number; state: string; metrics: { candidate: { auc: number; brier: number } } }> }>().data;
    expect(versions.map((v) => [v.version, v.state])).toEqual([
      [2, 'rejected'],
      [1, 'active'],
    ]);
    expect(versions[1]?.metrics.candidate.brier).toBeLessThan(0.25);
    // The schedule skips a round whose outcomes have not changed since the newest version.
    await t.ai.retrainAll();
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/ai/models', headers: seller.headers });
    expect(after.json<{ data: unknown[] }>().data).toHaveLength(2);
    const member = await t.app.inject({ method: 'POST', url: '/api/v1/ai/models/retrain', headers: owner.headers, payload: { task: 'nonsense' } });
    expect(member.statusCode).toBe(400);
  }, 120_000);

  it('trains a lead model that beats the rules, which are judged without seeing how the leads ended', async () => {
    const marketer = await t.signup();
    // Webinar leads mostly became customers, trade-show leads mostly did not; the rules give neither source points, a model learns it.
    const customer = (i: number) => (i % 2 === 0) !== (i % 10 <= 1);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts/batch/create',
      headers: marketer.headers,
      payload: { records: Array.from({ length: 200 }, (_, i) => ({ firstName: `Lead ${i}`, leadSource: i % 2 === 0 ? 'webinar' : 'trade_show', lifecycleStage: customer(i) ? 'customer' : 'unqualified' })) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const retrain = await t.app.inject({ method: 'POST', url: '/api/v1/ai/models/retrain', headers: marketer.headers, payload: { task: 'lead_score' } });
    expect(retrain.statusCode, retrain.body).toBe(200);
    const [result] = retrain.json<{ data: Array<{ status: string; model: { metrics: { against: { contender: string; metrics: { auc: number } } } } }> }>().data;
    expect(result?.model.metrics.against).toMatchObject({ contender: 'rules', metrics: { auc: 0.5 } });
    expect(result?.status, retrain.body).toBe('activated');
    const lead = await create(t, marketer, 'contacts', { firstName: 'New', lastName: 'Lead', leadSource: 'webinar' });
    await t.relay?.drain();
    const score = await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${lead.id}/score`, headers: marketer.headers });
    expect(score.json<{ data: { source: string } }>().data.source).toBe('model');
  }, 120_000);

  it("refreshes the lead score of a contact taken off a deal", async () => {
    const grace = await create(t, owner, 'contacts', { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@navy.example'] });
    const pilot = await create(t, owner, 'deals', { name: 'Navy pilot', stageId: stages.first.id, contactIds: [grace.id] });
    await t.relay?.drain();
    const features = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${grace.id}/score`, headers: owner.headers })).json<{ data: { factors: Array<{ feature: string }> } }>().data.factors.map((f) => f.feature);
    expect(await features()).toContain('openDeals');
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/deals/${pilot.id}`, headers: owner.headers, payload: { contactIds: [] } });
    expect(patch.statusCode, patch.body).toBe(200);
    await t.relay?.drain();
    expect(await features()).not.toContain('openDeals');
  });

  // Only PostgreSQL runs the two requests' transactions side by side; PGlite has one connection and runs them one after the other.
  it.runIf(isRealPostgres)('answers retrains clicked at once, each with its own version', async () => {
    const admin = await t.signup();
    const own = await stagesOf(t, admin);
    await closedDeals(t, admin, 120, (i) => ({ name: `Deal ${i}`, amount: String(1000 + i * 100), stageId: own.first.id }), (i) => i % 2 === 0, own);
    const all = await Promise.all([1, 2, 3, 4].map(() => t.app.inject({ method: 'POST', url: '/api/v1/ai/models/retrain', headers: admin.headers, payload: { task: 'win_probability' } })));
    for (const res of all) expect(res.statusCode, res.body).toBe(200);
    const models = await t.app.inject({ method: 'GET', url: '/api/v1/ai/models', headers: admin.headers });
    expect(models.json<{ data: Array<{ version: number }> }>().data.map((m) => m.version)).toEqual([4, 3, 2, 1]);
  });

  it('records every call: usage with totals, providers, and metrics', async () => {
    const usage = await t.app.inject({ method: 'GET', url: '/api/v1/ai/usage', headers: owner.headers });
    expect(usage.statusCode, usage.body).toBe(200);
    const body = usage.json<{ totals: { calls: number }; byFeature: Array<{ key: string; calls: number }>; data: Array<{ feature: string; provider: string; outcome: string }>; budget: { spentThisMonthUsd: number } }>();
    expect(body.byFeature.map((f) => f.key)).toEqual(expect.arrayContaining(['analyze', 'query', 'brief', 'draft']));
    expect(body.data[0]).toMatchObject({ provider: 'local', outcome: 'ok' });
    expect(body.budget.spentThisMonthUsd).toBe(0);
    const otherUsage = await t.app.inject({ method: 'GET', url: '/api/v1/ai/usage', headers: other.headers });
    expect(otherUsage.json<{ totals: { calls: number } }>().totals.calls).toBe(0);
    const providers = await t.app.inject({ method: 'GET', url: '/api/v1/ai/providers', headers: owner.headers });
    expect(providers.json<{ data: Array<{ name: string; status: string }> }>().data).toEqual([expect.objectContaining({ name: 'local', status: 'healthy' })]);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/nexus_ai_requests_total\{provider="local",feature="analyze",outcome="ok"\} [1-9]/);
  });
});

describe('AI scores as time passes', () => {
  const clock = createManualClock(new Date());
  let t: TestApp;
  let owner: SignedUp;
  let stages: Awaited<ReturnType<typeof stagesOf>>;
  const day = 86_400_000;
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp({ clock, relay: true, env: { AI_CHAIN: 'local', AI_SCORE_MIN_OUTCOMES: '30', SESSION_TTL_HOURS: String(24 * 365) } });
    owner = await t.signup();
    stages = await stagesOf(t, owner);
  });
  afterAll(() => t.close());

  it('recomputes stored scores on the schedule, for changes no event announces', async () => {
    const deal = await create(t, owner, 'deals', { name: 'Renewal', stageId: stages.later.id, closeDate: dayOf(Date.now() + 2 * day) });
    await t.relay?.drain();
    const factors = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/deals/${deal.id}/insights`, headers: owner.headers })).json<{ data: { factors: Array<{ feature: string }> } }>().data.factors.map((f) => f.feature);
    expect(await factors()).not.toContain('closeDatePassed');
    clock.advance(5 * day);
    await t.ai.retrainAll();
    expect(await factors()).toContain('closeDatePassed');
  });

  it('judges the rules on the hold-out as they scored each deal while it was open', async () => {
    const seller = await t.signup();
    const own = await stagesOf(t, seller);
    // Every close date lay ahead while the deals were open, and has passed by the time the model is trained.
    clock.set(new Date(Date.now() + 60 * day));
    await closedDeals(t, seller, 120, (i) => ({ name: `Deal ${i}`, stageId: own.later.id, closeDate: dayOf(Date.now() + 30 * day), amount: String(1000 * (i + 1)) }), (i) => i % 2 === 0, own);
    const retrain = await t.app.inject({ method: 'POST', url: '/api/v1/ai/models/retrain', headers: seller.headers, payload: { task: 'win_probability' } });
    expect(retrain.statusCode, retrain.body).toBe(200);
    const against = retrain.json<{ data: Array<{ model: { metrics: { against: { contender: string; metrics: { brier: number; rows: number; positives: number } } } } }> }>().data[0]?.model.metrics.against;
    expect(against?.contender).toBe('rules');
    // The same prediction for every deal: the stage's probability, less 10 points for no activity yet; no penalty for a close date that had not passed.
    const p = (own.later.probability - 10) / 100;
    const { rows, positives } = against!.metrics;
    expect(against?.metrics.brier).toBeCloseTo((positives * (1 - p) ** 2 + (rows - positives) * p ** 2) / rows, 6);
  }, 120_000);
});
