/**
 * Redaction of personal data before text leaves this process: e-mail
 * addresses, phone numbers and the names the caller knows about (contacts,
 * companies) become placeholders such as `[EMAIL_1]`, `[PHONE_1]`,
 * `[NAME_1]`, and come back in the answer. The same value always gets the
 * same placeholder within one redactor, so the model can still tell people
 * apart.
 */

export type PlaceholderKind = 'EMAIL' | 'PHONE' | 'NAME';

export interface Redactor {
  /** Replaces personal data with placeholders. */
  redact(text: string): string;
  /** Puts the original values back where the placeholders are; unknown placeholders stay as written. */
  restore(text: string): string;
  /** Placeholders handed out so far, by kind. */
  counts(): Record<PlaceholderKind, number>;
}

const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * A run of digits with the separators phone numbers are written with
 * (spaces, dots, dashes, one pair of parentheses, a leading + or 00). What
 * it finds is then checked by `isPhoneNumber`, which rejects dates, year
 * ranges, amounts and numbers too short or too long for a phone.
 */
const phoneCandidate = /(?:(?<=\\[nrtbf])|(?<![\p{L}\p{N}_+/.,-]))(?:\+|\b00)?(?:\(\d{1,5}\)[ \t.-]{0,2})?\d(?:[ \t.-]{0,2}\(?\d\)?){5,18}(?![\p{L}\p{N}_]|[.,]\d)/gu;

/** An amount such as "€ 1 250 000" or "1.250.000 EUR" is not a phone number. */
const currencyNearby = /[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|INR)\b/i;

const placeholderPattern = /\[(EMAIL|PHONE|NAME)_(\d+)\]/g;

/** Company suffixes and particles that would hide ordinary words if redacted on their own. */
const nameStopWords = new Set(['inc', 'ltd', 'llc', 'gmbh', 'corp', 'co', 'sa', 'ag', 'bv', 'plc', 'the', 'and', 'of', 'de', 'van', 'von', 'der', 'la', 'le']);

export function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const trimmed = candidate.trim();
  // 2026-01-15, 15.01.2026, 01/15/2026
  if (/^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$/.test(trimmed) || /^\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}$/.test(trimmed)) return false;
  // 2024-2025
  if (/^\d{4}\s?-\s?\d{4}$/.test(trimmed)) return false;
  // 50000.00, 1,250,000 and 1.250.000,50: amounts
  if (/^\d+[.,]\d{1,2}$/.test(trimmed) || /^\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?$/.test(trimmed)) return false;
  // 192.168.1.10
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(trimmed)) return false;
  const opens = (trimmed.match(/\(/g) ?? []).length;
  const closes = (trimmed.match(/\)/g) ?? []).length;
  return opens === closes && opens <= 1;
}

/**
 * Start of a word: no letter or digit before it, or a JSON escape such as
 * `\n` (text inside JSON reads "\nAda", where the `n` belongs to the escape).
 */
