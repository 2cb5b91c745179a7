import { describe, expect, it } from 'vitest';
import { createRedactor, createStreamRestorer, isPhoneNumber, redact, restoreDeep } from './redaction';

describe('redact', () => {
  it('replaces e-mail addresses, phone numbers and known names with numbered placeholders, and restores them', () => {
    const text = 'Jane Doe (jane.doe@acme.example, +44 20 7946 0958) met Bob Stone of Acme Corp. Jane will send it; call 415.555.0199.';
    const result = redact(text, { names: ['Jane Doe', 'Bob Stone', 'Acme Corp'] });

    expect(result.text).toBe('[NAME_1] ([EMAIL_1], [PHONE_1]) met [NAME_2] of [NAME_3]. [NAME_4] will send it; call [PHONE_2].');
    expect(result.restore(result.text)).toBe(text);
  });

  it('gives the same value the same placeholder across texts', () => {
    const redactor = createRedactor({ names: ['Jane Doe'] });
    const first = redactor.redact('From Jane Doe <jane@x.io>');
    const second = redactor.redact('Reply to jane@x.io, dear Jane Doe');

    expect(first).toBe('From [NAME_1] <[EMAIL_1]>');
    expect(second).toBe('Reply to [EMAIL_1], dear [NAME_1]');
    expect(redactor.counts()).toEqual({ EMAIL: 1, PHONE: 0, NAME: 1 });
  });

  it('matches full names in any case but single name parts only as written', () => {
    const redactor = createRedactor({ names: ['Will Smith'] });
    expect(redactor.redact('WILL SMITH said Will will call Smithers.')).toBe('[NAME_1] said [NAME_2] will call Smithers.');
  });

  it('leaves dates, year ranges, amounts, addresses and short numbers alone', () => {
    const text = 'On 2026-01-15 (15.01.2026) for 2024-2025: $1,250,000.00, € 1 250 000, 1.250.000 EUR, 12.50, 192.168.1.10, 40 seats, v1.2.3.';
    expect(redact(text).text).toBe(text);
  });

  it('finds names and numbers right after a JSON escape, as in text serialised into a prompt', () => {
    const sent = JSON.stringify({ notes: 'Agreed:\nAda will call\n+44 20 7946 0958\tLovelace' });
    const out = redact(sent, { names: ['Ada Lovelace'] }).text;

    expect(out).not.toContain('Ada');
    expect(out).not.toContain('Lovelace');
    expect(out).not.toContain('7946');
    expect(out).toContain('\\n[NAME_1] will call\\n[PHONE_1]');
  });

  it('leaves decimal and grouped amounts alone', () => {
    for (const amount of ['50000.00', '1250000,50', '1,250,000', '1.250.000,50', '125.000.000']) {
      expect(isPhoneNumber(amount), amount).toBe(false);
      expect(redact(`worth ${amount} a year`).text).toBe(`worth ${amount} a year`);
    }
  });

  it('recognises phone numbers in the usual written forms', () => {
    for (const phone of ['+1 (415) 555-0100', '020 7946 0958', '0049 30 1234567', '06 12 34 56 78', '+33612345678', '415-555-0199']) {
      expect(isPhoneNumber(phone), phone).toBe(true);
      expect(redact(`call ${phone} now`).text).toBe('call [PHONE_1] now');
    }
  });

  it('does not let text that looks like a placeholder turn into someone else’s data on restore', () => {
    const redactor = createRedactor();
    const sent = redactor.redact('Write to ops@acme.example, not [EMAIL_1]');

    expect(sent).toBe('Write to [EMAIL_2], not [EMAIL_1]');
    expect(redactor.restore(sent)).toBe('Write to ops@acme.example, not [EMAIL_1]');
  });

  it('restores inside parsed JSON and leaves unknown placeholders as written', () => {
    const { restore } = redact('mail ann@b.io', {});
    expect(restoreDeep({ to: ['[EMAIL_1]', '[EMAIL_9]'], n: 2 }, restore)).toEqual({ to: ['ann@b.io', '[EMAIL_9]'], n: 2 });
  });
});

describe('createStreamRestorer', () => {
  it('holds back a placeholder split across pieces until it is whole', () => {
    const { restore } = redact('mail ann@b.io', {});
    const restorer = createStreamRestorer(restore);

    expect(restorer.push('Write to [EM')).toBe('Write to ');
    expect(restorer.push('AIL_1] now [')).toBe('ann@b.io now ');
    expect(restorer.flush()).toBe('[');
  });
});
