import { describe, expect, it } from 'vitest';
import { isAppError } from '@nexus/platform';
import { validateCustomValues, type CustomFieldDefinition } from './custom-fields';

const def = (key: string, type: CustomFieldDefinition['type'], options: string[] | null = null): CustomFieldDefinition => ({
  id: '00000000-0000-7000-8000-000000000000',
  object: 'contacts',
  key,
  label: key,
  type,
  options,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const definitions = [
  def('tier', 'select', ['gold', 'silver']),
  def('interests', 'multi_select', ['api', 'mobile']),
  def('seats', 'number'),
  def('arr', 'currency'),
  def('renewal', 'date'),
  def('vip', 'boolean'),
  def('site', 'url'),
  def('billing', 'email'),
  def('hotline', 'phone'),
  def('notes', 'text'),
];

function problems(values: Record<string, unknown>): string[] {
  try {
    validateCustomValues(definitions, values);
    return [];
  } catch (error) {
    if (!isAppError(error)) throw error;
    return (error.details as { path: string }[]).map((d) => d.path);
  }
}

describe('custom field values', () => {
  it('accepts a valid value of every type', () => {
    const values = {
      tier: 'gold',
      interests: ['api'],
      seats: 12,
      arr: '1200.50',
      renewal: '2027-02-28',
      vip: true,
      site: 'https://example.com',
      billing: 'ap@example.com',
      hotline: '+1 555 0100',
      notes: 'hello',
    };
    expect(validateCustomValues(definitions, values)).toEqual(values);
  });

  it('names every invalid value', () => {
    expect(
      problems({ tier: 'bronze', interests: ['desktop'], seats: '12', arr: 12.5, renewal: '2027-02-30', vip: 'yes', site: 'javascript:alert(1)', billing: 'nope', hotline: 'call me', unknown: 1 }).sort(),
    ).toEqual(
      [
        'customFields.tier',
        'customFields.interests.0',
        'customFields.seats',
        'customFields.arr',
        'customFields.renewal',
        'customFields.vip',
        'customFields.site',
        'customFields.billing',
        'customFields.hotline',
        'customFields.unknown',
      ].sort(),
    );
  });

  it('lets null clear a value', () => {
    expect(validateCustomValues(definitions, { tier: null })).toEqual({ tier: null });
  });
});
