import { describe, expect, it } from 'vitest';
import { currencyDigits, isCurrency, normaliseAmount } from './money';

describe('money', () => {
  it("pads amounts to the currency's minor units", () => {
    expect(normaliseAmount('1234.5', 'USD')).toBe('1234.50');
    expect(normaliseAmount('7', 'EUR')).toBe('7.00');
    expect(normaliseAmount('5000', 'JPY')).toBe('5000');
    expect(normaliseAmount('1.5', 'BHD')).toBe('1.500');
  });

  it('keeps the sign and drops leading zeros, never producing "-0"', () => {
    expect(normaliseAmount('-0012.3', 'USD')).toBe('-12.30');
    expect(normaliseAmount('-0', 'USD')).toBe('0.00');
  });

  it('handles amounts beyond what a float holds exactly', () => {
    expect(normaliseAmount('123456789012345.67', 'USD')).toBe('123456789012345.67');
  });

  it('knows ISO 4217 codes and their decimals', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('XXXX')).toBe(false);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });
});
