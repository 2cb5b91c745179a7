import { objectNames, objectSpecs } from '@nexus/crm-core';
import { isAppError } from '@nexus/platform';
import { describe, expect, it } from 'vitest';
import { importFields, readOnlyPaths, type ImportCustomField } from './field-catalog';
import { assertValidMapping, validateMapping } from './validate-mapping';

const tier: ImportCustomField = { key: 'tier', label: 'Tier', type: 'text', options: null };

describe('validateMapping', () => {
  it('resolves a valid mapping to its columns, skipping unmapped ones', () => {
    const result = validateMapping({ Email: 'emails', Mail2: 'emails', Tier: 'customFields.tier', Notes: null }, 'contacts', [tier]);
    expect(result.ok).toBe(true);
    expect(result.ok && result.columns.map((c) => [c.header, c.field.path])).toEqual([
      ['Email', 'emails'],
      ['Mail2', 'emails'],
      ['Tier', 'customFields.tier'],
    ]);
  });

  it('reports every problem at once, each naming its column', () => {
    const result = validateMapping(
      { A: 'emial', B: 'customFields.nope', C: 'createdAt', D: 'firstName', E: 'firstName', F: 'shoeSize', G: 42 as unknown as string },
      'contacts',
      [tier],
      { headers: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { code: 'unknown_field', path: 'mapping.A', header: 'A', field: 'emial', message: '"emial" is not a field of contacts; did you mean "emails"?' },
      { code: 'unknown_custom_field', path: 'mapping.B', header: 'B', field: 'customFields.nope', message: '"nope" is not a custom field of contacts; create it first or map the column elsewhere' },
      { code: 'read_only_field', path: 'mapping.C', header: 'C', field: 'createdAt', message: '"createdAt" is set by NexusCRM and cannot be imported' },
      { code: 'duplicate_field', path: 'mapping.E', header: 'E', field: 'firstName', message: '"firstName" is already filled from the column "D"; a field takes one column' },
      { code: 'unknown_field', path: 'mapping.F', header: 'F', field: 'shoeSize', message: '"shoeSize" is not a field of contacts' },
      { code: 'invalid_target', path: 'mapping.G', header: 'G', message: 'must be a field name or null' },
    ]);
  });

  it('reports a column the file does not have, and a mapping that maps nothing', () => {
    expect(validateMapping({ Emial: 'emails' }, 'contacts', [], { headers: ['Email'] })).toMatchObject({ ok: false, errors: [{ code: 'unknown_column', message: 'The file has no column "Emial"' }] });
    expect(validateMapping({ Email: null }, 'contacts')).toMatchObject({ ok: false, errors: [{ code: 'empty_mapping', path: 'mapping' }] });
  });

  it('knows fields per object: a deal has an amount, a contact does not', () => {
    expect(validateMapping({ X: 'amount' }, 'deals').ok).toBe(true);
    expect(validateMapping({ X: 'amount' }, 'contacts').ok).toBe(false);
  });

  it('throws a 400 validation error listing the problems for the API', () => {
    try {
      assertValidMapping({ A: 'nope' }, 'companies');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'validation_failed', kind: 'user', message: 'The column mapping is not valid', details: [{ path: 'mapping.A', code: 'unknown_field' }] });
    }
  });
});

describe('the field catalogue', () => {
  it.each(objectNames)('covers every writable field of %s in CRM Core', (object) => {
    const spec = objectSpecs[object];
    const paths = new Set(importFields(object).map((f) => f.path.split('.')[0]));
    const writable = [
      ...Object.entries(spec.fields)
        .filter(([, field]) => !field.readOnly)
        .map(([name]) => name),
      ...Object.entries(spec.relations)
        .filter(([, relation]) => !relation.readOnly)
        .map(([name]) => name),
    ].filter((name) => name !== 'customFields' && !readOnlyPaths[object].includes(name));
    expect(writable.filter((name) => !paths.has(name))).toEqual([]);
  });

  it.each(objectNames)('names no %s field CRM Core does not have, besides lookups and virtual fields', (object) => {
    const spec = objectSpecs[object];
    const unknown = importFields(object)
      .filter((f) => f.target === 'field')
      .map((f) => f.path.split('.')[0] ?? '')
      .filter((name) => !Object.hasOwn(spec.fields, name) && !Object.hasOwn(spec.relations, name));
    expect(unknown).toEqual([]);
  });
});
