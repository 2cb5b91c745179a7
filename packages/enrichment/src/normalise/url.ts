import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { registrableDomain } from '../internal/public-suffixes';
import { cleanLine } from '../internal/text';
import { checkHostName, normaliseEmail } from './email';

export type UrlInvalidReason = 'empty' | 'too_long' | 'invalid_url' | 'unsupported_scheme' | 'ip_address' | 'missing_tld' | 'invalid_host';

export type NormalisedUrl =
  | { valid: true; value: string; host: string; domain: string; input: string }
  | { valid: false; reason: UrlInvalidReason; input: string };

export type NormalisedDomain =
  | { valid: true; value: string; registrable: string; input: string }
  | { valid: false; reason: UrlInvalidReason | 'invalid_email'; input: string };

const maxUrlLength = 2048;

/** Query parameters that identify a click or campaign, never the page. */
const trackingParams = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid', 'igsh',
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking', 'mkt_tok', 'oly_anon_id', 'oly_enc_id',
  'vero_id', 'vero_conv', '_ga', '_gl', 'srsltid', 'ref_src', 'ref_url', 's_kwcid', 'ef_id', 'trk', 'trkcampaign',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || lower.startsWith('pk_') || trackingParams.has(lower);
}

/** Parses what people type as a website: "acme.com", "//acme.com/x", "HTTP://WWW.Acme.com". */
export function parseWebUrl(text: string): URL | undefined {
  let candidate = text;
  if (candidate.startsWith('//')) candidate = `https:${candidate}`;
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(candidate) || /^[^:/]+:\d+(?:[/?#]|$)/.test(candidate)) candidate = `https://${candidate}`;
  if (!URL.canParse(candidate)) return undefined;
  return new URL(candidate);
}

function stripWww(host: string): string {
  return host.startsWith('www.') && host.split('.').length > 2 ? host.slice(4) : host;
}

/**
 * A canonical website URL: https unless http was written, lower-case
 * punycode host without "www.", no default port, credentials, fragment,
 * tracking parameters (utm_*, fbclid, gclid…) or trailing slash.
 *
 * @example
 * normaliseUrl('WWW.Acme.com/about/?utm_source=x&id=7#team');
 * // { valid: true, value: 'https://acme.com/about?id=7', host: 'acme.com', domain: 'acme.com', … }
 */
export function normaliseUrl(input: string): NormalisedUrl {
  const text = cleanLine(typeof input === 'string' ? input : '');
  if (text === '') return { valid: false, reason: 'empty', input: text };
  if (text.length > maxUrlLength) return { valid: false, reason: 'too_long', input: text.slice(0, 200) };
  const url = parseWebUrl(text);
  if (!url) return { valid: false, reason: 'invalid_url', input: text };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { valid: false, reason: 'unsupported_scheme', input: text };
  const rawHost = url.hostname.replace(/\.$/, '');
  if (isIP(rawHost.replace(/^\[|\]$/g, '')) !== 0) return { valid: false, reason: 'ip_address', input: text };
  const asciiHost = domainToASCII(rawHost);
  const hostCheck = asciiHost === '' ? 'invalid_domain' : checkHostName(asciiHost);
  if (hostCheck === 'missing_tld') return { valid: false, reason: 'missing_tld', input: text };
  if (hostCheck !== 'ok') return { valid: false, reason: 'invalid_host', input: text };
  const host = stripWww(asciiHost);

  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  const port = url.port ? `:${url.port}` : '';
  const value = `${url.protocol}//${host}${port}${path}${query}`;
  return { valid: true, value, host, domain: registrableDomain(host) ?? host, input: text };
}

/**
 * A company domain from a domain, a URL or an email address, lower-case and
 * punycode, without "www.". `registrable` drops subdomains ("eu.acme.co.uk" → "acme.co.uk").
 *
 * @example
 * normaliseDomain('https://www.Acme-Robotics.co.uk/contact'); // { valid: true, value: 'acme-robotics.co.uk', registrable: 'acme-robotics.co.uk', … }
 * normaliseDomain('ada@eu.acme.com');                         // { valid: true, value: 'eu.acme.com', registrable: 'acme.com', … }
 */
export function normaliseDomain(input: string): NormalisedDomain {
  const text = cleanLine(typeof input === 'string' ? input : '');
  if (text === '') return { valid: false, reason: 'empty', input: text };
  if (text.includes('@') && !text.includes('/')) {
    const email = normaliseEmail(text);
    if (!email.valid) return { valid: false, reason: 'invalid_email', input: email.input };
    const host = stripWww(email.domain);
    return { valid: true, value: host, registrable: registrableDomain(host) ?? host, input: text };
  }
  const url = normaliseUrl(text);
  if (!url.valid) return url;
  return { valid: true, value: url.host, registrable: url.domain, input: text };
}
