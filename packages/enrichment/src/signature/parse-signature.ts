import { companyNameFromDomain } from '../company/company-from-email';
import { htmlToText, looksLikeHtml } from '../internal/html-to-text';
import { cleanLine, cleanMultiline, hasLetter, lookupKey } from '../internal/text';
import { normaliseCountry } from '../normalise/country';
import { normaliseEmail } from '../normalise/email';
import { normaliseName } from '../normalise/name';
import { normalisePhone } from '../normalise/phone';
import { normaliseUrl } from '../normalise/url';
import { provenance, type Sourced } from '../provenance';
import { socialLinkOf } from '../website/social-links';
import { latestMessage, locateSignature, type SignatureLocation } from './find-signature';
import { companySuffix, emailCandidate, phoneCandidate, phoneLabels, postalPatterns, segmentSeparator, streetPattern, titleWords, urlCandidate } from './signature-patterns';

export type PhoneLabel = 'mobile' | 'office' | 'direct' | 'fax' | 'other';

export interface SignaturePhone {
  /** E.164 (with " ext. N"), as stored on contacts. */
  value: string;
  /** As written in the signature. */
  raw: string;
  label: PhoneLabel;
}

export interface ParsedSignature {
  found: boolean;
  /** How the block was found; confidence follows from it. */
  anchor?: SignatureLocation['anchor'];
  /** The signature lines as found. */
  lines: string[];
  name?: Sourced<string>;
  title?: Sourced<string>;
  company?: Sourced<string>;
  phones: Array<Sourced<SignaturePhone>>;
  email?: Sourced<string>;
  website?: Sourced<string>;
  linkedinUrl?: Sourced<string>;
  address?: Sourced<string[]>;
}

export interface ParseSignatureOptions {
  /** Country for phone numbers written without +. */
  defaultCountry?: string | null;
  /** The sender's address, when known: corroborates the name and company. */
  from?: string;
  now?: () => Date;
}

const maxBodyChars = 100_000;
const anchorConfidence = { delimiter: 1, sign_off: 0.9, trailing_block: 0.7 } as const;

interface Segment {
  text: string;
  line: number;
  used: boolean;
}

function labelBefore(prefix: string): PhoneLabel | undefined {
  const tail = prefix.replace(/[\s:.)(\]-]+$/, '').slice(-20);
  for (const [pattern, label] of phoneLabels) if (pattern.test(tail) && new RegExp(`(^|[^\\p{L}])${pattern.source}`, 'iu').test(tail)) return label;
  return undefined;
}

function labelAfter(suffix: string): PhoneLabel | undefined {
  const head = /^\s*\(?\s*(mobile|mob|cell|m|office|o|work|w|direct|d|fax|f)\s*\)?/i.exec(suffix)?.[1]?.toLowerCase();
  if (!head) return undefined;
  if (/^(mobile|mob|cell|m)$/.test(head)) return 'mobile';
  if (/^(fax|f)$/.test(head)) return 'fax';
  if (/^(direct|d)$/.test(head)) return 'direct';
  return 'office';
}

/** Looks like a person's name: 1–4 capitalised words (particles allowed), letters only. */
function looksLikePersonName(text: string): boolean {
  if (text.length > 60 || !hasLetter(text) || /[\d@/:]/.test(text)) return false;
  if (titleWords.test(text) || companySuffix.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > 4) return false;
  return words.every((w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w) || /^(van|von|der|de|del|la|le|di|da|du|bin|al|el)$/i.test(w) || (/^\p{Lu}+$/u.test(w) && w.length > 1));
}

function isAddressLike(text: string): boolean {
  if (streetPattern.test(text) || postalPatterns.some((p) => p.test(text))) return true;
  // "Manchester, United Kingdom" or a country on its own line.
  const parts = text.split(',').map((p) => p.trim());
  const last = parts[parts.length - 1] ?? '';
  return text.length <= 60 && (parts.length >= 2 || /^\p{Lu}/u.test(text)) && last.length >= 2 && normaliseCountry(last).valid && !/^[A-Z]{2,3}$/.test(text);
}

