import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@nexus/testing';
import { newId } from '@nexus/platform';
import { findCandidateRecords } from './find-candidates';

describe('findCandidateRecords by name and colleague keys', () => {
  let t: TestDb;
  const workspace = newId();
  const other = newId();
  const acme = newId();
  const globex = newId();
  const id: Record<string, string> = {};

  async function contact(ws: string, key: string, values: { first: string | null; last: string | null; company?: string }): Promise<void> {
    id[key] = newId();
    await t.db.systemQuery(`insert into contacts (id, workspace_id, first_name, last_name, company_id) values ($1, $2, $3, $4, $5)`, [id[key], ws, values.first, values.last, values.company ?? null]);
  }

  beforeAll(async () => {
    t = await createTestDb();
    for (const ws of [workspace, other]) await t.db.systemQuery(`insert into workspaces (id, name) values ($1, 'W')`, [ws]);
    for (const [company, name] of [
      [acme, 'Acme'],
      [globex, 'Globex'],
    ] as const) {
      await t.db.systemQuery(`insert into companies (id, workspace_id, name) values ($1, $2, $3)`, [company, workspace, name]);
    }
    await contact(workspace, 'jonSmith', { first: 'Jon', last: 'Smith' });
    await contact(workspace, 'janeSMYTHE', { first: 'JANE', last: 'SMYTHE' });
    await contact(workspace, 'adaSmith', { first: 'Ada', last: 'Smith' });
    await contact(workspace, 'noFirstSmith', { first: null, last: 'Smith' });
    await contact(workspace, 'jimAtAcme', { first: 'Jim', last: 'Brown', company: acme });
    await contact(workspace, 'annAtAcme', { first: 'Ann', last: 'Green', company: acme });
    await contact(workspace, 'joAtGlobex', { first: 'Jo', last: 'White', company: globex });
    await contact(other, 'jonSmithElsewhere', { first: 'Jon', last: 'Smith' });
  });
  afterAll(() => t.close());

  const found = async (probe: Parameters<typeof findCandidateRecords>[2]) =>
    (await t.db.withWorkspace(workspace, (tx) => findCandidateRecords(tx, 'contacts', probe))).map((r) => r.id).sort();

  it('finds a surname\u2019s first three letters with the first initial, in any case, in the caller\u2019s workspace only', async () => {
    expect(await found({ people: [{ firstName: 'john', lastName: 'smithers' }] })).toEqual([id.jonSmith]);
    expect(await found({ people: [{ firstName: 'jane', lastName: 'smyth' }] })).toEqual([id.janeSMYTHE]);
  });

  it('finds every first name for a probe without one, and none for a record without a first name when the probe has one', async () => {
    expect(await found({ people: [{ firstName: null, lastName: 'Smi' }] })).toEqual([id.jonSmith, id.adaSmith, id.noFirstSmith].sort());
    expect(await found({ people: [{ firstName: 'Ada', lastName: 'Smith' }] })).toEqual([id.adaSmith]);
  });

  it('finds colleagues at the same company with the same first initial', async () => {
    expect(await found({ colleagues: [{ companyId: acme, firstName: 'james' }] })).toEqual([id.jimAtAcme]);
    expect(await found({ colleagues: [{ companyId: globex, firstName: 'Ann' }] })).toEqual([]);
  });

  it('takes the keys of a whole batch at once', async () => {
    expect(
      await found({
        people: [
          { firstName: 'Ada', lastName: 'Smith' },
          { firstName: 'Jane', lastName: 'Smythe' },
        ],
        colleagues: [
          { companyId: acme, firstName: 'Anne' },
          { companyId: globex, firstName: 'Joe' },
        ],
      }),
    ).toEqual([id.adaSmith, id.janeSMYTHE, id.annAtAcme, id.joAtGlobex].sort());
  });
});
