import { describe, expect, it } from 'vitest';
import { isAppError } from '@nexus/platform';
import { objectSpecs } from '../objects/object-specs';
import { checkFieldChoices, mergeColumns, mergeableFields } from './merge-values';

const contacts = objectSpecs.contacts;
const survivor = {
  id: 's',
  external_id: 'crm-1',
  first_name: 'Jon',
  last_name: 'Smith',
  emails: ['jon@acme.com'],
  phones: [],
  title: null,
  address: null,
  tags: ['vip'],
  custom_fields: { tier: 'gold', region: '' },
  company_id: null,
  owner_id: 'u1',
};
const merged = {
  id: 'm',
  external_id: 'crm-2',
  first_name: 'John',
  last_name: 'Smyth',
  emails: ['jon@acme.com', 'john@home.example'],
  phones: ['+14155550100'],
  title: 'CTO',
  address: { city: 'Oslo' },
  tags: ['newsletter', 'vip'],
  custom_fields: { tier: 'silver', region: 'EMEA' },
  company_id: 'k1',
  owner_id: 'u2',
};

describe('mergeColumns', () => {
  it('keeps the survivor’s values, fills its blanks from the merged record and unions emails, phones and tags', () => {
    const out = mergeColumns(contacts, survivor, [merged], {});
    expect(out).toMatchObject({
      first_name: 'Jon',
      last_name: 'Smith',
      title: 'CTO',
      address: { city: 'Oslo' },
      company_id: 'k1',
      owner_id: 'u1',
      emails: ['jon@acme.com', 'john@home.example'],
      phones: ['+14155550100'],
      tags: ['vip', 'newsletter'],
      external_id: 'crm-1',
    });
    // Key by key, the survivor's non-empty keys winning.
    expect(out.custom_fields).toEqual({ tier: 'gold', region: 'EMEA' });
  });

  it('takes a chosen record’s value as it is, even an empty one, and no union for a chosen list', () => {
    const out = mergeColumns(contacts, survivor, [merged], { lastName: 'm', emails: 'm', title: 's' });
    expect(out.last_name).toBe('Smyth');
    expect(out.emails).toEqual(['jon@acme.com', 'john@home.example']);
    expect(out.title).toBeNull();
    const tagsFromSurvivor = mergeColumns(contacts, survivor, [merged], { tags: 's' });
    expect(tagsFromSurvivor.tags).toEqual(['vip']);
  });

  it('fills a blank from the first merged record that has a value, in the order given', () => {
    const third = { ...merged, id: 'x', title: 'VP' };
    expect(mergeColumns(contacts, survivor, [{ ...merged, title: '' }, third], {}).title).toBe('VP');
  });
});

describe('checkFieldChoices', () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return isAppError(error) ? { code: error.code, details: error.details } : error;
    }
    return undefined;
  };

  it('accepts writable fields pointing at records of the merge', () => {
    expect(refusal(() => checkFieldChoices(contacts, { firstName: 'm', emails: 's' }, ['s', 'm']))).toBeUndefined();
  });

  it('refuses read-only or unknown fields and records outside the merge, naming each', () => {
    expect(refusal(() => checkFieldChoices(contacts, { version: 'm', nope: 's', title: 'zz' }, ['s', 'm']))).toEqual({
      code: 'validation_failed',
      details: [
        { path: 'fieldChoices.version', message: expect.stringContaining('not a field') },
        { path: 'fieldChoices.nope', message: expect.stringContaining('not a field') },
        { path: 'fieldChoices.title', message: 'must be survivorId or one of mergedIds' },
      ],
    });
  });

  it('lists only fields a client may write', () => {
    expect(mergeableFields(objectSpecs.companies)).toEqual(expect.arrayContaining(['name', 'domain', 'website', 'address', 'tags']));
    expect(mergeableFields(objectSpecs.companies)).not.toContain('createdAt');
    expect(mergeableFields(contacts)).not.toContain('id');
  });
});