/**
 * Finds the signature of the latest message in an email body (after "-- ",
 * "Best regards," and the like, before quoted replies) and reads the
 * sender's name, title, company, phones (labelled mobile/office/direct/fax),
 * email, website, LinkedIn profile and address from it. Each field carries
 * `signature` provenance with its own confidence. Plain text or HTML; never throws.
 *
 * @example
 * const sig = parseSignature('Hi,\n\nSee attached.\n\nBest regards,\nAda Lovelace\nHead of Engineering\nAcme Robotics Ltd\nM: +44 7400 123456', { defaultCountry: 'GB' });
 * sig.name?.value;  // 'Ada Lovelace'
 * sig.phones[0]?.value; // { value: '+447400123456', raw: '+44 7400 123456', label: 'mobile' }
 */
export function parseSignature(body: string, options: ParseSignatureOptions = {}): ParsedSignature {
  const at = (options.now ?? (() => new Date()))();
  const raw = typeof body === 'string' ? body.slice(0, maxBodyChars) : '';
  const text = cleanMultiline(looksLikeHtml(raw) ? htmlToText(raw) : raw);
  const location = locateSignature(latestMessage(text.split('\n')));
  if (!location) return { found: false, lines: [], phones: [] };

  const base = anchorConfidence[location.anchor];
  const sourcedAt = <T>(value: T, confidence: number): Sourced<T> => ({ value, provenance: provenance('signature', confidence * base, at) });
  const result: ParsedSignature = { found: true, anchor: location.anchor, lines: location.lines, phones: [] };

  const segments: Segment[] = location.lines.flatMap((line, index) =>
    line
      .split(segmentSeparator)
      .map((s) => cleanLine(s))
      .filter((s) => s !== '')
      .map((s) => ({ text: s, line: index, used: false })),
  );

  // Emails, links and phones first: they are unambiguous and their removal leaves the words.
  for (const segment of segments) {
    for (const match of segment.text.match(emailCandidate) ?? []) {
      const email = normaliseEmail(match.replace(/^(e-?mail|email|e|mail)\s*[:.]?\s*/i, '').replace(/[.,;]+$/, ''));
      if (email.valid) {
        result.email ??= sourcedAt(email.value, 0.95);
        segment.text = cleanLine(segment.text.replace(match, ' '));
      }
    }
    for (const match of segment.text.match(urlCandidate) ?? []) {
      const url = normaliseUrl(match.replace(/[.,;]+$/, ''));
      if (!url.valid) continue;
      const social = socialLinkOf(url.value);
      if (social?.network === 'linkedin') result.linkedinUrl ??= sourcedAt(social.url, 0.95);
      else if (!social) result.website ??= sourcedAt(url.value, 0.85);
      segment.text = cleanLine(segment.text.replace(match, ' '));
    }
    let consumed = segment.text;
    for (const match of segment.text.matchAll(phoneCandidate)) {
      const rawNumber = match[0].trim();
      if ((rawNumber.match(/\d/g) ?? []).length < 7) continue;
      const phone = normalisePhone(rawNumber, { defaultCountry: options.defaultCountry });
      if (!phone.valid) continue;
      const start = match.index;
      const label = labelBefore(segment.text.slice(Math.max(0, start - 20), start)) ?? labelAfter(segment.text.slice(start + match[0].length));
      const kind: PhoneLabel = label ?? (phone.type === 'mobile' ? 'mobile' : 'other');
      if (!result.phones.some((p) => p.value.value === phone.value)) result.phones.push(sourcedAt({ value: phone.value, raw: rawNumber, label: kind }, label ? 0.9 : 0.75));
      consumed = consumed.replace(match[0], ' ');
    }
    // Labels left behind ("Mobile:", "T", "E:") are not words of a name or title.
    segment.text = cleanLine(consumed.replace(/(^|\s)(mobile|mob|cell|tel|phone|office|direct|fax|email|e-mail|web|website|www|[mtofdpewl])\s*[:.]?(?=\s|$)/gi, ' ')).replace(/^[:,;–—-]+|[:,;–—-]+$/g, '').trim();
    if (segment.text === '') segment.used = true;
  }

  // Title lines, splitting "CTO at Acme" / "Head of Sales, Acme Inc." into title and company.
  for (const segment of segments) {
    if (segment.used || !titleWords.test(segment.text) || segment.text.length > 100) continue;
    if (result.title) break;
    const split = /^(.{2,80}?)\s+(?:at|@|bei|chez|en|presso)\s+(.{2,80})$/i.exec(segment.text) ?? (companySuffix.test(segment.text) ? /^(.{2,80}?),\s+(.{2,80})$/.exec(segment.text) : null);
    if (split?.[1] && split[2] && !titleWords.test(split[2])) {
      result.title = sourcedAt(split[1].trim(), 0.8);
      result.company ??= sourcedAt(split[2].trim(), companySuffix.test(split[2]) ? 0.85 : 0.7);
    } else if (!looksLikePersonName(segment.text) || segment.text.split(' ').length === 1) {
      result.title = sourcedAt(segment.text, 0.8);
    } else continue;
    segment.used = true;
  }

  // Companies by their legal suffix ("Acme Robotics Ltd", "Müller GmbH"), split from an address on the same line.
  for (const segment of segments) {
    if (segment.used || result.company || !companySuffix.test(segment.text)) continue;
    const parts = segment.text.split(/,\s+/);
    const suffixAt = parts.findIndex((p) => companySuffix.test(p));
    const companyText = parts.slice(0, suffixAt + 1).join(', ');
    if (companyText.length > 100 || isAddressLike(companyText)) continue;
    result.company = sourcedAt(companyText, 0.85);
    const rest = parts.slice(suffixAt + 1).join(', ');
    segment.text = rest;
    if (rest === '') segment.used = true;
  }

  const addressLines: string[] = [];
  for (const segment of segments) {
    if (segment.used || !isAddressLike(segment.text)) continue;
    addressLines.push(segment.text);
    segment.used = true;
  }
  if (addressLines.length > 0) {
    const strong = addressLines.length >= 2 || addressLines.some((l) => postalPatterns.some((p) => p.test(l)));
    result.address = sourcedAt(addressLines, strong ? 0.75 : 0.5);
  }

  // The name: the first free segment of the first lines that reads as a person's name.
  const signOffName = location.signOffName;
  for (const segment of segments) {
    if (segment.used || segment.line > 2 || !looksLikePersonName(segment.text)) continue;
    const name = normaliseName(segment.text);
    if (!name.valid) continue;
    const words = segment.text.split(/\s+/).length;
    let confidence = segment.line === 0 ? 0.85 : 0.7;
    if (words === 1) confidence -= 0.25;
    if (signOffName && lookupKey(segment.text).startsWith(lookupKey(signOffName))) confidence += 0.1;
    if (options.from && lookupKey(options.from).replace(/ /g, '').includes(lookupKey(name.value.last ?? name.value.first ?? '').replace(/ /g, ''))) confidence += 0.05;
    result.name = sourcedAt(name.value.full, Math.min(0.95, confidence));
    segment.used = true;
    break;
  }
  if (!result.name && signOffName && looksLikePersonName(signOffName)) {
    const name = normaliseName(signOffName);
    if (name.valid) result.name = sourcedAt(name.value.full, 0.5);
  }

  // A company without a legal suffix: a short free line after the title, corroborated by the email's domain when possible.
  if (!result.company) {
    const titleLine = segments.find((s) => result.title && s.text === result.title.value)?.line;
    const emailDomain = result.email?.value.split('@')[1] ?? options.from?.split('@')[1];
    const guessed = emailDomain ? lookupKey(companyNameFromDomain(emailDomain) ?? '').replace(/ /g, '') : '';
    const candidates = segments.filter((s) => !s.used && hasLetter(s.text) && s.text.split(/\s+/).length <= 5 && s.text.length <= 60 && !/[@/]/.test(s.text));
    const matching = guessed ? candidates.find((s) => lookupKey(s.text).replace(/ /g, '').includes(guessed) || (guessed.length >= 3 && guessed.includes(lookupKey(s.text).replace(/ /g, '')))) : undefined;
    const afterTitle = titleLine === undefined ? undefined : candidates.find((s) => s.line === titleLine + 1 || s.line === titleLine);
    const pick = matching ?? afterTitle;
    if (pick) {
      result.company = sourcedAt(pick.text, matching ? 0.8 : 0.5);
      pick.used = true;
    }
  }
  return result;
}
