import { describe, expect, it } from 'vitest';
import { decodeEntities, parseSnippet, splitTitle } from './snippet';

describe('parseSnippet', () => {
  it('turns mark elements into marked runs and unescapes the text between them', () => {
    expect(parseSnippet('<mark>Ada</mark> Lovelace &amp; <mark>co</mark>')).toEqual([
      { text: 'Ada', marked: true },
      { text: ' Lovelace & ', marked: false },
      { text: 'co', marked: true },
    ]);
  });

  it('keeps escaped markup as literal text, never as elements', () => {
    const parts = parseSnippet('&lt;img src=x onerror=alert(1)&gt; &lt;mark&gt;not a match&lt;/mark&gt;');
    expect(parts).toEqual([{ text: '<img src=x onerror=alert(1)> <mark>not a match</mark>', marked: false }]);
  });

  it('reads the entities Elasticsearch writes as well as PostgreSQL ones', () => {
    expect(decodeEntities('O&#x27;Brien&#x2F;R&#39;s &quot;x&quot;')).toBe(`O'Brien/R's "x"`);
  });

  it('tolerates a stray or unclosed marker', () => {
    expect(parseSnippet('a</mark>b<mark>c')).toEqual([
      { text: 'ab', marked: false },
      { text: 'c', marked: true },
    ]);
  });
});

describe('splitTitle', () => {
  it('takes the title, with its marks, off the front of the snippet', () => {
    const { title, detail } = splitTitle('Ada Lovelace', '<mark>Ada</mark> Lovelace · <mark>ada.lovelace@x.example</mark> · CTO');
    expect(title).toEqual([
      { text: 'Ada', marked: true },
      { text: ' Lovelace', marked: false },
    ]);
    expect(detail).toEqual([
      { text: 'ada.lovelace@x.example', marked: true },
      { text: ' · CTO', marked: false },
    ]);
  });

  it('leaves a snippet that does not start with the title whole', () => {
    const { title, detail } = splitTitle('Discovery call notes', 'budget is <mark>approved</mark>');
    expect(title).toEqual([{ text: 'Discovery call notes', marked: false }]);
    expect(detail.map((p) => p.text).join('')).toBe('budget is approved');
  });
});
