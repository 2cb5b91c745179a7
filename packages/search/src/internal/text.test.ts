import { describe, expect, it } from 'vitest';
import { cleanText, editDistance, fold, markSimilar, markedToHtml, markEnd, markStart, words } from './text';

describe('text helpers', () => {
  it('folds accents and case, and splits on anything but letters and digits', () => {
    expect(fold('Zoë MÜLLER')).toBe('zoe muller');
    expect(words('jane.doe@acme.co.uk, +1-415')).toEqual(['jane', 'doe', 'acme', 'co', 'uk', '1', '415']);
  });

  it('drops control characters and caps length', () => {
    expect(cleanText('a\u0000b\u0007\n\n c', 100)).toBe('a b c');
    expect(cleanText('x'.repeat(50), 10)).toHaveLength(10);
  });

  it('escapes snippets and turns match marks into <mark>, closing any left open', () => {
    expect(markedToHtml(`<b>${markStart}Acme${markEnd} & co`)).toBe('&lt;b&gt;<mark>Acme</mark> &amp; co');
    expect(markedToHtml(`${markStart}open`)).toBe('<mark>open</mark>');
  });

  it('counts a transposition as one edit and stops early past the limit', () => {
    expect(editDistance('jhon', 'john', 2)).toBe(1);
    expect(editDistance('smth', 'smith', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('marks words near the query in fuzzy snippets, escaping the rest', () => {
    expect(markSimilar('John Smith <john@acme.com>', ['jhon', 'smth'])).toBe('<mark>John</mark> <mark>Smith</mark> &lt;<mark>john</mark>@acme.com&gt;');
  });
});
