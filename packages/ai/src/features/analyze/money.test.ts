import { describe, expect, it } from 'vitest';
import { findMoney, moneyValue } from './money';

describe('findMoney', () => {
  it.each([
    ['$50k', '50000 USD'],
    ['€1,200', '1200 EUR'],
    ['€1.200', '1200 EUR'],
    ['1.200,50 €', '1200.5 EUR'],
    ['$1,200,000', '1200000 USD'],
    ['$1.5', '1.5 USD'],
    ['USD 2.5 million', '2500000 USD'],
    ['50k USD', '50000 USD'],
    ['£3.5m', '3500000 GBP'],
    ['5 million dollars', '5000000 USD'],
    ['CHF 900', '900 CHF'],
    ['A$12,000', '12000 AUD'],
  ])('reads %j as %j', (text, value) => {
    expect(findMoney(`The figure is ${text} in total.`)).toEqual([{ start: 14, end: 14 + text.length, text, value }]);
  });

  it('finds nothing in numbers without a currency', () => {
    expect(findMoney('We have 50 users, 12 managers and 2025 plans; call 555-0132.')).toEqual([]);
  });

  it('does not take a following word for a scale', () => {
    expect(findMoney('It is $500 monthly.')).toEqual([{ start: 6, end: 10, text: '$500', value: '500 USD' }]);
  });

  it('reads amounts another tool found', () => {
    expect(moneyValue('$50')).toBe('50 USD');
    expect(moneyValue('50 dollars')).toBe('50 USD');
    expect(moneyValue('fifty')).toBeUndefined();
  });
});
