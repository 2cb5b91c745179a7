import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email';

describe('normaliseEmail', () => {
  it.each([
    ['Ada.Lovelace@Example.COM', 'ada.lovelace@example.com'],
    ['  ada@example.com  ', 'ada@example.com'],
    ['mailto:ADA@EXAMPLE.COM', 'ada@example.com'],
    ['ada+crm@gmail.com', 'ada+crm@gmail.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['ada@mail.example.co.uk', 'ada@mail.example.co.uk'],
    ['ada@example.com.', 'ada@example.com'],
    ['"ada.l"@example.com', 'ada.l@example.com'],
    ['ada(work)@example.com', 'ada@example.com'],
    ['ada@Bücher.de', 'ada@xn--bcher-kva.de'],
    ['ada@пример.рф', 'ada@xn--e1afmkfd.xn--p1ai'],
    ['josé@example.es', 'josé@example.es'],
    ['\u200Bada@example.com\uFEFF', 'ada@example.com'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseEmail(input)).toMatchObject({ valid: true, value: expected });
  });

  it('keeps the Unicode form of an IDN domain for display', () => {
    expect(normaliseEmail('ada@bücher.de')).toMatchObject({ domain: 'xn--bcher-kva.de', domainUnicode: 'bücher.de', local: 'ada' });
  });

  it.each([
    ['', 'empty'],
    ['Ada Lovelace <ada@example.com>', 'has_display_name'],
    ['<ada@example.com>', 'has_display_name'],
    ['ada @example.com', 'contains_spaces'],
    ['ada@example.com (Ada)', 'contains_spaces'],
    ['"a b"@example.com', 'contains_spaces'],
    ['ada@example.com,bob@example.com', 'multiple_addresses'],
    ['ada@localhost', 'missing_tld'],
    ['ada@example', 'missing_tld'],
    ['a@b.c', 'missing_tld'],
    ['ada@[192.168.0.1]', 'ip_literal'],
    ['ada..lovelace@example.com', 'invalid_syntax'],
    ['.ada@example.com', 'invalid_syntax'],
    ['ada@', 'invalid_syntax'],
    ['@example.com', 'invalid_syntax'],
    ['ada', 'invalid_syntax'],
    ['ada@-example.com', 'invalid_domain'],
    ['ada@exa_mple.com', 'invalid_domain'],
  ])('refuses %j as %s', (input, reason) => {
    expect(normaliseEmail(input)).toMatchObject({ valid: false, reason });
  });

  it('refuses a local part over 64 characters and an address over 254', () => {
    expect(normaliseEmail(`${'a'.repeat(65)}@example.com`)).toMatchObject({ valid: false, reason: 'too_long' });
    expect(normaliseEmail(`${'a'.repeat(64)}@${['b', 'c', 'd', 'e'].map((l) => l.repeat(46)).join('.')}.com`)).toMatchObject({ valid: false, reason: 'too_long' });
  });
});
