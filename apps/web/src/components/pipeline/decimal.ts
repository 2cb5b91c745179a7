/**
 * Exact arithmetic on the decimal strings the API sends for money, so that a
 * column's total adjusted on the spot after a move is the same figure the
 * server will report, to the last digit (floats would drift).
 */

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string): Scaled {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return { units: 0n, scale: 0 };
  const [, sign = '', whole = '', fraction = ''] = match;
  const units = BigInt(`${whole || '0'}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function print({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** a + b, keeping the larger number of decimal places. */
export function addDecimal(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  return print({ units: rescale(x, scale) + rescale(y, scale), scale });
}

export function negateDecimal(a: string): string {
  const x = parse(a);
  return print({ units: -x.units, scale: x.scale });
}

/** amount × probability / 100, exact: two more decimal places than the amount. */
export function weighDecimal(amount: string, probability: number): string {
  const x = parse(amount);
  return print({ units: x.units * BigInt(Math.round(probability)), scale: x.scale + 2 });
}

export function isZeroDecimal(a: string): boolean {
  return parse(a).units === 0n;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimal(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
