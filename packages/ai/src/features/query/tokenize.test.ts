import { describe, expect, it } from 'vitest';
import { maxTokens, tokenize, type Token } from './tokenize';

const numbers = (text: string) => tokenize(text).flatMap((t) => (t.kind === 'number' ? [t.decimal] : []));
const kinds = (text: string) => tokenize(text).map((t: Token) => t.kind);

describe('tokenize', () => {
  it('reads amounts with scales, currency signs and thousands separators exactly', () => {
    expect(numbers('over 50k')).toEqual(['50000']);
    expect(numbers('over $1.2m')).toEqual(['1200000']);
    expect(numbers('1,000,000 and 50 000 and 2.5 million and €3bn')).toEqual(['1000000', '50000', '2500000', '3000000000']);
    expect(numbers('0.1m 1.234k 12.5')).toEqual(['100000', '1234', '12.5']);
  });

  it('marks money, scale and ordinals so rules can tell amounts from days and counts', () => {
    const [money, scaled, ordinal, plain] = tokenize('$500 50k 3rd 30') as Array<Extract<Token, { kind: 'number' }>>;

    expect(money).toMatchObject({ decimal: '500', money: true, scaled: false });
    expect(scaled).toMatchObject({ decimal: '50000', money: false, scaled: true });
    expect(ordinal).toMatchObject({ value: 3, ordinal: true });
    expect(plain).toMatchObject({ value: 30, plain: true });
  });

  it('does not read the start of a word as a scale', () => {
    expect(tokenize('10min').map((t) => t.raw)).toEqual(['10', 'min']);
    expect(tokenize('30 days')[0]).toMatchObject({ decimal: '30', scaled: false });
  });

  it('keeps dates, domains, e-mails and quoted values whole', () => {
    expect(tokenize('2026-03-03')[0]).toMatchObject({ kind: 'date', date: { year: 2026, month: 3, day: 3 } });
    expect(tokenize('acme.com jane@acme.com').map((t) => t.raw)).toEqual(['acme.com', 'jane@acme.com']);
    expect(tokenize('tagged "key account"')[1]).toMatchObject({ kind: 'quoted', text: 'key account' });
    expect(tokenize("this quarter's deals").map((t) => t.raw)).toEqual(['this', 'quarter', 'deals']);
  });

  it('lower-cases words but keeps the text as written for values', () => {
    expect(tokenize('CEOs at LinkedIn')[2]).toEqual({ kind: 'word', text: 'linkedin', raw: 'LinkedIn' });
  });

  it('reads an impossible ISO date as numbers, not a date', () => {
    expect(kinds('2026-02-30')).not.toContain('date');
  });

  it('treats emoji, SQL and other scripts as plain tokens, and stops at a cap', () => {
    expect(kinds("'; drop table deals; --")).toEqual(['symbol', 'symbol', 'word', 'word', 'word', 'symbol', 'symbol', 'symbol']);
    expect(tokenize('🚀 сделки 交易').map((t) => t.raw)).toEqual(['🚀', 'сделки', '交易']);
    expect(tokenize('deal '.repeat(2000))).toHaveLength(maxTokens);
  });
});
