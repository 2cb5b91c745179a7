import type { Address, SocialLinks } from '../fields';
import { capitaliseWord, cleanLine, isRecord, nonEmptyString } from '../internal/text';
import { normaliseAddress } from '../normalise/address';
import { normaliseCountry, timeZoneFor } from '../normalise/country';
import { normaliseEmail } from '../normalise/email';
import { capitaliseNameField } from '../normalise/name';
import { normalisePhone } from '../normalise/phone';
import { normaliseDomain, normaliseUrl } from '../normalise/url';
import { socialLinkOf } from '../website/social-links';

/** Helpers that turn a provider's JSON into our normalised values. */

export const str = (value: unknown, max = 500): string | undefined => nonEmptyString(value, max);

const smallWords = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'de', 'du', 'der', 'und', 'y', 'la']);
const upperWords = new Set(['ceo', 'cto', 'cfo', 'coo', 'cmo', 'cio', 'ciso', 'cpo', 'cro', 'vp', 'svp', 'evp', 'avp', 'hr', 'it', 'ai', 'ml', 'ui', 'ux', 'qa', 'r&d', 'b2b', 'b2c', 'saas', 'llc', 'inc', 'gmbh', 'ag', 'plc', 'ltd', 'usa', 'uk', 'eu', 'emea', 'apac', 'ibm', 'hp', 'seo', 'pr', 'gm', 'md']);

/**
 * Title case for text a provider stores in lower case ("vice president of
 * sales" → "Vice President of Sales", "acme gmbh" → "Acme GMBH" is avoided
 * by keeping mixed-case input as it is).
 */
export function titleCase(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return text;
  return text
    .toLowerCase()
    .split(' ')
    .map((word, i) => {
      if (upperWords.has(word.replace(/[.,]/g, ''))) return word.toUpperCase().replace('GMBH', 'GmbH').replace('LTD', 'Ltd').replace('INC', 'Inc');
      if (i > 0 && smallWords.has(word)) return word;
      return word.split('-').map(capitaliseWord).join('-');
    })
    .join(' ');
}

export function nameField(value: unknown): string | undefined {
  const text = str(value, 200);
  return text ? capitaliseNameField(text) : undefined;
}

export function emailList(values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const text = str(value, 320);
    if (!text || /email_not_unlocked|@domain\.com$/i.test(text)) continue;
    const email = normaliseEmail(text);
    if (email.valid && !out.includes(email.value)) out.push(email.value);
  }
  return out;
}

export function phoneList(values: unknown[], defaultCountry: string | undefined): string[] {
  const out: string[] = [];
  for (const value of values) {
    const text = typeof value === 'number' ? String(value) : str(value, 64);
    if (!text) continue;
    const phone = normalisePhone(text, { defaultCountry });
    if (phone.valid && !out.includes(phone.value)) out.push(phone.value);
  }
  return out;
}

/** Provider URLs often lack a scheme ("linkedin.com/in/ada"). */
export function socialLinks(values: unknown[]): SocialLinks {
  const links: SocialLinks = {};
  for (const value of values) {
    const text = str(value, 2048);
    if (!text) continue;
    const url = normaliseUrl(text);
    const link = url.valid ? socialLinkOf(url.value) : undefined;
    if (link && !links[link.network]) links[link.network] = link.url;
  }
  return links;
}

export function websiteAndDomain(value: unknown): { website?: string; domain?: string } {
  const text = str(value, 2048);
  if (!text) return {};
  const url = normaliseUrl(text);
  const domain = normaliseDomain(text);
  return { ...(url.valid ? { website: new URL(url.value).origin } : {}), ...(domain.valid ? { domain: domain.registrable } : {}) };
}

export function address(parts: { street?: unknown; street2?: unknown; city?: unknown; region?: unknown; postalCode?: unknown; country?: unknown }): Address | undefined {
  const raw: Address = {};
  const set = (key: keyof Address, value: unknown, caseIt: boolean): void => {
    const text = str(value, key === 'postalCode' ? 40 : 300);
    if (text) raw[key] = caseIt ? (titleCase(text) ?? text) : text;
  };
  set('street', parts.street, true);
  set('street2', parts.street2, true);
  set('city', parts.city, true);
  set('region', parts.region, true);
  set('postalCode', typeof parts.postalCode === 'number' ? String(parts.postalCode) : parts.postalCode, false);
  set('country', parts.country, false);
  const out = normaliseAddress(raw);
  if (out.postalCode) out.postalCode = out.postalCode.toUpperCase();
  return Object.keys(out).length > 0 ? out : undefined;
}

export function timeZoneOf(addr: Address | undefined): string | undefined {
  if (!addr?.country) return undefined;
  return timeZoneFor({ country: addr.country, region: addr.region })?.timeZone;
}

export function countryCode(value: unknown): string | undefined {
  const text = str(value, 100);
  if (!text) return undefined;
  const country = normaliseCountry(text);
  return country.valid ? country.value : undefined;
}

export function positiveInt(value: unknown, max = 10_000_000): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(cleanLine(value).replace(/,/g, '')) : NaN;
  return Number.isInteger(n) && n > 0 && n <= max ? n : undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, 50) : value === undefined || value === null ? [] : [value];
}

/** Drops undefined, empty strings, empty arrays and empty objects. */
export function compact<T extends object>(fields: { [K in keyof T]?: T[K] | undefined }): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as Array<keyof T>) {
    const value = fields[key];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isRecord(value) && Object.keys(value).length === 0) continue;
    out[key] = value as T[keyof T];
  }
  return out;
}
