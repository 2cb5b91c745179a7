import { describe, expect, it } from 'vitest';
import { parseSignature } from './parse-signature';
import { contactCandidatesFromSignature } from './signature-candidates';
import { dashDashSignature, germanOutlook, htmlSignature, noSignature, plainReplyWithQuote, shortThanks, titleAtCompany } from './testing-emails';

const now = () => new Date('2026-03-01T12:00:00Z');
const values = (sig: ReturnType<typeof parseSignature>) => ({
  name: sig.name?.value,
  title: sig.title?.value,
  company: sig.company?.value,
  email: sig.email?.value,
  website: sig.website?.value,
  linkedinUrl: sig.linkedinUrl?.value,
  phones: sig.phones.map((p) => p.value),
  address: sig.address?.value,
});

describe('parseSignature', () => {
  it('reads the signature after a sign-off and ignores the quoted reply below it', () => {
    const sig = parseSignature(plainReplyWithQuote, { now, defaultCountry: 'GB' });
    expect(sig).toMatchObject({ found: true, anchor: 'sign_off' });
    expect(values(sig)).toEqual({
      name: 'Ada Lovelace',
      title: 'Head of Engineering',
      company: 'Acme Robotics Ltd',
      email: 'ada.lovelace@acme-robotics.co.uk',
      website: 'https://acme-robotics.co.uk',
      linkedinUrl: 'https://linkedin.com/in/ada-lovelace-acme',
      phones: [
        { value: '+447400123456', raw: '+44 7400 123456', label: 'mobile' },
        { value: '+441614960000', raw: '+44 161 496 0000', label: 'office' },
      ],
      address: ['12 Mill Lane, Manchester M1 2AB', 'United Kingdom'],
    });
    // Nothing from Tom's quoted signature leaks in.
    expect(JSON.stringify(sig)).not.toContain('Tom');
    expect(sig.name?.provenance).toEqual({ source: 'signature', confidence: 0.77, at: '2026-03-01T12:00:00.000Z' });
  });

  it('reads a "-- " signature with labelled direct, mobile and fax numbers and a US address', () => {
    const sig = parseSignature(dashDashSignature, { now, defaultCountry: 'US' });
    expect(sig.anchor).toBe('delimiter');
    expect(values(sig)).toEqual({
      name: 'Jean-Luc Picard',
      title: 'VP Sales',
      company: 'Starfleet Logistics Inc.',
      email: 'jl.picard@starfleet-logistics.com',
      website: undefined,
      linkedinUrl: undefined,
      phones: [
        { value: '+14155550132 ext. 204', raw: '(415) 555-0132 x204', label: 'direct' },
        { value: '+14155550199', raw: '415.555.0199', label: 'mobile' },
        { value: '+14155550111', raw: '415-555-0111', label: 'fax' },
      ],
      address: ['1 Market Street, Suite 300', 'San Francisco, CA 94105'],
    });
    // A delimiter is the surest anchor: confidences are not discounted.
    expect(sig.email?.provenance.confidence).toBe(0.95);
  });

  it('reads a German Outlook signature and stops at the disclaimer and the forwarded header block', () => {
    const sig = parseSignature(germanOutlook, { now, defaultCountry: 'DE' });
    expect(values(sig)).toEqual({
      name: 'Dr. Hans Müller',
      title: 'Geschäftsführer',
      company: 'Müller Präzisionstechnik GmbH',
      email: 'h.mueller@mueller-praezision.de',
      website: 'https://mueller-praezision.de',
      linkedinUrl: undefined,
      phones: [
        { value: '+497111234560', raw: '+49 711 123456-0', label: 'office' },
        { value: '+4915123456789', raw: '+49 151 23456789', label: 'mobile' },
      ],
      address: ['Industriestraße 12', '70565 Stuttgart'],
    });
    expect(JSON.stringify(sig)).not.toContain('Schmidt');
  });

  it('splits "title at company"', () => {
    const sig = parseSignature(titleAtCompany, { now });
    expect(values(sig)).toMatchObject({ name: "Sam O'Neil", title: 'Senior Account Executive', company: 'Brightwave', email: 'sam.oneil@brightwave.com.au', phones: [{ value: '+61293744000', label: 'other' }] });
  });

  it('reads an HTML signature, including link targets, and skips the blockquoted reply', () => {
    const sig = parseSignature(htmlSignature, { now });
    expect(values(sig)).toMatchObject({
      name: 'María José García',
      title: 'Directora de Operaciones',
      company: 'Logística Ibérica S.L.',
      linkedinUrl: 'https://linkedin.com/in/mjgarcia',
      website: 'https://logistica-iberica.es',
      phones: [{ value: '+34911234567', label: 'office' }],
    });
  });

  it('finds a first name alone after "Thanks," with low confidence, and drops "Sent from my iPhone"', () => {
    const sig = parseSignature(shortThanks, { now });
    expect(sig.lines).toEqual(['Priya']);
    expect(sig.name?.value).toBe('Priya');
    expect(sig.name?.provenance.confidence).toBeLessThan(0.6);
  });

  it('finds nothing in a message without a signature', () => {
    expect(parseSignature(noSignature, { now })).toEqual({ found: false, lines: [], phones: [] });
    expect(parseSignature('', { now })).toEqual({ found: false, lines: [], phones: [] });
  });

  it('does not take a sentence starting with "Thanks" for a sign-off', () => {
    const sig = parseSignature('Thanks for the call yesterday, it was great.\nLet us talk next week.', { now });
    expect(sig.found).toBe(false);
  });

  it('falls back to a trailing contact block without a sign-off, with lower confidence', () => {
    const body = 'Please find the quote attached.\n\nLina Park\nProcurement Manager, Hanbit Foods Co.\n+82 2 312 3456\nlina.park@hanbitfoods.kr';
    const sig = parseSignature(body, { now });
    expect(sig.anchor).toBe('trailing_block');
    expect(values(sig)).toMatchObject({ name: 'Lina Park', title: 'Procurement Manager', company: 'Hanbit Foods Co.', email: 'lina.park@hanbitfoods.kr' });
    expect(sig.email?.provenance.confidence).toBe(0.66);
  });

  it('offers contact fields for proposeChanges, without fax numbers', () => {
    const candidates = contactCandidatesFromSignature(parseSignature(dashDashSignature, { now, defaultCountry: 'US' }));
    expect(candidates.firstName?.value).toBe('Jean-Luc');
    expect(candidates.lastName?.value).toBe('Picard');
    expect(candidates.title?.value).toBe('VP Sales');
    expect(candidates.companyName?.value).toBe('Starfleet Logistics Inc.');
    expect(candidates.emails?.value).toEqual(['jl.picard@starfleet-logistics.com']);
    expect(candidates.phones?.value).toEqual(['+14155550132 ext. 204', '+14155550199']);
  });
});
