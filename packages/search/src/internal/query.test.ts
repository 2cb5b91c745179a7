import { describe, expect, it } from 'vitest';
import { isAppError } from '@nexus/platform';
import { maxQueryLength, parseQuery } from './query';

function refusal(text: string): string {
  try {
    parseQuery(text);
  } catch (error) {
    if (isAppError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('parseQuery', () => {
  it('matches every word, the last one as a prefix, folded to plain lower case', () => {
    expect(parseQuery('  Zoë   Müll ')).toMatchObject({ text: 'Zoë   Müll', words: ['zoe', 'mull'], tsquery: "'zoe' & 'mull':*", folded: 'zoe mull' });
    // One letter is a whole word, not a prefix of most of the workspace.
    expect(parseQuery('m').tsquery).toBe("'m'");
  });

  it('lets one letter after other words start a word ("ada l" finds Ada Lovelace while typing)', () => {
    expect(parseQuery('Ada L').tsquery).toBe("'ada' & 'l':*");
  });

  it('treats operators, quotes and SQL as separators, never as syntax', () => {
    expect(parseQuery("smith' | !(jones) <-> xy:* --").tsquery).toBe("'smith' & 'jones' & 'xy':*");
    expect(parseQuery('"acme.co"')).toMatchObject({ words: ['acme', 'co'], tsquery: "('acme' & 'co':*) | 'acme.co':*" });
  });

  it('adds the digits of a phone number typed with punctuation', () => {
    expect(parseQuery('+1 (415) 555-0123').tsquery).toBe("('1' & '415' & '555' & '0123':*) | '14155550123':* | '4155550123':*");
    expect(parseQuery('41 55').tsquery).toBe("'41' & '55':*");
  });

  it('matches names by sound, every word by one of its codes', () => {
    expect(parseQuery('jhon smth').phonetic).toBe("('jn' | 'an') & ('sm0' | 'xmt')");
    expect(parseQuery('415 555').phonetic).toBeNull();
  });

  it('keeps other scripts as words', () => {
    expect(parseQuery('Иван 山田').words).toEqual(['иван', '山田']);
  });

  it('refuses what cannot be searched, saying why', () => {
    expect(refusal('')).toMatch(/^validation_failed: Type something/);
    expect(refusal('   ')).toMatch(/Type something/);
    expect(refusal('*** ""')).toMatch(/no letters or digits/);
    expect(refusal('🎉')).toMatch(/no letters or digits/);
    expect(refusal('a'.repeat(maxQueryLength + 1))).toMatch(/at most 500 characters/);
  });

  it('uses at most 24 words', () => {
    expect(parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).words).toHaveLength(24);
  });
});
