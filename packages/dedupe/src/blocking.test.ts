import { isAppError } from '@nexus/platform';
import { describe, expect, it } from 'vitest';
import { generateCandidates, type BlockingRule } from './blocking';
import type { DedupeRecord, FieldSpec } from './field-spec';
import { prepareRecords } from './prepare-records';

const fields: FieldSpec[] = [
  { field: 'firstName', kind: 'givenName' },
  { field: 'lastName', kind: 'familyName' },
  { field: 'emails', kind: 'email' },
];

const person = (id: string, firstName: string, lastName: string, emails: string[] = []): DedupeRecord => ({ id, fields: { firstName, lastName, emails } });
const pairsOf = (c: { left: Uint32Array; right: Uint32Array }) => Array.from(c.left, (l, p) => `${l}-${c.right[p]}`);

describe('generateCandidates', () => {
  it('pairs records sharing a key under any rule, each pair once and in order', () => {
    const prepared = prepareRecords(
      [person('a', 'John', 'Smith', ['js@acme.com']), person('b', 'Jon', 'Smyth', ['js@acme.com']), person('c', 'Ann', 'Jones'), person('d', 'J', 'Smith')],
      fields,
    );
    const rules: BlockingRule[] = [
      { name: 'email', parts: [{ field: 'emails' }] },
      { name: 'surname-sound+initial', parts: [{ field: 'lastName', transform: 'phonetic' }, { field: 'firstName', transform: 'initial' }] },
    ];
    const candidates = generateCandidates(prepared, rules);
    expect(pairsOf(candidates)).toEqual(['0-1', '0-3', '1-3']);
    expect(candidates.perRule).toEqual([
      { rule: 'email', pairs: 1 },
      { rule: 'surname-sound+initial', pairs: 3 },
    ]);
  });

  it('with a focus, pairs only the first records with the others and each other, never two of the rest', () => {
    const prepared = prepareRecords(
      [person('new', 'John', 'Smith'), person('old1', 'Jon', 'Smith'), person('old2', 'J', 'Smith'), person('other', 'Ann', 'Jones')],
      fields,
    );
    const rules: BlockingRule[] = [{ name: 'surname+initial', parts: [{ field: 'lastName' }, { field: 'firstName', transform: 'initial' }] }];
    expect(pairsOf(generateCandidates(prepared, rules))).toEqual(['0-1', '0-2', '1-2']);
    expect(pairsOf(generateCandidates(prepared, rules, { focus: 1 }))).toEqual(['0-1', '0-2']);
  });

  it('matches a record on any of its values', () => {
    const prepared = prepareRecords([person('a', 'A', 'X', ['one@acme.com', 'two@acme.com']), person('b', 'B', 'Y', ['two@acme.com']), person('c', 'C', 'Z', ['one@acme.com'])], fields);
    expect(pairsOf(generateCandidates(prepared, [{ name: 'email', parts: [{ field: 'emails' }] }]))).toEqual(['0-1', '0-2']);
  });

  it('skips and reports a block above the cap instead of pairing all its records', () => {
    const records = Array.from({ length: 12 }, (_, i) => person(`r${i}`, `Name${i}`, `Family${i}`, ['info@acme.com']));
    records.push(person('x', 'Ann', 'Lee', ['ann@lee.com']), person('y', 'Ann', 'Lee', ['ann@lee.com']));
    const candidates = generateCandidates(prepareRecords(records, fields), [{ name: 'email', parts: [{ field: 'emails' }] }], { maxBlockSize: 5 });
    expect(pairsOf(candidates)).toEqual(['12-13']);
    expect(candidates.skippedBlocks).toBe(1);
    expect(candidates.oversizeBlocks).toEqual([{ rule: 'email', key: 'info@acme.com', size: 12 }]);
  });

  it('bounds a sorted neighbourhood by its window however common the key', () => {
    const records = Array.from({ length: 200 }, (_, i) => person(`r${i}`, 'John', 'Smith', [`j${i}@x.com`]));
    const candidates = generateCandidates(prepareRecords(records, fields), [
      { name: 'surname', method: 'sortedNeighbourhood', window: 3, parts: [{ field: 'lastName' }] },
    ]);
    expect(candidates.left.length).toBe(199 + 198);
    expect(candidates.skippedBlocks).toBe(0);
  });

  it('stops at maxPairs and says so', () => {
    const records = Array.from({ length: 30 }, (_, i) => person(`r${i}`, 'Ann', 'Lee'));
    const candidates = generateCandidates(prepareRecords(records, fields), [{ name: 'surname', parts: [{ field: 'lastName' }] }], { maxPairs: 100 });
    expect(candidates.left.length).toBe(100);
    expect(candidates.truncated).toBe(true);
  });

  it('leaves out records lacking a key part', () => {
    const prepared = prepareRecords([person('a', '', 'Lee'), person('b', '', 'Lee'), person('c', 'Ann', 'Lee')], fields);
    const candidates = generateCandidates(prepared, [{ name: 'name', parts: [{ field: 'lastName' }, { field: 'firstName', transform: 'initial' }] }]);
    expect(candidates.left.length).toBe(0);
  });

  it('refuses a rule naming a field no spec describes', () => {
    const prepared = prepareRecords([person('a', 'Ann', 'Lee')], fields);
    try {
      generateCandidates(prepared, [{ name: 'bad', parts: [{ field: 'phones' }] }]);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('validation_failed');
    }
  });
});
