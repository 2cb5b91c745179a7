import { describe, expect, it } from 'vitest';
import { attributeFields, bestThreshold, confusion, evaluatePairs, parseEntity, parsePairs, wholeRecordField, type LabelledPair } from './eval-dedupe-pairs';

describe('parseEntity and parsePairs', () => {
  it('reads Ditto\'s serialisation, empty values included', () => {
    expect(parseEntity('COL name VAL ` gallagher \\ \'s \' COL addr VAL 228 w. 52nd st. COL price VAL ')).toEqual({ name: "` gallagher \\ 's '", addr: '228 w. 52nd st.', price: '' });
    expect(parseEntity('')).toEqual({});
  });

  it('reads labelled lines and names the line of a malformed one', () => {
    const text = 'COL a VAL x\tCOL a VAL y\t1\n\nCOL a VAL x\tCOL a VAL z\t0\n';
    expect(parsePairs(text)).toEqual([
      { left: { a: 'x' }, right: { a: 'y' }, label: 1 },
      { left: { a: 'x' }, right: { a: 'z' }, label: 0 },
    ]);
    expect(() => parsePairs('COL a VAL x\tCOL a VAL y\tmaybe\n', 'f.txt')).toThrow('f.txt line 1');
    expect(() => parsePairs('just text\n')).toThrow('line 1');
  });
});

describe('attributeFields', () => {
  it('compares mostly-numeric attributes as numbers, the rest as text, plus the whole record', () => {
    const pairs: LabelledPair[] = [
      { left: { title: 'sony camera', price: '99.5' }, right: { title: 'sony cam', price: '' }, label: 1 },
      { left: { title: 'nikon', price: '$1,200' }, right: { title: 'canon', price: '10' }, label: 0 },
    ];
    const fields = attributeFields(pairs);
    expect(fields.map((f) => [f.field, f.kind])).toEqual([
      ['title', 'text'],
      ['price', 'number'],
      [wholeRecordField, 'text'],
    ]);
  });
});

describe('thresholds', () => {
  it('measures precision, recall and F1 at a threshold', () => {
    expect(confusion([0.9, 0.8, 0.2, 0.1], [1, 0, 1, 0], 0.5)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(confusion([0.1], [0], 0.5)).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('picks the threshold with the best F1', () => {
    expect(bestThreshold([0.9, 0.7, 0.4, 0.1], [1, 1, 0, 0])).toEqual({ threshold: 0.7, f1: 1 });
  });
});

describe('evaluatePairs', () => {
  it('trains on one set of pairs and measures on another', () => {
    const brands = ['sony', 'nikon', 'canon', 'olympus', 'pentax', 'fuji', 'leica', 'kodak', 'ricoh', 'sigma', 'casio', 'panasonic'];
    const make = (offset: number): LabelledPair[] =>
      brands.flatMap((brand, i) => {
        const model = `${brand.slice(0, 2)}${100 + i + offset}`;
        const other = brands[(i + 1) % brands.length]!;
        return [
          { left: { title: `${brand} ${model} camera`, price: `${100 + i}` }, right: { title: `${brand} digital camera ${model}`, price: `${101 + i}` }, label: 1 as const },
          { left: { title: `${brand} ${model} camera`, price: `${100 + i}` }, right: { title: `${other} ${other.slice(0, 2)}${200 + i} camera`, price: `${300 + i}` }, label: 0 as const },
          { left: { title: `${brand} ${model} lens`, price: `${50 + i}` }, right: { title: `${brand} ${model}x camera body`, price: `${400 + i}` }, label: 0 as const },
        ];
      });
    const result = evaluatePairs('cameras', [...make(0), ...make(20), ...make(40)], make(60), 1);
    expect(result.testPairs).toBe(36);
    expect(result.crossValidation.map((c) => c.kind)).toEqual(['logistic-regression', 'gradient-boosting', 'gradient-boosting-deep']);
    expect(result.f1).toBeGreaterThan(0.8);
  });
});
