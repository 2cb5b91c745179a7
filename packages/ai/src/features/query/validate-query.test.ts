import { describe, expect, it } from 'vitest';
import type { ParsedQuery } from './query.schemas';
import { context, stageIds, userId } from './test-support';
import { validateQuery } from './validate-query';

function check(query: Partial<ParsedQuery> & Pick<ParsedQuery, 'filter'>) {
  return validateQuery({ resource: 'deals', sort: null, explanation: 'x', ...query }, context);
}

describe('validateQuery', () => {
  it('accepts a query the list API would run', () => {
    expect(
      check({
        filter: {
          ownerId: { eq: userId },
          amount: { gt: '50000' },
          closeDate: { gte: '2026-10-01', lte: '2026-12-31' },
          stageId: { in: [stageIds.won] },
          tags: { in: ['vip'] },
          contactIds: { isEmpty: false },
          createdAt: { gte: '2026-11-01T23:00:00.000Z' },
          updatedAt: { lt: '2026-11-01T00:00:00+01:00' },
          'customFields.tier': { eq: 'gold' },
        },
        sort: '-amount',
      }),
    ).toEqual({ ok: true });
  });

  it('names a resource that does not exist', () => {
    expect(validateQuery({ resource: 'invoices' as ParsedQuery['resource'], filter: {}, sort: null, explanation: 'x' }, context)).toEqual({
      ok: false,
      error: 'resource must be one of companies, contacts, deals, activities',
    });
  });

  it('names fields the resource does not have, including JSON fields and prototype names', () => {
    expect(check({ filter: { size: { eq: 'big' } } })).toEqual({ ok: false, error: 'filter field "size" does not exist on deals' });
    expect(check({ filter: { emails: { isEmpty: true } } })).toMatchObject({ ok: false });
    expect(validateQuery({ resource: 'contacts', filter: { address: { isEmpty: true } }, sort: null, explanation: 'x' }, context)).toMatchObject({ ok: false });
    expect(check({ filter: { toString: { eq: 'x' }, constructor: { eq: 'x' } } })).toMatchObject({ ok: false, error: expect.stringContaining('"toString"') });
  });

  it('allows custom fields only when the workspace has them on that object', () => {
    expect(check({ filter: { 'customFields.tier': { eq: 'gold' } } })).toEqual({ ok: true });
    expect(check({ filter: { 'customFields.colour': { eq: 'red' } } })).toEqual({ ok: false, error: 'filter field "customFields.colour" does not exist on deals' });
    expect(check({ filter: { 'customFields.regions': { contains: 'EMEA' } } })).toMatchObject({ ok: false });
    expect(validateQuery({ resource: 'deals', filter: { 'customFields.tier': { eq: 'gold' } }, sort: null, explanation: 'x' }, { customFields: [] })).toMatchObject({ ok: false });
  });

  it('refuses operators the field does not take', () => {
    expect(check({ filter: { amount: { contains: '5' } } })).toMatchObject({ ok: false, error: expect.stringContaining('amount contains: contains does not apply') });
    expect(check({ filter: { tags: { gt: 'a' } } })).toMatchObject({ ok: false, error: expect.stringContaining('tags gt') });
    expect(check({ filter: { contactIds: { nin: [userId] } } })).toMatchObject({ ok: false });
    expect(check({ filter: { amount: { between: '1' } as never } })).toMatchObject({ ok: false, error: expect.stringContaining('unknown operator "between"') });
  });

  it('refuses values the list API would answer 400 to', () => {
    expect(check({ filter: { amount: { gt: '50k' } } })).toMatchObject({ ok: false, error: expect.stringContaining('decimal number') });
    expect(check({ filter: { closeDate: { gte: '2026-02-30' } } })).toMatchObject({ ok: false, error: expect.stringContaining('YYYY-MM-DD') });
    expect(check({ filter: { createdAt: { gte: 'yesterday' } } })).toMatchObject({ ok: false, error: expect.stringContaining('ISO 8601') });
    expect(check({ filter: { ownerId: { eq: 'me' } } })).toMatchObject({ ok: false, error: expect.stringContaining('UUID') });
    expect(check({ filter: { stageId: { in: [] } } })).toMatchObject({ ok: false, error: expect.stringContaining('1 to 500') });
    expect(check({ filter: { name: { eq: 'x'.repeat(1001) } } })).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
    expect(check({ filter: { name: { isEmpty: 'yes' as never } } })).toMatchObject({ ok: false, error: expect.stringContaining('true or false') });
    expect(check({ filter: { 'customFields.strategic': { eq: 'yes' } } })).toMatchObject({ ok: false });
  });

  it('refuses a sort on an unknown or unsortable field', () => {
    expect(check({ filter: {}, sort: '-amount' })).toEqual({ ok: true });
    expect(check({ filter: {}, sort: 'customFields.probability' })).toEqual({ ok: true });
    expect(check({ filter: {}, sort: 'tags' })).toEqual({ ok: false, error: 'deals cannot be sorted by "tags"' });
    expect(check({ filter: {}, sort: '-popularity' })).toEqual({ ok: false, error: 'deals cannot be sorted by "popularity"' });
  });

  it('reports every problem at once, for a repair request', () => {
    const result = check({ filter: { size: { eq: 'big' }, amount: { gt: 'lots' } }, sort: 'colour' });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.split('; ')).toHaveLength(3);
  });
});