const boundaryBefore = String.raw`(?:(?<=\\[nrtbf])|(?<![\p{L}\p{N}_]))`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The full names first (case-insensitive), then their capitalised parts (exact case, so "Will" does not hide "will"). */
function namePatterns(names: readonly string[]): RegExp[] {
  const full = new Set<string>();
  const parts = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name.length < 2) continue;
    full.add(name);
    for (const part of name.split(/[\s,]+/)) {
      if (part.length >= 2 && /^\p{Lu}/u.test(part) && !nameStopWords.has(part.toLowerCase().replace(/\.$/, ''))) parts.add(part);
    }
  }
  const bounded = (alternatives: string[], flags: string): RegExp | undefined =>
    alternatives.length === 0
      ? undefined
      : new RegExp(`${boundaryBefore}(?:${alternatives.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, flags);
  const byLength = (a: string, b: string): number => b.length - a.length;
  return [bounded([...full].sort(byLength), 'giu'), bounded([...parts].filter((part) => !full.has(part)).sort(byLength), 'gu')].filter(
    (pattern): pattern is RegExp => pattern !== undefined,
  );
}

/**
 * @example
 * const redactor = createRedactor({ names: ['Jane Doe'] });
 * const sent = redactor.redact('Jane Doe <jane@acme.com> +1 415 555 0100'); // '[NAME_1] <[EMAIL_1]> [PHONE_1]'
 * redactor.restore('Reply to [NAME_1]'); // 'Reply to Jane Doe'
 */
export function createRedactor(options: { names?: readonly string[] } = {}): Redactor {
  const originals = new Map<string, string>();
  const placeholders = new Map<string, string>();
  const counters: Record<PlaceholderKind, number> = { EMAIL: 0, PHONE: 0, NAME: 0 };
  const names = namePatterns(options.names ?? []);

  function placeholderFor(kind: PlaceholderKind, value: string): string {
    const key = `${kind}:${value}`;
    const known = placeholders.get(key);
    if (known !== undefined) return known;
    counters[kind] += 1;
    const placeholder = `[${kind}_${counters[kind]}]`;
    placeholders.set(key, placeholder);
    originals.set(placeholder, value);
    return placeholder;
  }

  return {
    redact(text) {
      // Text that already looks like a placeholder is itself hidden behind a fresh one, so restoring never turns it into someone's data.
      let out = text.replace(placeholderPattern, (literal, kind: PlaceholderKind) => placeholderFor(kind, literal));
      out = out.replace(emailPattern, (email) => placeholderFor('EMAIL', email));
      out = out.replace(phoneCandidate, (candidate, offset: number, whole: string) => {
        // Separators and a closing parenthesis of the surrounding text, as in "(+44 20 7946 0958)", are not part of the number.
        let trailing = /[ \t.-]+$/.exec(candidate)?.[0] ?? '';
        let phone = candidate.slice(0, candidate.length - trailing.length);
        if (phone.endsWith(')') && (phone.match(/\)/g) ?? []).length > (phone.match(/\(/g) ?? []).length) {
          phone = phone.slice(0, -1);
          trailing = `)${trailing}`;
        }
        const around = whole.slice(Math.max(0, offset - 5), offset) + ' ' + whole.slice(offset + phone.length, offset + phone.length + 5);
        return isPhoneNumber(phone) && !currencyNearby.test(around) ? placeholderFor('PHONE', phone) + trailing : candidate;
      });
      for (const pattern of names) out = out.replace(pattern, (name) => placeholderFor('NAME', name));
      return out;
    },
    restore(text) {
      return text.replace(placeholderPattern, (placeholder) => originals.get(placeholder) ?? placeholder);
    },
    counts() {
      return { ...counters };
    },
  };
}

/**
 * One-shot redaction of a single text.
 *
 * @example
 * const { text, restore } = redact('Call Jane on 020 7946 0958', { names: ['Jane'] });
 */
export function redact(text: string, options: { names?: readonly string[] } = {}): { text: string; restore: (text: string) => string } {
  const redactor = createRedactor(options);
  return { text: redactor.redact(text), restore: (answer) => redactor.restore(answer) };
}

/** Puts originals back into every string of a parsed JSON value. */
export function restoreDeep(value: unknown, restore: (text: string) => string): unknown {
  if (typeof value === 'string') return restore(value);
  if (Array.isArray(value)) return value.map((item) => restoreDeep(item, restore));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, restoreDeep(item, restore)]));
  }
  return value;
}

/**
 * Restores placeholders in streamed text. A placeholder may be split across
 * chunks, so a trailing `[` that could still become one is held back until
 * the next chunk or the end.
 */
export function createStreamRestorer(restore: (text: string) => string): { push(chunk: string): string; flush(): string } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      const open = pending.lastIndexOf('[');
      if (open !== -1 && !pending.includes(']', open) && pending.length - open <= 16) {
        const ready = pending.slice(0, open);
        pending = pending.slice(open);
        return restore(ready);
      }
      const ready = pending;
      pending = '';
      return restore(ready);
    },
    flush() {
      const rest = pending;
      pending = '';
      return restore(rest);
    },
  };
}
