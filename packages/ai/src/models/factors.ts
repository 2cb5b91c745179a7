/** One reason behind a score: an input and how far it moved the score's log-odds. */
export interface Factor {
  /** The encoder's name for the input, e.g. `Lead Source=Reference` or `TotalVisits`. */
  feature: string;
  /** Change in log-odds attributed to this input; the sign says which way. */
  contribution: number;
  direction: 'raises' | 'lowers';
}

/**
 * The `top` contributions by size, ignoring those too small to matter.
 * Ties keep input order, so explanations are stable.
 */
export function topFactors(featureNames: readonly string[], contributions: ArrayLike<number>, top: number): Factor[] {
  const factors: Factor[] = [];
  for (let j = 0; j < contributions.length; j++) {
    const contribution = contributions[j]!;
    if (!Number.isFinite(contribution) || Math.abs(contribution) < 1e-9) continue;
    factors.push({ feature: featureNames[j] ?? `x${j}`, contribution, direction: contribution > 0 ? 'raises' : 'lowers' });
  }
  return factors.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, Math.max(0, top));
}

/** The logistic function, computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
