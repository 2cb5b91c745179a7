/** An amount of money found in text, with its place. */
export interface MoneyMatch {
  start: number;
  end: number;
  text: string;
  /** `'50000 USD'`; absent when the number cannot be read safely. */
  value?: string;
}

const currencyBySymbol: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  bucks: 'USD',
  c$: 'CAD',
  ca$: 'CAD',
  cad: 'CAD',
  a$: 'AUD',
  au$: 'AUD',
  aud: 'AUD',
  nz$: 'NZD',
  nzd: 'NZD',
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  '¥': 'JPY',
  jpy: 'JPY',
  '₹': 'INR',
  inr: 'INR',
  chf: 'CHF',
  sek: 'SEK',
  nok: 'NOK',
  dkk: 'DKK',
};

const multipliers: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

const number = String.raw`\d{1,3}(?:[,.'\u202F]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?`;
const spacedNumber = String.raw`\d{1,3}(?:[,.'\u202F ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?`;
const scale = String.raw`k|m|mm|mn|bn|b|thousand|million|billion`;
const prefixCurrency = String.raw`US\$|C\$|CA\$|A\$|AU\$|NZ\$|\$|€|£|¥|₹|USD|EUR|GBP|CAD|AUD|NZD|CHF|JPY|INR|SEK|NOK|DKK`;
const suffixCurrency = String.raw`USD|EUR|GBP|CAD|AUD|NZD|CHF|JPY|INR|SEK|NOK|DKK|dollars?|euros?|pounds|bucks|€|£|\$`;

// "$50k", "€1,200", "USD 2.5 million"
const currencyFirst = new RegExp(String.raw`(?<![\p{L}\p{N}])(${prefixCurrency})\s?(${number})(?:\s?(${scale}))?(?![\p{L}\p{N}])`, 'giu');
// "50k USD", "1.200 €", "5 million dollars"
const amountFirst = new RegExp(String.raw`(?<![\p{L}\p{N}.,$€£¥₹])(${spacedNumber})(?:\s?(${scale}))?\s?(${suffixCurrency})(?![\p{L}\p{N}])`, 'giu');

/**
 * Amounts of money written with a currency symbol or code, before or after
 * the number, with thousands separators in either convention and k / m /
 * bn or words for scale. `$` is read as US dollars.
 *
 * @example
 * findMoney('Budget is $50k, or €1.200,50 per seat'); // [{ text: '$50k', value: '50000 USD', … }, { text: '€1.200,50', value: '1200.5 EUR', … }]
 */
export function findMoney(text: string): MoneyMatch[] {
  const found: MoneyMatch[] = [];
  const taken = new Uint8Array(text.length);
  for (const match of text.matchAll(currencyFirst)) {
    found.push(moneyMatch(match.index, match[0], match[2]!, match[3], match[1]!));
    taken.fill(1, match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(amountFirst)) {
    if (taken.subarray(match.index, match.index + match[0].length).includes(1)) continue;
    found.push(moneyMatch(match.index, match[0], match[1]!, match[2], match[3]!));
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Reads the amount of a money expression found by another tool (such as "$50" or "50 dollars"); undefined when it has no currency or number. */
export function moneyValue(text: string): string | undefined {
  currencyFirst.lastIndex = 0;
  amountFirst.lastIndex = 0;
  const first = currencyFirst.exec(text);
  if (first) return moneyMatch(0, first[0], first[2]!, first[3], first[1]!).value;
  const after = amountFirst.exec(text);
  return after ? moneyMatch(0, after[0], after[1]!, after[2], after[3]!).value : undefined;
}

function moneyMatch(start: number, text: string, amount: string, scaleWord: string | undefined, currencyWord: string): MoneyMatch {
  const currency = currencyBySymbol[currencyWord.toLowerCase()];
  const base = currency === undefined ? undefined : parseAmount(amount, currency);
  const factor = scaleWord === undefined ? 1 : (multipliers[scaleWord.toLowerCase()] ?? 1);
  const match: MoneyMatch = { start, end: start + text.length, text };
  if (base !== undefined && currency !== undefined) {
    const value = base * factor;
    if (Number.isFinite(value) && value < 1e15) match.value = `${formatAmount(value)} ${currency}`;
  }
  return match;
}

/**
 * A written number as a value. With both separators the last one is the
 * decimal point; with one kind only, groups of exactly three digits are
 * thousands ("1,200", "1.200.000"), except a single ".ddd", which is
 * thousands only in currencies written that way (€1.200) and a decimal
 * elsewhere.
 */
function parseAmount(raw: string, currency: string): number | undefined {
  const digits = raw.replace(/['\u202F ]/g, '');
  const comma = digits.lastIndexOf(',');
  const dot = digits.lastIndexOf('.');
  let plain: string;
  if (comma >= 0 && dot >= 0) {
    const decimal = comma > dot ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    plain = digits.split(thousands).join('').replace(decimal, '.');
  } else if (comma >= 0 || dot >= 0) {
    const separator = comma >= 0 ? ',' : '.';
    const parts = digits.split(separator);
    const grouped = parts.slice(1).every((part) => part.length === 3);
    if (grouped && (parts.length > 2 || separator === ',' || currency === 'EUR' || currency === 'CHF')) plain = parts.join('');
    else if (parts.length === 2) plain = parts.join('.');
    else return undefined;
  } else plain = digits;
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

function formatAmount(value: number): string {
  return value
    .toFixed(2)
    .replace(/\.00$/, '')
    .replace(/(\.\d)0$/, '$1');
}
