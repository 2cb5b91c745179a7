import emailAddresses from 'email-addresses';
import { domainToASCII, domainToUnicode } from 'node:url';
import { cleanLine } from '../internal/text';

export type EmailInvalidReason =
  | 'empty'
  | 'too_long'
  | 'has_display_name'
  | 'contains_spaces'
  | 'multiple_addresses'
  | 'invalid_syntax'
  | 'ip_literal'
  | 'missing_tld'
  | 'invalid_domain';

export type NormalisedEmail =
  | { valid: true; value: string; local: string; domain: string; domainUnicode: string; input: string }
  | { valid: false; reason: EmailInvalidReason; input: string };

const maxLength = 254;
const maxLocalLength = 64;

/** A label as DNS allows it after IDNA (letters, digits, inner hyphens, ≤ 63). */
const dnsLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A TLD: letters only, or an IDN TLD in punycode (xn--p1ai). */
const tldPattern = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** RFC 5322 dot-atom, with RFC 6532 non-ASCII letters. */
const plainAddress = /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/;
const dotAtom = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/** Checks an ASCII (already IDNA-converted) host name: at least two labels and a real-looking TLD. */
export function checkHostName(host: string): 'ok' | 'missing_tld' | 'invalid_domain' {
  if (host.length === 0 || host.length > 253) return 'invalid_domain';
  const labels = host.split('.');
  if (labels.some((label) => !dnsLabel.test(label))) return 'invalid_domain';
  if (labels.length < 2) return 'missing_tld';
  return tldPattern.test(labels[labels.length - 1] ?? '') ? 'ok' : 'missing_tld';
}

/**
 * A lower-cased, validated address with its domain in punycode. Display
 * names ("Ada <ada@example.com>"), spaces, IP-literal domains and domains
 * without a TLD are refused with a reason.
 *
 * @example
 * normaliseEmail(' Ada.Lovelace@Bücher.DE '); // { valid: true, value: 'ada.lovelace@xn--bcher-kva.de', … }
 * normaliseEmail('Ada <ada@example.com>');   // { valid: false, reason: 'has_display_name', … }
 */
export function normaliseEmail(input: string): NormalisedEmail {
  let text = cleanLine(typeof input === 'string' ? input : '');
  if (text === '') return { valid: false, reason: 'empty', input: text };
  if (text.length > maxLength * 2) return { valid: false, reason: 'too_long', input: text.slice(0, maxLength) };
  text = text.replace(/^mailto:/i, '').replace(/\.$/, '');
  if (/[<>]/.test(text)) return { valid: false, reason: 'has_display_name', input: text };
  if (/\s/.test(text)) return { valid: false, reason: 'contains_spaces', input: text };
  if (/[,;]/.test(text) && (text.match(/@/g) ?? []).length > 1) return { valid: false, reason: 'multiple_addresses', input: text };

  // Nearly every address is a plain ASCII dot-atom: checked here without the full RFC 5322 parser, which costs a hundred times more.
  const plain = plainAddress.exec(text);
  if (plain) {
    const local = plain[1] ?? '';
    const domain = (plain[2] ?? '').toLowerCase();
    if (local.length <= maxLocalLength && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..')) {
      const hostCheck = checkHostName(domain);
      if (hostCheck !== 'ok') return { valid: false, reason: hostCheck, input: text };
      const value = `${local.toLowerCase()}@${domain}`;
      if (value.length > maxLength) return { valid: false, reason: 'too_long', input: text };
      return { valid: true, value, local: local.toLowerCase(), domain, domainUnicode: domainToUnicode(domain), input: text };
    }
  }

  const parsed = emailAddresses.parseOneAddress({ input: text, rfc6532: true });
  if (!parsed || parsed.type !== 'mailbox') return { valid: false, reason: 'invalid_syntax', input: text };
  if (parsed.name) return { valid: false, reason: 'has_display_name', input: text };
  const local = parsed.local;
  let domain = parsed.domain.replace(/\.$/, '');
  if (local.length === 0 || local.length > maxLocalLength) return { valid: false, reason: local.length === 0 ? 'invalid_syntax' : 'too_long', input: text };
  if (domain.startsWith('[')) return { valid: false, reason: 'ip_literal', input: text };
  domain = domainToASCII(domain.toLowerCase());
  if (domain === '') return { valid: false, reason: 'invalid_domain', input: text };
  const hostCheck = checkHostName(domain);
  if (hostCheck !== 'ok') return { valid: false, reason: hostCheck, input: text };
  // parsed.local is the semantic local part (comments dropped, quotes removed): re-quote it only when it needs quotes.
  const localPart = dotAtom.test(local) ? local : `"${local.replace(/(["\\])/g, '\\$1')}"`;
  const value = `${localPart.toLowerCase()}@${domain}`;
  if (value.length > maxLength) return { valid: false, reason: 'too_long', input: text };
  return { valid: true, value, local: localPart.toLowerCase(), domain, domainUnicode: domainToUnicode(domain), input: text };
}
