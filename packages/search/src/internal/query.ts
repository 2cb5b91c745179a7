import { AppError } from '@nexus/platform';
import { digitsOf, fold, soundCodes, words } from './text';

/** Longest query accepted, in characters: longer text is a document, not a search. */
export const maxQueryLength = 500;
const maxWords = 24;

export interface ParsedQuery {
  /** The query as typed, trimmed. */
  text: string;
  /** Folded words, in order (at most 24). */
  words: string[];
  /** A PostgreSQL tsquery over the words: all must match, the last one as a prefix (type-ahead) unless it is a lone letter. */
  tsquery: string;
  /** The words as one folded string, for trigram matching. */
  folded: string;
  /** A tsquery over sound codes: every word must sound like a word of the name; null when no word has a sound. */
  phonetic: string | null;
}

function quote(word: string): string {
  // Words are letter-and-digit runs, so they need no escaping inside the quotes.
  return `'${word}'`;
}

/**
 * Turns what a user typed into the parts the engines match on. Operators,
 * quotes and other syntax are treated as separators, never as query syntax.
 */
export function parseQuery(raw: string): ParsedQuery {
  const text = raw.trim();
  if (text === '') throw new AppError('validation_failed', 'Type something to search for', { details: { field: 'q' } });
  if (text.length > maxQueryLength) {
    throw new AppError('validation_failed', `A search can be at most ${maxQueryLength} characters long`, { details: { field: 'q', maxLength: maxQueryLength } });
  }
  const all = words(text);
  if (all.length === 0) throw new AppError('validation_failed', 'The search has no letters or digits to look for', { details: { field: 'q' } });
  const list = all.slice(0, maxWords);
  const digits = digitsOf(text);
  const phone = digits.length >= 6 && /^[\d\s()+.\-/]+$/.test(text) ? [digits, digits.length > 10 ? digits.slice(-10) : undefined].filter((d): d is string => d !== undefined) : [];
  // Addresses and domains typed whole ("acme.co", "jane@acme.com") also match as one token, by prefix.
  const whole = [...new Set(text.split(/\s+/).map((chunk) => fold(chunk).replace(/[^\p{L}\p{N}.@_-]+/gu, '')).filter((chunk) => /[.@]/.test(chunk) && /[\p{L}\p{N}]/u.test(chunk)))];
  // The last word matches as a prefix once it has two characters, or one after other words ("ada l"):
  // a lone letter would match most of a workspace, but the other words already narrow it down.
  const prefix = (word: string, index: number) => index === list.length - 1 && (word.length >= 2 || list.length > 1);
  const terms = list.map((word, index) => `${quote(word)}${prefix(word, index) ? ':*' : ''}`);
  const alternatives = [...phone, ...whole].map((token) => `${quote(token)}:*`);
  const tsquery = alternatives.length === 0 ? terms.join(' & ') : `(${terms.join(' & ')}) | ${alternatives.join(' | ')}`;
  const sounds = list.map((word) => soundCodes(word)).filter((codes) => codes.length > 0);
  const phonetic = sounds.length > 0 ? sounds.map((codes) => `(${codes.map(quote).join(' | ')})`).join(' & ') : null;
  return { text, words: list, tsquery, folded: list.join(' '), phonetic };
}
