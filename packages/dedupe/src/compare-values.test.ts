import { describe, expect, it } from 'vitest';
import {
  codeSetSimilarity,
  dateSimilarity,
  domainSimilarity,
  emailSimilarity,
  nameSimilarity,
  numericSimilarity,
  phoneSimilarity,
  phoneticSimilarity,
  postcodeSimilarity,
} from './compare-values';

describe('nameSimilarity', () => {
  it('matches nicknames of one formal name only when asked to', () => {
    expect(nameSimilarity('bill', 'william', { nicknames: true })).toBe(0.95);
    expect(nameSimilarity('liz', 'beth', { nicknames: true })).toBe(0.95);
    expect(nameSimilarity('bill', 'william')).toBeLessThan(0.8);
  });

  it('reads a bare initial as agreeing with names that start with it, and only those', () => {
    expect(nameSimilarity('j', 'john')).toBe(0.8);
    expect(nameSimilarity('k', 'john')).toBe(0);
  });

  it('credits a name contained in a longer one and names that sound alike', () => {
    expect(nameSimilarity('mary', 'mary ann')).toBe(0.9);
    expect(nameSimilarity('catherine', 'kathryn')).toBeGreaterThanOrEqual(0.85);
  });
});

describe('contact point similarities', () => {
  it('treats the same personal mailbox at another domain as likely, a shared role box as weak', () => {
    expect(emailSimilarity('jsmith@acme.com', 'jsmith@acme.com')).toBe(1);
    expect(emailSimilarity('jsmith@acme.com', 'jsmith@gmail.com')).toBe(0.85);
    expect(emailSimilarity('info@acme.com', 'info@globex.com')).toBe(0.3);
    expect(emailSimilarity('jsmith@acme.com', 'mjones@acme.com')).toBeLessThan(0.6);
  });

  it('matches phones written with and without the country and area code', () => {
    expect(phoneSimilarity('+442079460018', '02079460018')).toBe(0.9);
    expect(phoneSimilarity('+442079460018', '+442079460019')).toBeLessThan(0.9);
    expect(phoneSimilarity('+442079460018', '+15551230000')).toBeLessThan(0.5);
  });

  it('relates subdomains and the same name under another suffix', () => {
    expect(domainSimilarity('eu.acme.com', 'acme.com')).toBe(0.9);
    expect(domainSimilarity('acme.com', 'acme.co.uk')).toBe(0.8);
    expect(domainSimilarity('acme.com', 'globex.com')).toBeLessThan(0.5);
  });

  it('grades postcodes by edits and district', () => {
    expect(postcodeSimilarity('SW1A1AA', 'SW1A1AA')).toBe(1);
    expect(postcodeSimilarity('SW1A1AA', 'SW1A1AB')).toBe(0.7);
    expect(postcodeSimilarity('2000', '2999')).toBe(0);
  });
});

describe('dates, numbers, sounds and codes', () => {
  it('recognises swapped day and month and single-digit typos in a date of birth', () => {
    expect(dateSimilarity('19870309', '19870903')).toBe(0.9);
    expect(dateSimilarity('19870309', '19870308')).toBe(0.85);
    expect(dateSimilarity('19870309', '19880309')).toBe(0.85);
    expect(dateSimilarity('19870309', '19550101')).toBeLessThan(0.6);
  });

  it('measures numbers by relative difference', () => {
    expect(numericSimilarity('100', '90')).toBeCloseTo(0.9, 10);
    expect(numericSimilarity('$1,000', '1000')).toBe(1);
    expect(numericSimilarity('-5', '5')).toBe(0);
    expect(numericSimilarity('n/a', 'n/a')).toBe(1);
  });

  it('hears smith and smyth alike', () => {
    expect(phoneticSimilarity('smith', 'smyth')).toBe(1);
    expect(phoneticSimilarity('smith', 'jones')).toBe(0);
  });

  it('matches product codes exactly or as near variants', () => {
    expect(codeSetSimilarity(['lds4821ww'], ['x1', 'lds4821ww'])).toBe(1);
    expect(codeSetSimilarity(['lds4821ww'], ['lds4821wh'])).toBeCloseTo(0.8 * (1 - 1 / 9), 10);
    expect(codeSetSimilarity([], ['a1'])).toBe(0);
  });
});
