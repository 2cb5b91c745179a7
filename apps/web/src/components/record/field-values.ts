/**
 * What an in-place editor types and what the API stores: drafts are strings
 * (or lists of strings), values are what the PATCH carries. Every check here
 * mirrors the server's schema, so most mistakes are caught before a round trip;
 * the server stays the authority and its messages are shown at the field too.
 */
import { formatDate, formatMoney } from '@/lib/records';

export type FieldKind = 'text' | 'number' | 'currency' | 'money' | 'date' | 'boolean' | 'select' | 'multi_select' | 'url' | 'email' | 'phone' | 'currency_code';

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

const amountPattern = /^-?\d{1,15}(\.\d{1,6})?$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9][0-9 ().\-/]{2,40}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** The text an editor starts from. */
export function toDraft(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (kind === 'multi_select' && Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return '';
}

export function toDraftList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function checkUrl(text: string): Parsed {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'Enter a web address starting with http:// or https://' };
    if (!url.hostname.includes('.')) return { ok: false, message: 'Enter a web address such as https://example.com' };
    return { ok: true, value: withScheme };
  } catch {
    return { ok: false, message: 'Enter a web address such as https://example.com' };
  }
}

export function checkEmailValue(text: string): Parsed {
  return emailPattern.test(text) && text.length <= 254 ? { ok: true, value: text.toLowerCase() } : { ok: false, message: 'Enter a valid email address, like name@company.com' };
}

export function checkPhoneValue(text: string): Parsed {
  return phonePattern.test(text) ? { ok: true, value: text } : { ok: false, message: 'Enter a phone number, like +1 415 555 0100' };
}

/** The value a draft stands for, or why it cannot be saved. An empty draft clears the field unless it is required. */
export function parseDraft(kind: FieldKind, draft: string, options: { required?: boolean; label: string; choices?: readonly string[] }): Parsed {
  const text = draft.trim();
  if (kind === 'multi_select') {
    const list = draft
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return { ok: true, value: list.length ? list : null };
  }
  if (!text) return options.required ? { ok: false, message: `${options.label} can’t be empty` } : { ok: true, value: null };
  switch (kind) {
    case 'text':
      return text.length > 10_000 ? { ok: false, message: 'This is too long' } : { ok: true, value: text };
    case 'number': {
      const n = Number(text.replace(/[\s,]/g, ''));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'Enter a number, like 42 or 3.5' };
    }
    case 'currency':
    case 'money': {
      const amount = text.replace(/[\s,$€£¥]/g, '');
      return amountPattern.test(amount) ? { ok: true, value: amount } : { ok: false, message: 'Enter an amount, like 12500 or 1250.50' };
    }
    case 'date':
      return datePattern.test(text) && !Number.isNaN(new Date(`${text}T00:00:00`).getTime()) ? { ok: true, value: text } : { ok: false, message: 'Enter a date' };
    case 'url':
      return checkUrl(text);
    case 'email':
      return checkEmailValue(text);
    case 'phone':
      return checkPhoneValue(text);
    case 'currency_code':
      return /^[a-z]{3}$/i.test(text) ? { ok: true, value: text.toUpperCase() } : { ok: false, message: 'Enter a three-letter currency code, like USD' };
    case 'select':
      return !options.choices || options.choices.includes(text) ? { ok: true, value: text } : { ok: false, message: 'Choose one of the options' };
    case 'boolean':
      return { ok: true, value: text === 'true' };
  }
}

/** Two values are the same for saving purposes (so an unchanged field sends nothing). */
export function sameValue(kind: FieldKind, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  if ((a ?? null) === (b ?? null)) return true;
  const scalar = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
  if (!scalar(a) || !scalar(b)) return false;
  // "12500" typed over a stored "12500.00" is no change.
  if (kind === 'money' || kind === 'currency' || kind === 'number') return Number(a) === Number(b);
  return String(a) === String(b);
}

/** A stored value as text for the screen; anything unexpected becomes nothing rather than raw JSON. */
export function displayText(kind: FieldKind, value: unknown, currency = 'USD'): string {
  if (value === null || value === undefined || value === '') return '';
  if (kind === 'multi_select' || Array.isArray(value)) return toDraftList(value).join(', ');
  if (kind === 'money') return typeof value === 'string' || typeof value === 'number' ? formatMoney(String(value), currency) : '';
  if (kind === 'currency') {
    // A custom currency field carries no currency code: an amount with two decimals, not a guessed symbol.
    const n = Number(value);
    return (typeof value === 'string' || typeof value === 'number') && Number.isFinite(n) ? n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 6 }) : '';
  }
  if (kind === 'date') return typeof value === 'string' ? formatDate(value) : '';
  if (kind === 'number') return typeof value === 'number' ? value.toLocaleString() : typeof value === 'string' ? value : '';
  if (kind === 'boolean') return value === true ? 'Yes' : value === false ? 'No' : '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return '';
}

/** Only http(s) links are ever made clickable. */
export function safeHref(kind: FieldKind, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  if (kind === 'email') return `mailto:${value}`;
  if (kind === 'phone') return `tel:${value.replace(/[^\d+]/g, '')}`;
  if (kind === 'url') {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The server's message for a field: its own path or anything below it (`emails.2`, `customFields.tier.0`). */
export function errorAt(fieldErrors: Record<string, string>, path: string): string | undefined {
  for (const [key, message] of Object.entries(fieldErrors)) if (key === path || key.startsWith(`${path}.`)) return sentence(message);
  return undefined;
}

/** The server's field messages read "must be …"; on their own under a field they start with a capital. */
export function sentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

/** What to show at a field after a refused save: its own message, else the first one the server gave, else the overall one. */
export function fieldMessage(result: { message: string; fieldErrors: Record<string, string> }, path: string): string {
  const own = errorAt(result.fieldErrors, path);
  if (own) return own;
  const [first] = Object.entries(result.fieldErrors);
  return first ? sentence(first[1]) : result.message;
}
