import { stemmer } from 'stemmer';

/** Common English function words: they occur everywhere and mean nothing on their own. */
const stopwords = new Set(
  (
    'a about above after again against all am an and any are aren as at be because been before being below between both but by ' +
    'can cannot could couldn did didn do does doesn doing don down during each few for from further had hadn has hasn have haven ' +
    'having he her here hers herself him himself his how if in into is isn it its itself just let ll me more most mustn my myself ' +
    'no nor not now of off on once only or other ought our ours ourselves out over own re same shan she should shouldn so some ' +
    'such than that the their theirs them themselves then there these they this those through to too under until up ve very was ' +
    'wasn we were weren what when where which while who whom why will with won would wouldn you your yours yourself yourselves'
  ).split(' '),
);

const combiningMarks = /\p{M}+/gu;
const separators = /[^\p{L}\p{N}]+/u;
const digitsOnly = /^\p{N}+$/u;
const englishWord = /^[a-z]+$/;

/** Longer runs are hashes, base64 or glued-together junk, never words worth a dimension. */
const maxTokenLength = 64;
/** Longer numbers are phone numbers, ids and amounts: unique per record, no shared meaning. */
const maxNumberLength = 4;

/**
 * Splits text into the terms LSA counts: lower-cased, accents removed,
 * split on anything that is not a letter or digit (any script), English
 * stopwords, one-character tokens and long numbers dropped, English words
 * reduced to their Porter stem. Never throws, whatever the input.
 *
 * @example
 * tokenize('Renée called about the Cars!'); // ['rene', 'call', 'car']
 */
export function tokenize(text: string): string[] {
  return tokenizeWith(text, stemmer);
}

/**
 * A tokenizer that remembers the stem of every word it has seen: training
 * meets the same few thousand words over and over.
 */
export function createMemoizedTokenizer(): (text: string) => string[] {
  const stems = new Map<string, string>();
  const stem = (word: string): string => {
    let result = stems.get(word);
    if (result === undefined) {
      result = stemmer(word);
      stems.set(word, result);
    }
    return result;
  };
  return (text) => tokenizeWith(text, stem);
}

function tokenizeWith(text: string, stem: (word: string) => string): string[] {
  // Text read from the database or JSON can be null at run time whatever its type says.
  if (typeof text !== 'string') return [];
  // NFKD before lower-casing: compatibility forms such as 'Ⅻ' decompose to
  // upper-case letters; lower-casing before stripping marks: 'İ' lower-cases
  // to 'i' plus a combining dot.
  const folded = text.normalize('NFKD').toLowerCase().replace(combiningMarks, '');
  const tokens: string[] = [];
  for (const raw of folded.split(separators)) {
    if (raw.length < 2 || raw.length > maxTokenLength) continue;
    // One character outside the Basic Multilingual Plane is two UTF-16 units.
    if (raw.length === 2 && raw.codePointAt(0)! > 0xffff) continue;
    if (stopwords.has(raw)) continue;
    if (digitsOnly.test(raw)) {
      if (raw.length <= maxNumberLength) tokens.push(raw);
      continue;
    }
    tokens.push(englishWord.test(raw) ? stem(raw) : raw);
  }
  return tokens;
}
