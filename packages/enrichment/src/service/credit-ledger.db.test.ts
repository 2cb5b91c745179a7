import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@nexus/platform';
import { createTestDb, isRealPostgres, type TestDb } from '@nexus/testing';
import { createDbCreditLedger } from './credit-ledger';

describe('database credit ledger', () => {
  let t: TestDb;
  const a = newId();
  const b = newId();

  beforeAll(async () => {
    t = await createTestDb();
    await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'A'), ($2, 'B')`, [a, b]);
  });
  afterAll(() => t.close());

  it('grants credits up to the monthly budget per workspace and provider, and gives back what a call did not bill', async () => {
    const ledger = createDbCreditLedger(t.db, { monthlyCredits: 2 });
    const pdl = { workspaceId: a, period: '2026-03', provider: 'people_data_labs', amount: 1 };
    expect(await ledger.reserve(pdl)).toEqual({ granted: true, used: 1, budget: 2 });
    expect(await ledger.reserve(pdl)).toEqual({ granted: true, used: 2, budget: 2 });
    expect(await ledger.reserve(pdl)).toEqual({ granted: false, used: 2, budget: 2 });
    // Another provider, workspace or month has its own budget.
    expect(await ledger.reserve({ ...pdl, provider: 'apollo' })).toMatchObject({ granted: true, used: 1 });
    expect(await ledger.reserve({ ...pdl, workspaceId: b })).toMatchObject({ granted: true, used: 1 });
    expect(await ledger.reserve({ ...pdl, period: '2026-04' })).toMatchObject({ granted: true, used: 1 });
    await ledger.release(pdl);
    expect(await ledger.reserve(pdl)).toMatchObject({ granted: true, used: 2 });
    expect(await ledger.reserve({ ...pdl, workspaceId: newId(), amount: 3 })).toEqual({ granted: false, used: 0, budget: 2 });
    expect(await ledger.used(a, '2026-03')).toEqual({ people_data_labs: 2, apollo: 1 });
  });

  it.runIf(isRealPostgres)('never overspends when many enrichments reserve at once', async () => {
    const ledger = createDbCreditLedger(t.db, { monthlyCredits: 5 });
    const request = { workspaceId: a, period: '2027-01', provider: 'people_data_labs', amount: 1 };
    const answers = await Promise.all(Array.from({ length: 20 }, () => ledger.reserve(request)));
    expect(answers.filter((r) => r.granted)).toHaveLength(5);
    expect(await ledger.used(a, '2027-01')).toEqual({ people_data_labs: 5 });
  });
});
