import type { SocialPlatform } from '../../mapping/field-catalog';
import type { Parsed } from '../parse-dates';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });
const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** The email rule of the record schemas (zod's), so an accepted row is never refused on write. */
const emailPattern = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
/** The phone rule of the record schemas. */
const phonePattern = /^\+?[0-9][0-9 ().\-/]{2,40}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domainPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const currencies = new Set(Intl.supportedValuesOf('currency'));
const currencySymbols: Record<string, string> = { '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', '₪': 'ILS', '฿': 'THB', '₫': 'VND', '₴': 'UAH', '₦': 'NGN', 'US$': 'USD', 'CA$': 'CAD', 'A$': 'AUD', 'CHF': 'CHF' };

export function parseText(text: string, maxLength: number | undefined): Parsed<string> {
  if (maxLength !== undefined && text.length > maxLength) return fail(`is longer than ${maxLength.toLocaleString('en')} characters`);
  return ok(text);
}

/** Splits a cell holding several values ("a@x.com; b@y.com"). */
export function splitList(text: string, separators: RegExp): string[] {
  return text
    .split(separators)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** "Jane Doe <jane@x.com>", "Jane (jane@x.com)" and "mailto:jane@x.com" give the address. */
function bareAddress(part: string): string {
  const angle = /<([^<>]+)>/.exec(part);
  if (angle?.[1]) return angle[1].trim();
  const paren = /\(([^()\s]+@[^()\s]+)\)/.exec(part);
  if (paren?.[1]) return paren[1].trim();
  return part.replace(/^mailto:/i, '').trim();
}

export function parseEmail(text: string): Parsed<string> {
  const address = bareAddress(text);
  if (address.length > 254 || !emailPattern.test(address)) return fail(`"${excerpt(text)}" is not a valid email address`);
  return ok(address.toLowerCase());
}

export function parseEmails(text: string): Parsed<string[]> {
  // "Jane Doe <jane@x.com>" and "Jane Doe (jane@x.com)" hold spaces; bare lists may be separated by them.
  const parts = /[<(]/.test(text) ? splitList(text, /[;,\n]+/) : splitList(text, /[;,\s]+/);
  const emails: string[] = [];
  for (const part of parts) {
    const email = parseEmail(part);
    if (!email.ok) return email;
    emails.push(email.value);
  }
  return ok(emails);
}

export function parsePhone(text: string): Parsed<string> {
  let phone = text.replace(/^tel:/i, '').trim();
  if (/^\d(\.\d+)?e\+?\d+$/i.test(phone)) return fail(`"${excerpt(text)}" is a number a spreadsheet shortened; format the column as text and export again`);
  // "(555) 123-4567": brackets are formatting only, and the stored form starts with a digit or "+".
  if (phone.startsWith('(')) phone = phone.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!phonePattern.test(phone)) return fail(`"${excerpt(text)}" is not a phone number`);
  return ok(phone);
}

export function parsePhones(text: string): Parsed<string[]> {
  const phones: string[] = [];
  for (const part of splitList(text, /[;,\n]+/)) {
    const phone = parsePhone(part);
    if (!phone.ok) return phone;
    phones.push(phone.value);
  }
  return ok(phones);
}

export function parseTags(text: string): Parsed<string[]> {
  const tags = splitList(text, /[;,\n]+/);
  const tooLong = tags.find((t) => t.length > 100);
  if (tooLong) return fail(`the tag "${excerpt(tooLong)}" is longer than 100 characters`);
  return ok(tags);
}

export function parseUuid(text: string): Parsed<string> {
  return uuidPattern.test(text) ? ok(text.toLowerCase()) : fail(`"${excerpt(text)}" is not a record id (a UUID)`);
}

export function parseUuids(text: string): Parsed<string[]> {
  const ids: string[] = [];
  for (const part of splitList(text, /[;,\s]+/)) {
    const id = parseUuid(part);
    if (!id.ok) return id;
    ids.push(id.value);
  }
  return ok(ids);
}

export interface ParsedNumber {
  /** Plain decimal: digits, an optional "-" and "." ("-1234.5"). */
  decimal: string;
  /** Currency the text named ("€", "EUR"), if any. */
  currency?: string;
}

/**
 * Reads amounts as people write them: "1,234.50", "1.234,50", "€ 1 234,50",
 * "(1,200.00)" (accounting negative), "1'234.50". The separator used last is
 * the decimal one; a lone comma followed by exactly three digits ("1,234")
 * is a thousands separator, a lone dot always decimal.
 */
export function parseNumberText(text: string): Parsed<ParsedNumber> {
  let value = text.trim().replace(/[\u00a0\u202f\u2009]/g, ' ');
  if (/^[-+]?\d+(\.\d+)?e[-+]?\d+$/i.test(value)) return fail(`"${excerpt(text)}" uses scientific notation; format the column as a plain number`);
  let negative = false;
  if (/^\(.*\)$/.test(value)) {
    negative = true;
    value = value.slice(1, -1).trim();
  }
  let currency: string | undefined;
  for (const [symbol, code] of Object.entries(currencySymbols)) {
    if (value.includes(symbol)) {
      currency = code;
      value = value.replace(symbol, '');
    }
  }
  const code = /^([A-Z]{3})|([A-Z]{3})$/.exec(value.trim())?.slice(1).find(Boolean);
  if (code && currencies.has(code)) {
    currency = code;
    value = value.replace(code, '');
  }
  value = value.replace(/[$\s'’]/g, '');
  if (value.startsWith('-')) {
    negative = !negative;
    value = value.slice(1);
  } else if (value.startsWith('+')) value = value.slice(1);
  else if (value.endsWith('-')) {
    negative = !negative;
    value = value.slice(0, -1);
  }
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    value = lastComma > lastDot ? value.replace(/\./g, '').replace(',', '.') : value.replace(/,/g, '');
  } else if (lastComma >= 0) {
    value = /^\d{1,3}(,\d{3})+$/.test(value) ? value.replace(/,/g, '') : value.replace(',', '.');
  } else if (lastDot >= 0 && /^\d{1,3}(\.\d{3}){2,}$/.test(value)) {
    value = value.replace(/\./g, '');
  }
  if (!/^\d+(\.\d+)?$/.test(value)) return fail(`"${excerpt(text)}" is not a number`);
  value = value.replace(/^0+(?=\d)/, '');
  const decimal = negative && /[1-9]/.test(value) ? `-${value}` : value;
  return ok(currency ? { decimal, currency } : { decimal });
}

/** An amount as the record schemas store it: a decimal string, at most 15 digits and 6 decimals. */
export function parseDecimal(text: string): Parsed<ParsedNumber> {
  const parsed = parseNumberText(text);
  if (!parsed.ok) return parsed;
  const [whole = '', fraction = ''] = parsed.value.decimal.replace('-', '').split('.');
  if (whole.length > 15) return fail(`"${excerpt(text)}" is too large`);
  if (fraction.length > 6) return fail(`"${excerpt(text)}" has more than 6 decimal places`);
  return parsed;
}

export function parseNumber(text: string): Parsed<number> {
  const parsed = parseNumberText(text);
  if (!parsed.ok) return parsed;
  const number = Number(parsed.value.decimal);
  return Number.isFinite(number) ? ok(number) : fail(`"${excerpt(text)}" is not a number`);
}

export function parseCurrency(text: string): Parsed<string> {
  const trimmed = text.trim();
  const code = currencySymbols[trimmed] ?? (trimmed === '$' ? undefined : trimmed.toUpperCase());
  if (!code || !currencies.has(code)) return fail(`"${excerpt(text)}" is not an ISO 4217 currency code such as USD`);
  return ok(code);
}

/** Minor-unit digits of a currency: 2 for USD, 0 for JPY (as CRM Core stores amounts). */
export function currencyDigits(code: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const truthy = new Set(['true', 'yes', 'y', '1', 'x', '✓', '✔', 'on', 'ja', 'j', 'oui', 'si', 'sí', 'wahr', 'checked', 't', 'done', 'completed']);
const falsy = new Set(['false', 'no', 'n', '0', 'off', 'nein', 'non', 'falsch', 'unchecked', 'f', '-']);

export function parseBoolean(text: string): Parsed<boolean> {
  const value = text.trim().toLowerCase();
  if (truthy.has(value)) return ok(true);
  if (falsy.has(value)) return ok(false);
  return fail(`"${excerpt(text)}" is not yes or no`);
}

export function parseUrl(text: string): Parsed<string> {
  let value = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) value = `https://${value.replace(/^\/\//, '')}`;
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.') || value.length > 2048) throw new Error('not http');
    return ok(value);
  } catch {
    return fail(`"${excerpt(text)}" is not a web address`);
  }
}

/** "https://www.Acme.com/about", "acme.com" and "jane@acme.com" all give acme.com. */
export function parseDomain(text: string): Parsed<string> {
  let value = text.trim().toLowerCase();
  if (value.includes('@') && !value.includes('/')) value = value.slice(value.lastIndexOf('@') + 1);
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#:].*$/, '').replace(/^www\./, '').replace(/\.$/, '');
  return domainPattern.test(value) ? ok(value) : fail(`"${excerpt(text)}" is not a domain name such as example.com`);
}

const socialBase: Record<SocialPlatform, string> = {
  linkedin: 'https://www.linkedin.com/company/',
  twitter: 'https://twitter.com/',
  facebook: 'https://www.facebook.com/',
  github: 'https://github.com/',
  instagram: 'https://www.instagram.com/',
  youtube: 'https://www.youtube.com/@',
  crunchbase: 'https://www.crunchbase.com/organization/',
};

/** A profile URL, or a handle ("@acme", "acme") turned into one. */
export function parseSocial(text: string, platform: SocialPlatform): Parsed<string> {
  const value = text.trim();
  const handle = /^@?([A-Za-z0-9_.-]{1,100})$/.exec(value)?.[1];
  if (handle && !handle.includes('.')) return ok(`${socialBase[platform]}${handle}`);
  return parseUrl(value);
}

const enumSynonyms: Record<string, readonly string[]> = {
  call: ['phone call', 'phone', 'call', 'calls', 'logged call'],
  meeting: ['meeting', 'meetings', 'lunch', 'appointment', 'event', 'visit'],
  task: ['task', 'tasks', 'to do', 'todo', 'to-do', 'deadline', 'follow up', 'follow-up'],
  email: ['email', 'e-mail', 'mail', 'emails', 'logged email'],
  note: ['note', 'notes', 'comment'],
  done: ['done', 'completed', 'complete', 'closed', 'finished', 'yes', 'true', '1', 'x'],
  open: ['open', 'not started', 'in progress', 'pending', 'to do', 'todo', 'no', 'false', '0', 'waiting', 'deferred', 'not done'],
};

/** One of `options`, matched without regard to case (and, for built-in enums, by synonyms). */
export function parseEnum(text: string, options: readonly string[]): Parsed<string> {
  const value = text.trim().toLowerCase();
  const exact = options.find((o) => o.toLowerCase() === value);
  if (exact !== undefined) return ok(exact);
  const synonym = options.find((o) => enumSynonyms[o]?.includes(value));
  if (synonym !== undefined) return ok(synonym);
  return fail(`"${excerpt(text)}" is not one of: ${options.join(', ')}`);
}

export function parseEnumList(text: string, options: readonly string[]): Parsed<string[]> {
  const values: string[] = [];
  for (const part of splitList(text, /[;,\n]+/)) {
    const value = parseEnum(part, options);
    if (!value.ok) return value;
    if (!values.includes(value.value)) values.push(value.value);
  }
  return ok(values);
}
