import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, jaccard, jaro, jaroWinkler, levenshteinSimilarity, softTokenSimilarity, sortedJaccard, tokenSetSimilarity } from './compare-strings';

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });

  it('is 1 for equal strings and 0 against an empty one or with nothing shared', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('smith', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['johnson', 'jonson'], ['catherine', 'kathryn'], ['a', 'ab']] as const) {
      expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 10);
    }
  });
});

describe('damerauLevenshtein', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(damerauLevenshtein('smith', 'smtih')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });

  it('normalises by the longer length', () => {
    expect(levenshteinSimilarity('jon', 'john')).toBe(0.75);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('abc', '')).toBe(0);
  });

  it('looks at a bounded prefix of very long values, quickly', () => {
    const long = 'x'.repeat(10_000);
    const started = performance.now();
    expect(levenshteinSimilarity(long, `${long}y`)).toBe(1);
    expect(jaroWinkler(long, long.replace(/x$/, 'y'))).toBe(1);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('token similarities', () => {
  it('ignores word order and repeats', () => {
    expect(tokenSetSimilarity('12 high street', 'high street 12')).toBe(1);
    expect(jaccard(['acme', 'corp'], ['acme'])).toBe(0.5);
    expect(sortedJaccard(['acme', 'corp'], ['acme'])).toBe(0.5);
    expect(jaccard([], [])).toBe(1);
    expect(jaccard(['a'], [])).toBe(0);
  });

  it('soft token similarity forgives a typo inside a word', () => {
    expect(softTokenSimilarity(['acme', 'widgets'], ['widgets', 'acmee'])).toBeGreaterThan(0.95);
    expect(softTokenSimilarity(['acme', 'widgets'], ['globex'])).toBeLessThan(0.6);
    expect(softTokenSimilarity([], [])).toBe(1);
    expect(softTokenSimilarity(['a'], [])).toBe(0);
  });
});
