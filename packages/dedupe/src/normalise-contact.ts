import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

// Gmail ignores dots in the local part and serves googlemail.com as the same mailbox.
const gmailDomains = new Set(['gmail.com', 'googlemail.com']);

/**
 * An email address for comparison: trimmed, lower-cased, any `+tag`
 * removed, and for Gmail the dots of the local part removed and
 * googlemail.com read as gmail.com. `null` unless it has the shape
 * `local@domain.tld`.
 *
 * @example
 * normaliseEmail(' John.Smith+crm@GoogleMail.com '); // 'johnsmith@gmail.com'
 */
export function normaliseEmail(value: string): string | null {
  const text = value.trim().toLowerCase().replace(/^mailto:/, '');
  if (text.length > 320) return null;
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1).replace(/\.$/, '');
  if (/\s/.test(local) || !(asciiHost.test(domain) || unicodeHost.test(domain))) return null;
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (gmailDomains.has(domain)) {
    domain = 'gmail.com';
    local = local.replace(/\./g, '');
  }
  return local.length > 0 ? `${local}@${domain}` : null;
}

const e164 = /^\+[1-9]\d{7,14}$/;
const asciiHost = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const unicodeHost = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;

/** The part of a normalised email before the `@`. */
export function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : email.slice(0, at);
}

/** The part of a normalised email after the `@`. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1);
}

/**
 * A phone number for comparison: E.164 (`+442079460018`) when
 * libphonenumber-js can place it (an international prefix, or a
 * `defaultCountry`), else its digits; extensions dropped. `null` for fewer
 * than 6 digits.
 *
 * @example
 * normalisePhone('(020) 7946 0018', 'GB'); // '+442079460018'
 * normalisePhone('555-0100 ext. 12'); // '5550100'
 */
export function normalisePhone(value: string, defaultCountry?: CountryCode): string | null {
  // Already E.164-shaped: keep it, libphonenumber's parse costs more than everything else in normalisation.
  if (e164.test(value)) return value;
  const text = value.length > 64 ? value.slice(0, 64) : value;
  const main = /[a-z#]/i.test(text) ? (text.split(/(?:ext\.?|extension|x|#)\s*\d+\s*$/i)[0] ?? text) : text;
  const digits = main.replace(/\D+/g, '');
  if (digits.length < 6 || digits.length > 17) return null;
  const international = /^\s*(\+|00)/.test(main);
  if (/^\s*\+\d{8,15}\s*$/.test(main)) return `+${digits}`;
  if (international || defaultCountry) {
    const parsed = parsePhoneNumberFromString(international ? `+${digits.replace(/^00/, '')}` : main, defaultCountry);
    if (parsed?.isPossible()) return parsed.number;
  }
  return digits;
}

/**
 * The digits a phone comparison keys on: the last `count` digits (7 by
 * default), enough to tell numbers apart while ignoring country and area
 * code formatting.
 */
export function phoneTail(phone: string, count = 7): string {
  // Normalised phones are digits with an optional leading "+": slicing is enough.
  if (phone.length > count && /^\+?\d+$/.test(phone)) return phone.slice(-count);
  const digits = phone.replace(/\D+/g, '');
  return digits.length <= count ? digits : digits.slice(-count);
}

/**
 * A web domain for comparison: scheme, user, port, path, query and a
 * leading `www.` removed, lower case. Takes URLs, bare hosts and email
 * addresses. `null` unless it has a dot.
 *
 * @example
 * normaliseDomain('HTTPS://www.Acme.co.uk/about?x=1'); // 'acme.co.uk'
 */
export function normaliseDomain(value: string): string | null {
  let text = value.trim().toLowerCase();
  if (text.length > 2_000) text = text.slice(0, 2_000);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^mailto:/, '');
  text = text.split(/[/?#]/)[0] ?? '';
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/:\d*$/, '').replace(/\.+$/, '').replace(/^(www\d*|m)\./, '');
  if (!(asciiHost.test(text) || unicodeHost.test(text)) || text.length > 253) return null;
  return text;
}
