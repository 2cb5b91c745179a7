import { describe, expect, it } from 'vitest';
import { classifyMailDomain, companyFromEmail, companyNameFromDomain } from './company/company-from-email';
import { normaliseCountry, timeZoneFor } from './normalise/country';
import { normaliseEmail } from './normalise/email';
import { capitaliseNameField, normaliseName } from './normalise/name';
import { normaliseCompany, normaliseContact } from './normalise/normalise-record';
import { normalisePhone } from './normalise/phone';
import { normaliseDomain, normaliseUrl } from './normalise/url';
import { proposeChanges } from './propose-changes';
import { provenance } from './provenance';
import { parseSignature } from './signature/parse-signature';
import { decodeHtml } from './website/decode-html';
import { cleanTitle, extractCompanyMetadata } from './website/extract-metadata';
import { fetchCompanyMetadata } from './website/fetch-company-metadata';
import { socialLinkOf } from './website/social-links';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const pieces = [
  'a', 'Z', '0', '9', ' ', '\t', '\n', '\r\n', '@', '.', ',', ';', ':', '-', '+', '(', ')', '<', '>', '"', "'", '/', '\\', '|', '#', '%', '&', '=', '?',
  '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u200b', '\u200e', '\u202e', '\u2028', '\ufeff', '\ufffd', '\ud800', '\udc00',
  'é', 'ß', 'İ', 'ı', 'Σ', 'ж', 'ω', 'ع', 'ש', '中', '日本', '한', 'ก', 'अ', '\u0301', '\u0308', '😀', '👩‍💻', '🇬🇧', '𝔘',
  'http://', 'https://', 'www.', '.com', 'mailto:', 'tel:', '+44', '00', 'ext', 'Dr.', 'Jr.', 'van', 'Mc', "O'", '--', 'Best regards,',
  'On Mon wrote:', '> ', '<br>', '<div>', '</script>', '<script type="application/ld+json">', '{"@type":"Organization","name":', '[', ']', '{', '}',
];

function hostileStrings(): string[] {
  const next = random(42);
  const generated = Array.from({ length: 150 }, () => {
    const length = Math.floor(next() * 200);
    return Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('');
  });
  return [
    '',
    ' ',
    '\u0000'.repeat(10_000),
    'a'.repeat(10_000),
    'A'.repeat(10_000),
    '9'.repeat(10_000),
    '@'.repeat(10_000),
    '.'.repeat(10_000),
    'a@'.repeat(5_000),
    'a.'.repeat(5_000),
    '+1 '.repeat(3_400),
    '😀'.repeat(5_000),
    '👩‍💻🇬🇧'.repeat(1_000),
    '\u202e'.repeat(10_000),
    '\u0301'.repeat(10_000),
    '中文名字'.repeat(2_500),
    'ИВАН '.repeat(2_000),
    'مرحبا بالعالم '.repeat(700),
    '<'.repeat(10_000),
    '<div>'.repeat(2_000),
    '<script type="application/ld+json">'.repeat(300),
    `<script type="application/ld+json">${'['.repeat(10_000)}</script>`,
    `<script type="application/ld+json">${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}</script>`,
    'Best regards,\n'.repeat(800),
    '--\n'.repeat(3_000),
    '> '.repeat(5_000),
    `Hi\n\nThanks,\n${'Ada Lovelace | '.repeat(700)}`,
    `Best regards,\n${'x'.repeat(10_000)}`,
    'http://'.repeat(1_400),
    `https://acme.com/?${'utm_source=x&'.repeat(800)}`,
    '\ud800\udc00\ud800'.repeat(3_000),
    ...generated,
  ];
}

const inputs = hostileStrings();
const at = new Date('2026-03-01T00:00:00Z');

/** Calls fn on every hostile input; none may throw, and each must finish quickly (no catastrophic backtracking). */
function survives(name: string, fn: (input: string) => unknown): void {
  it(`${name} never throws and stays fast on hostile input`, () => {
    for (const input of inputs) {
      const started = performance.now();
      expect(() => fn(input), JSON.stringify(input.slice(0, 60))).not.toThrow();
      expect(performance.now() - started, JSON.stringify(input.slice(0, 60))).toBeLessThan(1_000);
    }
  });
}

describe('hostile input', () => {
  survives('normalisePhone', (s) => normalisePhone(s, { defaultCountry: 'GB' }));
  survives('normalisePhone with a hostile country', (s) => normalisePhone('020 7946 0958', { defaultCountry: s }));
  survives('normaliseEmail', normaliseEmail);
  survives('normaliseName', normaliseName);
  survives('capitaliseNameField', capitaliseNameField);
  survives('normaliseUrl', normaliseUrl);
  survives('normaliseDomain', normaliseDomain);
  survives('normaliseCountry', normaliseCountry);
  survives('timeZoneFor', (s) => timeZoneFor({ country: s, region: s }));
  survives('normaliseContact', (s) => normaliseContact({ firstName: s, lastName: s, fullName: s, emails: [s, s], phones: [s], address: { city: s, country: s, region: s } }, { now: at }));
  survives('normaliseCompany', (s) => normaliseCompany({ name: s, domain: s, website: s, phone: s, address: { country: s } }, { now: at }));
  survives('companyFromEmail', (s) => companyFromEmail(s, at));
  survives('classifyMailDomain', classifyMailDomain);
  survives('companyNameFromDomain', companyNameFromDomain);
  survives('parseSignature', (s) => parseSignature(s, { now: () => at, defaultCountry: 'US' }));
  survives('parseSignature after a sign-off', (s) => parseSignature(`Hello\n\nBest regards,\n${s}`, { now: () => at }));
  survives('extractCompanyMetadata', (s) => extractCompanyMetadata(`<html><head><title>${s}</title><meta name="description" content="${s}"></head><body><a href="${s}">x</a>${s}</body></html>`, 'https://acme.com/'));
  survives('extractCompanyMetadata on raw input', (s) => extractCompanyMetadata(s, s));
  survives('cleanTitle', (s) => cleanTitle(s, s));
  survives('socialLinkOf', socialLinkOf);
  survives('decodeHtml', (s) => decodeHtml(Buffer.from(s), s));
  survives('proposeChanges', (s) =>
    proposeChanges<{ name: string; emails: string[] }>({ current: { name: s, emails: [s] }, candidates: [{ name: { value: s, provenance: provenance('website', 0.9, at) }, emails: { value: [s, 'a@b.com'], provenance: provenance(s, Number.NaN, at) } }] }),
  );

  it('fetchCompanyMetadata answers every hostile URL with a result, never a throw (and never touches the network)', async () => {
    const offline = {
      resolve: async (): Promise<string[]> => Promise.reject(Object.assign(new Error('no DNS in tests'), { code: 'ENOTFOUND' })),
      fetch: (async () => Promise.reject(new Error('no network in tests'))) as typeof fetch,
      timeoutMs: 500,
    };
    for (const input of inputs) {
      const result = await fetchCompanyMetadata(input, offline);
      expect(result.ok, JSON.stringify(input.slice(0, 60))).toBe(false);
    }
  });

  it('never echoes control characters into normalised values', () => {
    expect(normaliseName('Ada\u0000 Love\u0007lace')).toMatchObject({ valid: true, value: { full: 'Ada Lovelace' } });
    expect(normaliseEmail('ada\u200b@exa\u0000mple.com')).toMatchObject({ valid: true, value: 'ada@example.com' });
    const meta = extractCompanyMetadata('<title>Acme\u0000 \u202eRobotics</title>', 'https://acme.com/');
    expect(meta.title).toBe('Acme Robotics');
  });
});
