import { describe, expect, it } from 'vitest';
import { fitTfidf, tokenizeText } from './text-features';

describe('tokenizeText', () => {
  it('lower-cases words, removes accents, folds digits and adds word pairs', () => {
    expect(tokenizeText('Renée paid $250!')).toEqual(['w:renee', 'w:paid', 'w:000', 'b:renee paid', 'b:paid 000']);
  });

  it('keeps apostrophes inside words and marks questions', () => {
    expect(tokenizeText("Don't you agree?", { bigrams: false })).toEqual(["w:don't", 'w:you', 'w:agree', 'p:?']);
  });

  it('adds character n-grams inside padded words when asked', () => {
    expect(tokenizeText('hi', { bigrams: false, charNgrams: [2, 3] })).toEqual(['w:hi', 'c: h', 'c:hi', 'c:i ', 'c: hi', 'c:hi ']);
  });

  it('returns no terms for empty, symbol-only or non-string input', () => {
    expect(tokenizeText('')).toEqual([]);
    expect(tokenizeText('🙂 … !!!')).toEqual([]);
    expect(tokenizeText(undefined as unknown as string)).toEqual([]);
  });
});

describe('fitTfidf', () => {
  it('keeps terms seen in enough texts and scales vectors to unit length', () => {
    const tfidf = fitTfidf(['call me today', 'call me tomorrow', 'email me'], { minDocumentFrequency: 2, tokenize: { bigrams: false } });
    expect(tfidf.toJSON().terms.sort()).toEqual(['w:call', 'w:me']);
    const v = tfidf.vectorize('call call me');
    expect(v.values.reduce((a, b) => a + b * b, 0)).toBeCloseTo(1, 12);
    const terms = tfidf.toJSON().terms;
    const weightOf = (term: string) => v.values[[...v.indices].indexOf(terms.indexOf(term))]!;
    // Rarer and repeated: 'call' outweighs 'me', which is in every text.
    expect(weightOf('w:call')).toBeGreaterThan(weightOf('w:me'));
  });

  it('gives text with no known terms an empty vector', () => {
    const tfidf = fitTfidf(['a b', 'a b'], { minDocumentFrequency: 1 });
    expect(tfidf.vectorize('zzz').indices).toHaveLength(0);
  });
});
