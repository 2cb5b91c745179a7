import { describe, expect, it } from 'vitest';
import { fitFeatureEncoder, loadFeatureEncoder, type FeatureRow, type FeatureSpec } from './features';

const specs: FeatureSpec[] = [
  { kind: 'numeric', field: 'visits' },
  { kind: 'numeric', field: 'seconds', log: true },
  { kind: 'categorical', field: 'source', minCount: 2 },
  { kind: 'boolean', field: 'doNotEmail' },
];

const rows: FeatureRow[] = [
  { visits: 1, seconds: '0', source: 'Google', doNotEmail: 'No' },
  { visits: 3, seconds: '120', source: 'google', doNotEmail: 'Yes' },
  { visits: '5', seconds: '', source: 'Referral', doNotEmail: 'no' },
  { visits: null, seconds: '60', source: 'Referral', doNotEmail: true },
  { visits: 7, seconds: '3000', source: 'Select', doNotEmail: 'No' },
  { visits: 9, seconds: '10', source: 'Facebook', doNotEmail: 'No' },
];

const at = (x: Float64Array, names: readonly string[], name: string) => x[names.indexOf(name)];

describe('fitFeatureEncoder', () => {
  it('names one input per number, kept category, shared other, and missing indicator seen in training', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    expect(encoder.featureNames).toEqual([
      'visits',
      'visits:missing',
      'seconds',
      'seconds:missing',
      'source=Google',
      'source=Referral',
      'source=other',
      'source:missing',
      'doNotEmail',
    ]);
    expect(encoder.width).toBe(9);
  });

  it('standardises numbers over the training rows that have them', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const encoded = rows.map((row) => encoder.encode(row));
    const present = [0, 1, 2, 4, 5].map((i) => at(encoded[i]!, encoder.featureNames, 'visits')!);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    const variance = present.reduce((a, b) => a + (b - mean) ** 2, 0) / (present.length - 1);
    expect(mean).toBeCloseTo(0, 12);
    expect(variance).toBeCloseTo(1, 12);
  });

  it('encodes a missing number as the mean with its indicator set', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const x = encoder.encode(rows[3]!);
    expect(at(x, encoder.featureNames, 'visits')).toBe(0);
    expect(at(x, encoder.featureNames, 'visits:missing')).toBe(1);
    expect(at(encoder.encode(rows[0]!), encoder.featureNames, 'visits:missing')).toBe(0);
  });

  it('log-scales a long-tailed number before standardising', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const long = at(encoder.encode({ seconds: 3000 }), encoder.featureNames, 'seconds')!;
    const short = at(encoder.encode({ seconds: 10 }), encoder.featureNames, 'seconds')!;
    // On a log scale 3000 s is a couple of deviations up, not an outlier tens of deviations away.
    expect(long).toBeGreaterThan(short);
    expect(long).toBeLessThan(3);
  });

  it('one-hot encodes categories case-insensitively, rare and unseen values as other, "Select" as missing', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const names = encoder.featureNames;
    expect(at(encoder.encode({ source: 'GOOGLE' }), names, 'source=Google')).toBe(1);
    expect(at(encoder.encode({ source: 'Facebook' }), names, 'source=other')).toBe(1);
    expect(at(encoder.encode({ source: 'never seen' }), names, 'source=other')).toBe(1);
    const select = encoder.encode({ source: 'select' });
    expect(at(select, names, 'source:missing')).toBe(1);
    expect(at(select, names, 'source=other')).toBe(0);
  });

  it('reads yes/no, true/false and 1/0 as booleans', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const names = encoder.featureNames;
    expect(at(encoder.encode({ doNotEmail: 'YES' }), names, 'doNotEmail')).toBe(1);
    expect(at(encoder.encode({ doNotEmail: 1 }), names, 'doNotEmail')).toBe(1);
    expect(at(encoder.encode({ doNotEmail: 'false' }), names, 'doNotEmail')).toBe(0);
  });

  it('never throws on malformed values and clips absurd numbers', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const x = encoder.encode({ visits: Number.POSITIVE_INFINITY, seconds: 1e300, source: '🔥'.repeat(1000), doNotEmail: 'perhaps' });
    expect(x.every(Number.isFinite)).toBe(true);
    expect(at(x, encoder.featureNames, 'visits:missing')).toBe(1);
    expect(at(x, encoder.featureNames, 'seconds')).toBeLessThanOrEqual(10);
    expect(encoder.encode({}).every(Number.isFinite)).toBe(true);
  });

  it('gives a constant column zero instead of dividing by zero', () => {
    const encoder = fitFeatureEncoder([{ n: 4 }, { n: 4 }], [{ kind: 'numeric', field: 'n' }]);
    expect([...encoder.encode({ n: 4 })]).toEqual([0]);
  });
});

describe('loadFeatureEncoder', () => {
  it('round-trips through JSON with identical encodings', () => {
    const encoder = fitFeatureEncoder(rows, specs);
    const restored = loadFeatureEncoder(JSON.parse(JSON.stringify(encoder)));
    expect(restored.featureNames).toEqual(encoder.featureNames);
    for (const row of [...rows, { source: 'unseen', visits: 'x' }]) expect(restored.encode(row)).toEqual(encoder.encode(row));
  });

  it('is not changed by later edits to the JSON it was loaded from', () => {
    const json = fitFeatureEncoder(rows, specs).toJSON();
    const restored = loadFeatureEncoder(json);
    const before = restored.encode(rows[1]!);
    json.columns.length = 0;
    expect(restored.encode(rows[1]!)).toEqual(before);
  });

  it('rejects JSON of another format', () => {
    expect(() => loadFeatureEncoder({ format: 'other', version: 1, missingTokens: [], columns: [] } as never)).toThrow(TypeError);
  });
});
