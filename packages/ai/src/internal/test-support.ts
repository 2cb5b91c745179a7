import { sigmoid } from '../models/factors';
import type { FeatureRow, FeatureSpec } from '../models/features';
import { createRandom } from './random';

/** Standard normal draws from a seeded source (Box–Muller). */
export function gaussianSource(seed: number): () => number {
  const random = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Rows of independent standard normal inputs with outcomes drawn from a
 * logistic model with the given true weights and intercept.
 */
export function logisticData(n: number, weights: readonly number[], intercept: number, seed: number): { x: Float64Array[]; y: number[] } {
  const gaussian = gaussianSource(seed);
  const random = createRandom(seed + 1);
  const x: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Float64Array.from(weights, () => gaussian());
    let z = intercept;
    row.forEach((v, j) => (z += v * weights[j]!));
    x.push(row);
    y.push(random() < sigmoid(z) ? 1 : 0);
  }
  return { x, y };
}

/**
 * Leads from a referral who spent long on the site convert; the city and the
 * newsletter say nothing. `signal` 0 makes every outcome a coin flip.
 */
export function leadRecords(n: number, seed: number, signal = 1): { rows: FeatureRow[]; labels: number[] } {
  const random = createRandom(seed);
  const sources = ['Referral', 'Google', 'Direct'];
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const source = sources[Math.floor(random() * 3)]!;
    const minutes = Math.floor(random() * 60);
    rows.push({ source, minutes: String(minutes), city: random() < 0.5 ? 'Lyon' : 'Select', newsletter: random() < 0.5 ? 'Yes' : 'No' });
    const z = signal * ((source === 'Referral' ? 2 : -1) + (minutes - 30) / 10);
    labels.push(random() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { rows, labels };
}

export const leadSpecs: FeatureSpec[] = [
  { kind: 'categorical', field: 'source' },
  { kind: 'numeric', field: 'minutes' },
  { kind: 'categorical', field: 'city' },
  { kind: 'boolean', field: 'newsletter' },
];
