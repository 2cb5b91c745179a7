import { describe, expect, it } from 'vitest';
import { normaliseDomain, normaliseUrl } from './url';

describe('normaliseUrl', () => {
  it.each([
    ['acme.com', 'https://acme.com'],
    ['WWW.Acme.com', 'https://acme.com'],
    ['http://acme.com/', 'http://acme.com'],
    ['https://www.acme.co.uk:443/', 'https://acme.co.uk'],
    ['acme.com/about/', 'https://acme.com/about'],
    ['WWW.Acme.com/about/?utm_source=x&utm_medium=email&id=7#team', 'https://acme.com/about?id=7'],
    ['https://acme.com/?fbclid=abc&gclid=def', 'https://acme.com'],
    ['https://acme.com/pricing?plan=pro&mc_cid=1&_hsenc=2', 'https://acme.com/pricing?plan=pro'],
    ['//acme.com/x', 'https://acme.com/x'],
    ['acme.com:8080/x', 'https://acme.com:8080/x'],
    ['https://user:secret@acme.com/x', 'https://acme.com/x'],
    ['https://Bücher.de/', 'https://xn--bcher-kva.de'],
    ['https://www.linkedin.com/company/acme/?trk=public_profile', 'https://linkedin.com/company/acme'],
    ['https://shop.acme.com', 'https://shop.acme.com'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseUrl(input)).toMatchObject({ valid: true, value: expected });
  });

  it('gives the registrable domain beside the host', () => {
    expect(normaliseUrl('https://shop.eu.acme-robotics.co.uk/x')).toMatchObject({ host: 'shop.eu.acme-robotics.co.uk', domain: 'acme-robotics.co.uk' });
  });

  it.each([
    ['', 'empty'],
    ['ftp://acme.com', 'unsupported_scheme'],
    ['javascript:alert(1)', 'unsupported_scheme'],
    ['mailto:ada@acme.com', 'unsupported_scheme'],
    ['http://127.0.0.1/', 'ip_address'],
    ['http://[::1]/', 'ip_address'],
    ['localhost', 'missing_tld'],
    ['acme', 'missing_tld'],
    ['http://a_b.com', 'invalid_host'],
    ['http://', 'invalid_url'],
  ])('refuses %j as %s', (input, reason) => {
    expect(normaliseUrl(input)).toMatchObject({ valid: false, reason });
  });

  it('refuses a URL longer than 2048 characters', () => {
    expect(normaliseUrl(`https://acme.com/${'a'.repeat(3000)}`)).toMatchObject({ valid: false, reason: 'too_long' });
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['https://www.Acme-Robotics.co.uk/contact', 'acme-robotics.co.uk', 'acme-robotics.co.uk'],
    ['ACME.com', 'acme.com', 'acme.com'],
    ['ada@eu.acme.com', 'eu.acme.com', 'acme.com'],
    ['Ada@WWW.Acme.com', 'acme.com', 'acme.com'],
    ['shop.acme.com.au', 'shop.acme.com.au', 'acme.com.au'],
    ['toyota.co.jp', 'toyota.co.jp', 'toyota.co.jp'],
    ['acme.github.io', 'acme.github.io', 'acme.github.io'],
    ['münchen.de', 'xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
  ])('%j → %s (registrable %s)', (input, value, registrable) => {
    expect(normaliseDomain(input)).toMatchObject({ valid: true, value, registrable });
  });

  it('refuses an invalid email or URL', () => {
    expect(normaliseDomain('ada@')).toMatchObject({ valid: false, reason: 'invalid_email' });
    expect(normaliseDomain('not a domain')).toMatchObject({ valid: false });
  });
});
