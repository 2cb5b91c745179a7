import { isAppError } from '@nexus/platform';
import { describe, expect, it } from 'vitest';
import type { DedupeRecord } from './field-spec';
import { findDuplicates, matchRecord, recordBlockingKeys } from './find-duplicates';
import { companyBlocking, companyFields, contactBlocking, contactFields } from './presets';

const contacts: DedupeRecord[] = [
  { id: 'c1', fields: { firstName: 'William', lastName: 'Turner', emails: ['w.turner@gmail.com'], phones: ['+1 415 555 0134'], company: 'Acme Inc', address: '12 High Street' } },
  { id: 'c2', fields: { firstName: 'Bill', lastName: 'Turner', emails: ['wturner+crm@googlemail.com'], phones: ['(415) 555-0134'], company: 'ACME', address: '12 High St.' } },
  { id: 'c3', fields: { firstName: 'Wilma', lastName: 'Turner', emails: ['wilma@globex.com'], phones: ['+1 212 555 0199'], company: 'Globex Corp', address: '9 Park Lane' } },
  { id: 'c4', fields: { firstName: 'Ann', lastName: 'Lee', emails: ['ann.lee@initech.com'], phones: [], company: 'Initech', address: null } },
  { id: 'c5', fields: { firstName: 'Anne', lastName: 'Lee', emails: ['ann.lee@initech.com'], phones: ['+1 646 555 0101'], company: 'Initech LLC', address: null } },
  { id: 'c6', fields: { firstName: 'Zoë', lastName: 'Müller', emails: ['zoe@beispiel.de'], phones: [], company: null, address: null } },
];

describe('findDuplicates', () => {
  it('groups the same people and says which fields matched', () => {
    const run = findDuplicates(contacts, { fields: contactFields, blocking: contactBlocking, defaultCountry: 'US' });
    expect(run.stats.model.source).toBe('fallback');
    const groups = run.groups.map((g) => [...g.ids].sort());
    expect(groups).toContainEqual(['c1', 'c2']);
    expect(groups).toContainEqual(['c4', 'c5']);
    expect(groups.flat()).not.toContain('c3');
    const turner = run.groups.find((g) => g.ids.includes('c1'))!;
    expect(turner.reasons.map((r) => r.field)).toEqual(expect.arrayContaining(['emails', 'phones', 'lastName', 'firstName']));
    expect(turner.score).toBeGreaterThan(0.9);
  });

  it('auto-merges only above the configured confidence', () => {
    const strict = findDuplicates(contacts, { fields: contactFields, blocking: contactBlocking, defaultCountry: 'US', thresholds: { review: 0.5, autoMerge: 0.999 } });
    expect(strict.groups.every((g) => g.decision === 'review')).toBe(true);
    const lenient = findDuplicates(contacts, { fields: contactFields, blocking: contactBlocking, defaultCountry: 'US', thresholds: { review: 0.5, autoMerge: 0.6 } });
    expect(lenient.groups.find((g) => g.ids.includes('c1'))!.decision).toBe('auto_merge');
  });

  it('refuses thresholds out of order', () => {
    try {
      findDuplicates(contacts, { fields: contactFields, blocking: contactBlocking, thresholds: { review: 0.9, autoMerge: 0.5 } });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('validation_failed');
    }
  });

  it('learns its weights by EM once there are enough candidate pairs', () => {
    const many: DedupeRecord[] = [];
    const surnames = ['Smith', 'Jones', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright'];
    const givens = ['James', 'Mary', 'John', 'Linda', 'Peter', 'Susan', 'David', 'Karen', 'Paul', 'Helen'];
    for (let i = 0; i < 600; i++) {
      const first = givens[i % 10]!;
      const last = surnames[Math.floor(i / 10) % 10]!;
      many.push({ id: `p${i}`, fields: { firstName: first, lastName: last, emails: [`${first}.${last}${i}@mail.com`], phones: [`+1 415 555 ${String(1000 + i)}`] } });
      if (i % 10 === 0) many.push({ id: `d${i}`, fields: { firstName: first, lastName: last, emails: [`${first}.${last}${i}@mail.com`.toUpperCase()], phones: [`(415) 555-${String(1000 + i)}`] } });
    }
    const run = findDuplicates(many, { fields: contactFields, blocking: contactBlocking, defaultCountry: 'US', minPairsToLearn: 500 });
    expect(run.stats.model.source).toBe('fitted');
    expect(run.stats.model.fit?.method).toBe('em');
    const found = new Set(run.groups.filter((g) => g.ids.length === 2).map((g) => [...g.ids].sort().join('+')));
    for (let i = 0; i < 600; i += 10) expect(found.has(`d${i}+p${i}`)).toBe(true);
    expect(run.groups.length).toBe(60);
  });

  it('logs and reports blocks it skipped for their size', () => {
    const shared: DedupeRecord[] = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, fields: { firstName: `N${i}`, lastName: `F${i}x`, emails: [`n${i}@x.com`], phones: ['+1 415 555 0100'] } }));
    const warnings: unknown[] = [];
    const log = { warn: (details: unknown) => void warnings.push(details) } as unknown as Parameters<typeof findDuplicates>[1]['log'];
    const run = findDuplicates(shared, { fields: contactFields, blocking: contactBlocking, maxBlockSize: 5, log });
    expect(run.stats.oversizeBlocks).toEqual([{ rule: 'phone-last-7', key: '5550100', size: 8 }]);
    expect(warnings).toEqual([{ skippedBlocks: 1, largest: run.stats.oversizeBlocks }]);
  });

  it('serves companies with the same engine', () => {
    const companies: DedupeRecord[] = [
      { id: 'a', fields: { name: 'Acme Widgets, Inc.', domain: 'https://www.acme-widgets.com/', phones: ['+44 20 7946 0018'] } },
      { id: 'b', fields: { name: 'ACME Widgets Ltd', domain: 'acme-widgets.com', phones: ['020 7946 0018'] } },
      { id: 'c', fields: { name: 'Acme Anvils', domain: 'acme-anvils.com', phones: [] } },
    ];
    const run = findDuplicates(companies, { fields: companyFields, blocking: companyBlocking, defaultCountry: 'GB' });
    expect(run.groups.map((g) => g.ids)).toEqual([['a', 'b']]);
    expect(run.groups[0]!.reasons.map((r) => r.field)).toEqual(expect.arrayContaining(['domain', 'name', 'phones']));
  });
});

describe('checks on create and import', () => {
  it('gives the blocking keys to store beside a record', () => {
    const keys = recordBlockingKeys(contacts[1]!, contactFields, contactBlocking, { defaultCountry: 'US' });
    expect(keys).toContainEqual({ rule: 'email', key: 'wturner@gmail.com' });
    expect(keys).toContainEqual({ rule: 'phone-last-7', key: '5550134' });
  });

  it('scores one new record against its candidates, best first', () => {
    const incoming: DedupeRecord = { id: 'new', fields: { firstName: 'Will', lastName: 'Turner', emails: ['W.Turner@gmail.com'], phones: [] } };
    const matches = matchRecord(incoming, contacts.slice(0, 4), { fields: contactFields, defaultCountry: 'US' });
    expect(matches[0]!.ids).toEqual(['new', 'c1']);
    expect(matches.map((m) => m.ids[1])).not.toContain('c4');
  });
});
