/**
 * Field provenance: where an enriched or normalised value came from, how sure
 * we are of it and when we learned it. Stored beside the value and shown in
 * the API, so a user can tell a typed value from a guessed one.
 */

/** Built-in sources; a paid provider appears under its own name (`people_data_labs`, `apollo`). */
export type ProvenanceSource = 'normalisation' | 'website' | 'signature' | 'email_domain' | (string & {});

export interface Provenance {
  source: ProvenanceSource;
  /** 0..1: 1 for a value derived by rule from what the user typed, lower for guesses. */
  confidence: number;
  /** ISO 8601 time the source gave us the value (a cached provider answer keeps its original time). */
  at: string;
}

/** A value together with its provenance. */
export interface Sourced<T> {
  value: T;
  provenance: Provenance;
}

/**
 * @example
 * const p = provenance('website', 0.8, clock.now()); // { source: 'website', confidence: 0.8, at: '2026-…Z' }
 */
export function provenance(source: ProvenanceSource, confidence: number, at: Date | string): Provenance {
  const clamped = Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  return { source, confidence: Math.round(clamped * 100) / 100, at: typeof at === 'string' ? at : at.toISOString() };
}

export function sourced<T>(value: T, source: ProvenanceSource, confidence: number, at: Date | string): Sourced<T> {
  return { value, provenance: provenance(source, confidence, at) };
}
