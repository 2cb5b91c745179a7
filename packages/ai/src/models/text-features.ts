/** Text is cut to this many characters before tokenising: enough for any sentence or email body worth classifying. */
export const maxTextLength = 20_000;

export interface TokenizeOptions {
  /** Add adjacent word pairs (`b:see you`). Default true. */
  bigrams?: boolean;
  /** Character n-gram lengths inside words, e.g. `[3, 5]`; `undefined` for none. */
  charNgrams?: readonly [min: number, max: number];
}

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const combiningMarks = /\p{M}+/gu;
const digits = /\p{N}/gu;

/**
 * The terms a text classifier counts: lower-cased words with accents
 * removed and digits folded to `0` (`w:call`, `w:000`), adjacent word pairs
 * (`b:call me`) and optionally character n-grams inside words (`c: ca`),
 * which let unseen spellings and inflections share evidence. A lone `?`
 * adds `p:?`: questions are requests more often than statements.
 * Never throws, whatever the input.
 *
 * @example
 * tokenizeText('Can we meet on Tuesday?'); // ['w:can', 'w:we', …, 'b:can we', …, 'p:?']
 */
export function tokenizeText(text: string, options: TokenizeOptions = {}): string[] {
  if (typeof text !== 'string') return [];
  const clean = text.slice(0, maxTextLength).normalize('NFKD').replace(combiningMarks, '').toLowerCase();
  const words = (clean.match(wordPattern) ?? []).map((word) => word.replace(/’/g, "'").replace(digits, '0')).filter((word) => word.length <= 40);
  const terms: string[] = words.map((word) => `w:${word}`);
  if (options.bigrams ?? true) for (let i = 1; i < words.length; i++) terms.push(`b:${words[i - 1]!} ${words[i]!}`);
  if (options.charNgrams) {
    const [min, max] = options.charNgrams;
    for (const word of words) {
      const padded = ` ${word} `;
      for (let size = min; size <= max; size++) {
        for (let i = 0; i + size <= padded.length; i++) terms.push(`c:${padded.slice(i, i + size)}`);
      }
    }
  }
  if (clean.includes('?')) terms.push('p:?');
  return terms;
}

/** A sparse vector: `values[k]` at position `indices[k]`, indices ascending. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface TfidfJson {
  terms: string[];
  idf: number[];
  tokenize: TokenizeOptions;
}

export interface TfidfOptions {
  /** Terms in fewer training texts are dropped. Default 2. */
  minDocumentFrequency?: number;
  /** The most frequent terms kept. Default 200 000. */
  maxTerms?: number;
  tokenize?: TokenizeOptions;
}

export interface Tfidf {
  readonly size: number;
  /** Sub-linear term frequency (1 + ln tf) × smoothed idf, scaled to unit length. */
  vectorize(text: string): SparseVector;
  toJSON(): TfidfJson;
}

/** Learns the vocabulary and inverse document frequencies of a training corpus. */
export function fitTfidf(texts: readonly string[], options: TfidfOptions = {}): Tfidf {
  const tokenize = { ...options.tokenize };
  const minDf = options.minDocumentFrequency ?? 2;
  const maxTerms = options.maxTerms ?? 200_000;
  const df = new Map<string, number>();
  for (const text of texts) for (const term of new Set(tokenizeText(text, tokenize))) df.set(term, (df.get(term) ?? 0) + 1);
  const kept = [...df.entries()]
    .filter(([, count]) => count >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms);
  const n = texts.length;
  return loadTfidf({ terms: kept.map(([term]) => term), idf: kept.map(([, count]) => Math.log((1 + n) / (1 + count)) + 1), tokenize });
}

export function loadTfidf(json: TfidfJson): Tfidf {
  if (json.terms.length !== json.idf.length) throw new RangeError('terms and idf differ in length');
  const own: TfidfJson = structuredClone(json);
  const index = new Map<string, number>();
  own.terms.forEach((term, i) => index.set(term, i));
  const idf = Float64Array.from(own.idf);
  return {
    size: own.terms.length,
    vectorize: (text) => {
      const counts = new Map<number, number>();
      for (const term of tokenizeText(text, own.tokenize)) {
        const i = index.get(term);
        if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
      }
      const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
      const values = new Float64Array(indices.length);
      let norm = 0;
      indices.forEach((i, k) => {
        const value = (1 + Math.log(counts.get(i)!)) * idf[i]!;
        values[k] = value;
        norm += value * value;
      });
      if (norm > 0) {
        const scale = 1 / Math.sqrt(norm);
        for (let k = 0; k < values.length; k++) values[k] = values[k]! * scale;
      }
      return { indices, values };
    },
    toJSON: () => structuredClone(own),
  };
}
