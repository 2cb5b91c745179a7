import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface StageSummary {
  stageId: string;
  count: number;
  totals: { currency: string; amount: string; weighted: string }[];
}
interface Pipeline {
  id: string;
  isDefault: boolean;
  stages: { id: string; name: string; probability: number }[];
}

describe('GET /api/v1/pipelines/:id/summary', () => {
  let t: TestApp;
  let owner: SignedUp;
  let member: { headers: { authorization: string } };
  let pipeline: Pipeline;
  const stage = (name: string) => {
    const found = pipeline.stages.find((s) => s.name === name);
    if (!found) throw new Error(`no stage ${name}`);
    return found.id;
  };

  async function deal(headers: { authorization: string }, payload: Record<string, unknown>): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/deals', headers, payload: { pipelineId: pipeline.id, ...payload } });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function summary(headers: { authorization: string }, id = pipeline.id) {
    return t.app.inject({ method: 'GET', url: `/api/v1/pipelines/${id}/summary`, headers });
  }

  async function stagesOf(headers: { authorization: string }): Promise<Map<string, StageSummary>> {
    const res = await summary(headers);
    expect(res.statusCode).toBe(200);
    return new Map(res.json<{ stages: StageSummary[] }>().stages.map((s) => [s.stageId, s]));
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.signup();
    const pipelines = await t.app.inject({ method: 'GET', url: '/api/v1/pipelines', headers: owner.headers });
    const found = pipelines.json<{ data: Pipeline[] }>().data.find((p) => p.isDefault);
    if (!found) throw new Error('no default pipeline');
    pipeline = found;

    const invite = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: owner.headers, payload: { email: 'summary-member@example.com', role: 'member' } });
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: invite.json<{ token: string }>().token, name: 'Member', password: 'member-password-1' },
    });
    member = { headers: { authorization: `Bearer ${accepted.json<{ token: string }>().token}` } };

    // Qualified (25 %): two USD deals, one EUR deal, one without an amount, one deleted.
    await deal(owner.headers, { name: 'A', amount: '1000.10', currency: 'USD', stageId: stage('Qualified') });
    await deal(owner.headers, { name: 'B', amount: '3.33', currency: 'USD', stageId: stage('Qualified') });
    await deal(owner.headers, { name: 'C', amount: '200', currency: 'EUR', stageId: stage('Qualified') });
    await deal(owner.headers, { name: 'No amount', currency: 'USD', stageId: stage('Qualified') });
    const gone = await deal(owner.headers, { name: 'Deleted', amount: '999999', currency: 'USD', stageId: stage('Qualified') });
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/deals/${gone}`, headers: owner.headers });
    expect(removed.statusCode).toBe(204);
    // Proposal (50 %): a member's own deal.
    await deal(member.headers, { name: 'Mine', amount: '10.01', currency: 'USD', stageId: stage('Proposal') });
    // Won (100 %) and Lost (0 %).
    await deal(owner.headers, { name: 'Won', amount: '500', currency: 'USD', stageId: stage('Won') });
    await deal(owner.headers, { name: 'Lost', amount: '700', currency: 'USD', stageId: stage('Lost') });
  });
  afterAll(() => t.close());

  it('lists every stage in position order, empty ones with no totals', async () => {
    const res = await summary(owner.headers);
    expect(res.statusCode).toBe(200);
    const stages = res.json<{ stages: StageSummary[] }>().stages;
    expect(stages.map((s) => s.stageId)).toEqual(pipeline.stages.map((s) => s.id));
    expect(stages.find((s) => s.stageId === stage('Lead'))).toEqual({ stageId: stage('Lead'), count: 0, totals: [] });
  });

  it('counts deals and sums amounts per stage and currency, leaving out deleted deals', async () => {
    const stages = await stagesOf(owner.headers);
    const qualified = stages.get(stage('Qualified'));
    expect(qualified?.count).toBe(4);
    expect(qualified?.totals).toEqual([
      { currency: 'EUR', amount: '200.00', weighted: '50.00' },
      { currency: 'USD', amount: '1003.43', weighted: '250.8575' },
    ]);
    expect(stages.get(stage('Proposal'))).toEqual({ stageId: stage('Proposal'), count: 1, totals: [{ currency: 'USD', amount: '10.01', weighted: '5.005' }] });
  });

  it("weighs by the stage's probability: all of a won deal, nothing of a lost one", async () => {
    const stages = await stagesOf(owner.headers);
    expect(stages.get(stage('Won'))?.totals).toEqual([{ currency: 'USD', amount: '500.00', weighted: '500.00' }]);
    expect(stages.get(stage('Lost'))?.totals).toEqual([{ currency: 'USD', amount: '700.00', weighted: '0.00' }]);
  });

  it('counts a deal without an amount but shows no money line for its currency', async () => {
    const id = await deal(owner.headers, { name: 'Unpriced', currency: 'GBP', stageId: stage('Negotiation') });
    const negotiation = (await stagesOf(owner.headers)).get(stage('Negotiation'));
    expect(negotiation).toEqual({ stageId: stage('Negotiation'), count: 1, totals: [] });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/deals/${id}`, headers: owner.headers })).statusCode).toBe(204);
  });

  it('follows a deal that moves to another stage', async () => {
    const id = await deal(owner.headers, { name: 'Mover', amount: '100', currency: 'USD', stageId: stage('Lead') });
    expect((await stagesOf(owner.headers)).get(stage('Lead'))?.totals).toEqual([{ currency: 'USD', amount: '100.00', weighted: '10.00' }]);
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/deals/${id}`, headers: owner.headers, payload: { stageId: stage('Negotiation') } });
    expect(moved.statusCode).toBe(200);
    const stages = await stagesOf(owner.headers);
    expect(stages.get(stage('Lead'))?.count).toBe(0);
    expect(stages.get(stage('Negotiation'))?.totals).toEqual([{ currency: 'USD', amount: '100.00', weighted: '75.00' }]);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/deals/${id}`, headers: owner.headers });
  });

  it('shows a member under "only my records" just their own deals', async () => {
    const before = await stagesOf(member.headers);
    // Before the rule the member sees everyone's deals.
    expect(before.get(stage('Qualified'))?.count).toBe(4);
    const set = await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: owner.headers, payload: { visibility: { member: 'own' } } });
    expect(set.statusCode).toBe(200);
    try {
      const stages = await stagesOf(member.headers);
      expect([...stages.values()].map((s) => [s.stageId, s.count])).toEqual(pipeline.stages.map((s) => [s.id, s.name === 'Proposal' ? 1 : 0]));
      expect(stages.get(stage('Proposal'))?.totals).toEqual([{ currency: 'USD', amount: '10.01', weighted: '5.005' }]);
      expect(stages.get(stage('Qualified'))?.totals).toEqual([]);
      // The owner still sees everything.
      expect((await stagesOf(owner.headers)).get(stage('Qualified'))?.count).toBe(4);
    } finally {
      await t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers: owner.headers, payload: { visibility: { member: 'all' } } });
    }
  });

  it('answers 404 for an unknown pipeline and for one of another workspace', async () => {
    const unknown = await summary(owner.headers, randomUUID());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('not_found');
    const stranger = await t.signup();
    const foreign = await summary(stranger.headers);
    expect(foreign.statusCode).toBe(404);
  });
});
