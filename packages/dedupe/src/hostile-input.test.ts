import { describe, expect, it } from 'vitest';
import type { DedupeRecord, FieldSpec } from './field-spec';
import { findDuplicates, matchRecord } from './find-duplicates';
import { contactBlocking, contactFields } from './presets';

const huge = 'Ω'.repeat(10_240);
const everyKind: FieldSpec[] = [
  { field: 'given', kind: 'givenName' },
  { field: 'family', kind: 'familyName' },
  { field: 'full', kind: 'personName' },
  { field: 'org', kind: 'organisationName', comparators: ['softTokens', 'tfidf', 'tokenSet', 'codes'] },
  { field: 'email', kind: 'email' },
  { field: 'phone', kind: 'phone' },
  { field: 'web', kind: 'domain' },
  { field: 'street', kind: 'address' },
  { field: 'zip', kind: 'postcode' },
  { field: 'dob', kind: 'date' },
  { field: 'ref', kind: 'code', comparators: ['levenshtein', 'jaroWinkler', 'exact', 'phonetic'] },
  { field: 'amount', kind: 'number' },
  { field: 'tier', kind: 'category' },
  { field: 'notes', kind: 'text', comparators: ['tfidf', 'tokenSet', 'softTokens', 'codes'] },
];

const hostile: unknown[] = ['', '   ', huge, `${huge} ${huge}`, '😀🎉🔥', 'Дмитрий Иванов', '王小明', 'محمد', '\u0000\u0007\u202e', '=HYPERLINK("x")', '@@@', '+', '0', '-1e309', 'NaN', null, undefined, [], [''], [null], [huge, huge], 42, { nested: true }, Array.from({ length: 500 }, (_, i) => `v${i}@x.com`)];

function hostileRecords(): DedupeRecord[] {
  return hostile.flatMap((value, i) => [
    { id: `h${i}`, fields: Object.fromEntries(everyKind.map((f) => [f.field, value])) as DedupeRecord['fields'] },
    { id: `g${i}`, fields: Object.fromEntries(everyKind.map((f, k) => [f.field, hostile[(i + k) % hostile.length]])) as DedupeRecord['fields'] },
  ]);
}

describe('hostile input', () => {
  it('never throws on empty, huge, emoji, other-script, null or mistyped values', () => {
    const records = hostileRecords();
    const blocking = everyKind.map((f) => ({ name: f.field, parts: [{ field: f.field, transform: 'phonetic' as const }] }));
    const started = performance.now();
    const run = findDuplicates(records, { fields: everyKind, blocking, minPairsToLearn: 1 });
    expect(run.stats.records).toBe(records.length);
    for (const pair of run.pairs) expect(pair.score).toBeGreaterThanOrEqual(0);
    for (const pair of run.pairs) expect(pair.score).toBeLessThanOrEqual(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('scores with the fallback too, and a record with no fields is nobody\'s duplicate', () => {
    const records = hostileRecords();
    const run = findDuplicates(records, { fields: everyKind, blocking: [{ name: 'tier', parts: [{ field: 'tier' }] }] });
    expect(run.stats.model.source).toBe('fallback');
    const empty: DedupeRecord = { id: 'empty', fields: {} };
    expect(matchRecord(empty, records, { fields: everyKind })).toEqual([]);
  });

  it('handles records whose fields object is missing or whose id is not a string', () => {
    const broken = [{ id: 7, fields: null }, { id: 'x' }, { id: 'y', fields: { firstName: 'Ann', lastName: 'Lee' } }] as unknown as DedupeRecord[];
    const run = findDuplicates(broken, { fields: contactFields, blocking: contactBlocking });
    expect(run.groups).toEqual([]);
  });
});
