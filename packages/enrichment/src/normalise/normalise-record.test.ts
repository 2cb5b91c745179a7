import { describe, expect, it } from 'vitest';
import { normaliseCompany, normaliseContact } from './normalise-record';

const now = new Date('2026-03-01T12:00:00Z');
const at = '2026-03-01T12:00:00.000Z';

describe('normaliseContact', () => {
  it('splits a single name column, cleans emails and phones and derives the time zone', () => {
    const result = normaliseContact(
      { fullName: 'LOVELACE, ADA M.', emails: ['Ada@Example.com', 'nope', 'ada@example.com'], phones: ['020 7946 0958', '12'], address: { city: 'london', country: 'UK' } },
      { now },
    );
    expect(result.values).toEqual({
      firstName: 'Ada M.',
      lastName: 'Lovelace',
      emails: ['ada@example.com'],
      phones: ['+442079460958'],
      address: { city: 'london', country: 'GB' },
      timeZone: 'Europe/London',
    });
    expect(result.issues).toEqual([
      { field: 'emails', index: 1, reason: 'invalid_syntax', input: 'nope' },
      { field: 'phones', index: 1, reason: 'too_short', input: '12' },
    ]);
    expect(result.provenance.firstName).toEqual({ source: 'normalisation', confidence: 0.9, at });
    expect(result.provenance.timeZone).toEqual({ source: 'normalisation', confidence: 1, at });
    expect(result.provenance.phones).toEqual({ source: 'normalisation', confidence: 1, at });
  });

  it('capitalises separate name fields without re-casing deliberate ones and records no provenance for untouched values', () => {
    const result = normaliseContact({ firstName: 'DeShawn', lastName: "o'BRIEN", emails: ['d@example.com'] }, { now });
    expect(result.values).toMatchObject({ firstName: 'DeShawn', lastName: "O'Brien", emails: ['d@example.com'] });
    expect(result.provenance.firstName).toBeUndefined();
    expect(result.provenance.emails).toBeUndefined();
    expect(result.provenance.lastName).toEqual({ source: 'normalisation', confidence: 1, at });
  });

  it('uses the workspace country for phones when the address has none, and guesses the zone of a multi-zone country with lower confidence', () => {
    const us = normaliseContact({ phones: ['(415) 555-2671'], address: { country: 'United States' } }, { now });
    expect(us.values.phones).toEqual(['+14155552671']);
    expect(us.values.timeZone).toBe('America/New_York');
    expect(us.provenance.timeZone?.confidence).toBe(0.6);
    const ca = normaliseContact({ phones: ['(415) 555-2671'], address: { country: 'US', region: 'CA' } }, { now });
    expect(ca.values.timeZone).toBe('America/Los_Angeles');
    expect(normaliseContact({ phones: ['030 12345678'] }, { now, defaultCountry: 'DE' }).values.phones).toEqual(['+493012345678']);
    expect(normaliseContact({ phones: ['030 12345678'] }, { now }).issues).toEqual([{ field: 'phones', index: 0, reason: 'missing_country', input: '030 12345678' }]);
  });

  it('accepts an address with cleared (null) parts as the CRM stores it', () => {
    expect(normaliseContact({ address: { street: null, city: ' Leeds ', country: 'United Kingdom' } }, { now }).values).toEqual({ address: { city: 'Leeds', country: 'GB' }, timeZone: 'Europe/London' });
  });

  it('reports a junk name instead of storing it', () => {
    expect(normaliseContact({ firstName: '!!!', lastName: 'ada@example.com' }, { now }).issues.map((i) => i.reason)).toEqual(['no_letters', 'looks_like_email']);
  });
});

describe('normaliseCompany', () => {
  it('canonicalises the website, derives the domain and keeps the name as styled', () => {
    const result = normaliseCompany({ name: '  eBay ', website: 'WWW.EBAY.COM/?utm_source=x', phone: '+1 408 376 7400', address: { city: 'San Jose', region: 'California', country: 'USA' } }, { now });
    expect(result.values).toEqual({
      name: 'eBay',
      website: 'https://ebay.com',
      domain: 'ebay.com',
      phone: '+14083767400',
      address: { city: 'San Jose', region: 'California', country: 'US' },
      timeZone: 'America/Los_Angeles',
    });
    expect(result.provenance.domain).toEqual({ source: 'normalisation', confidence: 0.95, at });
    expect(result.issues).toEqual([]);
  });

  it('normalises a typed domain and reports invalid ones', () => {
    expect(normaliseCompany({ domain: 'https://www.Acme.co.uk/about' }, { now }).values.domain).toBe('acme.co.uk');
    expect(normaliseCompany({ domain: 'localhost', website: 'javascript:alert(1)' }, { now }).issues).toEqual([
      { field: 'website', reason: 'unsupported_scheme', input: 'javascript:alert(1)' },
      { field: 'domain', reason: 'missing_tld', input: 'localhost' },
    ]);
  });
});
