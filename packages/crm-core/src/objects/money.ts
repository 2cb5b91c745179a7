const currencies = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return currencies.has(code);
}

/** Minor-unit digits of a currency: 2 for USD, 0 for JPY, 3 for BHD. */
export function currencyDigits(code: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "1234.5" in USD becomes "1234.50": amounts are stored with the currency's own precision. */
export function normaliseAmount(amount: string, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const wholeClean = whole.replace(/^0+(?=\d)/, '');
  const result = digits === 0 ? wholeClean : `${wholeClean}.${fraction.padEnd(digits, '0')}`;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}
