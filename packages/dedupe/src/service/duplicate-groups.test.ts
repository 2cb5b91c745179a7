import { describe, expect, it } from 'vitest';
import { isAppError } from '@nexus/platform';
import { groupId, groupPairs, pageGroups } from './duplicate-groups';
import type { ScoredPair } from './duplicate-store';

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const reason = (field: string, similarity: number, weight = 1) => ({ field, similarity, weight });
const options = { threshold: 0.5, maxGroupSize: 21 };

describe('groupPairs', () => {
  it('makes one group of a pair, with its score and the fields that matched, strongest first', () => {
    const pairs: ScoredPair[] = [{ a: id(1), b: id(2), score: 0.97, reasons: [reason('lastName', 1, 1.5), reason('emails', 1, 2.5)] }];
    expect(groupPairs('contacts', pairs, options)).toEqual([
      { id: groupId('contacts', [id(1), id(2)]), score: 0.97, records: [id(1), id(2)], reasons: [{ field: 'emails', similarity: 1 }, { field: 'lastName', similarity: 1 }] },
    ]);
  });

  it('does not chain look-alikes: A~B and B~C without A~C stay apart', () => {
    const pairs: ScoredPair[] = [
      { a: id(1), b: id(2), score: 0.9, reasons: [] },
      { a: id(2), b: id(3), score: 0.6, reasons: [] },
    ];
    expect(groupPairs('contacts', pairs, options).map((g) => g.records)).toEqual([[id(1), id(2)]]);
  });

  it('keeps three mutual look-alikes together and reports fields most of their pairs share', () => {
    const pairs: ScoredPair[] = [
      { a: id(1), b: id(2), score: 0.9, reasons: [reason('emails', 1), reason('phones', 1)] },
      { a: id(1), b: id(3), score: 0.8, reasons: [reason('emails', 0.9)] },
      { a: id(2), b: id(3), score: 0.7, reasons: [reason('emails', 0.8)] },
    ];
    const [group] = groupPairs('contacts', pairs, options);
    expect(group?.records).toEqual([id(1), id(2), id(3)]);
    expect(group?.score).toBeCloseTo(0.8, 6);
    expect(group?.reasons).toEqual([{ field: 'emails', similarity: 0.9 }]);
  });

  it('gives a group the same id whatever the order of its members, and a different id per object', () => {
    expect(groupId('contacts', [id(2), id(1)])).toBe(groupId('contacts', [id(1), id(2)]));
    expect(groupId('companies', [id(1), id(2)])).not.toBe(groupId('contacts', [id(1), id(2)]));
    expect(groupId('contacts', [id(1), id(2)])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('pageGroups', () => {
  const pairs: ScoredPair[] = Array.from({ length: 5 }, (_, i) => ({ a: id(i * 2), b: id(i * 2 + 1), score: 0.6 + i * 0.05, reasons: [] }));
  const groups = groupPairs('contacts', pairs, options);

  it('walks every group once, strongest first, page by page', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = pageGroups(groups, 2, cursor);
      seen.push(...page.data.map((g) => g.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(groups.map((g) => g.id));
    expect(groups.map((g) => g.score)).toEqual([...groups.map((g) => g.score)].sort((a, b) => b - a));
  });

  it('refuses a cursor it did not give out', () => {
    for (const cursor of ['nonsense', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      let code: string | undefined;
      try {
        pageGroups(groups, 2, cursor);
      } catch (error) {
        code = isAppError(error) ? error.code : 'other';
      }
      expect(code, cursor).toBe('invalid_cursor');
    }
  });
});
