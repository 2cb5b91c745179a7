import { describe, expect, it } from 'vitest';
import type { ComparisonMatrix } from './compare-fields';
import { fitFellegiSunter, loadFellegiSunter } from './fellegi-sunter';
import { resolveFieldSpecs } from './field-spec';

/** mulberry32: equal seeds, equal data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fields = resolveFieldSpecs(['name', 'email', 'phone', 'city'].map((field) => ({ field, kind: 'text' as const, comparators: ['jaroWinkler' as const], levels: [1, 0.8] })));
// Truth per field: P(exact, close, disagree) among matches (m) and non-matches (u).
const m = [[0.85, 0.1, 0.05], [0.7, 0.1, 0.2], [0.6, 0.2, 0.2], [0.9, 0.05, 0.05]];
const u = [[0.02, 0.08, 0.9], [0.001, 0.01, 0.989], [0.005, 0.02, 0.975], [0.2, 0.1, 0.7]];
const similarityOfLevel = [1, 0.85, 0.3];

function synthetic(pairs: number, matchShare: number, missingShare: number, seed: number): { matrix: ComparisonMatrix; truth: number[] } {
  const random = seeded(seed);
  const values = new Float32Array(pairs * fields.length);
  const truth: number[] = [];
  const draw = (probabilities: number[]) => {
    let x = random();
    for (let l = 0; l < probabilities.length; l++) if ((x -= probabilities[l]!) < 0) return l;
    return probabilities.length - 1;
  };
  for (let p = 0; p < pairs; p++) {
    const match = random() < matchShare ? 1 : 0;
    truth.push(match);
    fields.forEach((_, f) => {
      values[p * fields.length + f] = random() < missingShare ? Number.NaN : similarityOfLevel[draw((match ? m : u)[f]!)]!;
    });
  }
  return { matrix: { features: fields.map((f) => ({ field: f.field, comparator: 'jaroWinkler', primary: true })), rows: pairs, values }, truth };
}

describe('fitFellegiSunter by EM', () => {
  it('recovers the match share and the m and u probabilities of a set whose truth is known', () => {
    const { matrix } = synthetic(20_000, 0.1, 0.1, 7);
    const model = fitFellegiSunter(matrix, fields);
    expect(model.fit.converged).toBe(true);
    expect(model.lambda).toBeCloseTo(0.1, 1);
    model.fields.forEach((field, f) => {
      expect(Math.abs(field.m[0]! - m[f]![0]!)).toBeLessThan(0.04);
      expect(Math.abs(field.u[0]! - u[f]![0]!)).toBeLessThan(0.02);
    });
  });

  it('classifies the synthetic pairs almost as well as the true model would', () => {
    const { matrix, truth } = synthetic(20_000, 0.1, 0.1, 11);
    const model = fitFellegiSunter(matrix, fields);
    let errors = 0;
    for (let p = 0; p < matrix.rows; p++) if ((model.score(matrix.values, p * fields.length) >= 0.5 ? 1 : 0) !== truth[p]) errors++;
    expect(errors / matrix.rows).toBeLessThan(0.02);
  });

  it('ends with matches as the agreeing class even when started the wrong way round', () => {
    const { matrix } = synthetic(5_000, 0.2, 0, 3);
    const model = fitFellegiSunter(matrix, fields, { initialLambda: 0.95 });
    expect(model.lambda).toBeLessThan(0.5);
    for (const field of model.fields) expect(field.m[0]!).toBeGreaterThan(field.u[0]!);
  });

  it('counts m and u directly from labelled pairs', () => {
    const { matrix, truth } = synthetic(20_000, 0.3, 0, 5);
    const model = fitFellegiSunter(matrix, fields, { labels: truth });
    expect(model.fit.method).toBe('labelled');
    expect(model.lambda).toBeCloseTo(0.3, 1);
    expect(Math.abs(model.fields[0]!.m[0]! - 0.85)).toBeLessThan(0.03);
  });

  it('treats a missing value as no evidence, not as disagreement', () => {
    const { matrix } = synthetic(10_000, 0.1, 0, 9);
    const model = fitFellegiSunter(matrix, fields);
    const allExact = Float32Array.of(1, 1, 1, 1);
    const oneMissing = Float32Array.of(1, 1, 1, Number.NaN);
    const oneDisagreeing = Float32Array.of(1, 1, 1, 0.1);
    expect(model.matchWeight(oneMissing)).toBeLessThan(model.matchWeight(allExact));
    expect(model.matchWeight(oneMissing)).toBeGreaterThan(model.matchWeight(oneDisagreeing));
    const reasons = model.explain(oneMissing);
    expect(reasons.map((r) => r.field)).not.toContain('city');
    expect(reasons.every((r) => r.matched && r.weight > 0)).toBe(true);
  });

  it('survives a round trip through JSON', () => {
    const { matrix } = synthetic(3_000, 0.1, 0, 1);
    const model = fitFellegiSunter(matrix, fields);
    const loaded = loadFellegiSunter(JSON.parse(JSON.stringify(model.toJSON())));
    expect(loaded.score(matrix.values, 0)).toBeCloseTo(model.score(matrix.values, 0), 12);
  });
});
