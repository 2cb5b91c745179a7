import type { CurrentValues, FieldCandidates } from './fields';
import { isRecord } from './internal/text';
import type { Provenance, Sourced } from './provenance';

export type ChangeKind = 'fill' | 'append' | 'merge';

/** One proposed write. Nothing is written: the caller shows it, applies it, or drops it. */
export type ProposedChange<T> = {
  [K in keyof T]: {
    field: K;
    /** The whole value to write: for a list, today's items plus the new ones; for socialLinks, today's keys plus the new ones. */
    value: T[K];
    /** What the record holds now (null when empty). */
    previous: T[K] | null;
    kind: ChangeKind;
    provenance: Provenance;
  };
}[keyof T];

/** A source disagrees with a value the record already has; reported, never applied. */
export type FieldConflict<T> = {
  [K in keyof T]: { field: K; current: T[K]; proposed: T[K]; provenance: Provenance };
}[keyof T];

export interface Proposal<T> {
  changes: Array<ProposedChange<T>>;
  conflicts: Array<FieldConflict<T>>;
}

export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.values(value).every(isEmptyValue);
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.trim().toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Phones compare by digits, everything else case-insensitively. */
function itemKey(item: unknown): string {
  if (typeof item !== 'string') return JSON.stringify(item);
  return /^\+?[\d\s().-]+(ext\.?\s*\d+)?$/i.test(item) ? item.replace(/[^\d]/g, '') : item.trim().toLowerCase();
}

/**
 * Fill-only-if-empty: turns offered values into proposed changes without
 * ever overwriting what a record holds (a user typed it, or an earlier,
 * accepted enrichment did). Empty fields are filled from the most confident
 * offer; lists (emails, phones) gain missing items; `mergeFields` (by default
 * socialLinks) gain missing keys; every other disagreement is a conflict.
 *
 * @example
 * proposeChanges({ current: { name: 'ACME', domain: null }, candidates: [website, apollo] });
 * // { changes: [{ field: 'domain', value: 'acme.com', kind: 'fill', provenance: { source: 'apollo', … } }],
 * //   conflicts: [{ field: 'name', current: 'ACME', proposed: 'Acme Robotics Ltd', … }] }
 */
export function proposeChanges<T>(input: {
  current: CurrentValues<T>;
  candidates: ReadonlyArray<FieldCandidates<T>>;
  /** Offers below this confidence are ignored. Default 0. */
  minConfidence?: number;
  /** Object fields whose missing keys may be added. Default ['socialLinks']. */
  mergeFields?: ReadonlyArray<keyof T>;
}): Proposal<T> {
  const minConfidence = input.minConfidence ?? 0;
  const mergeFields = new Set<keyof T>(input.mergeFields ?? (['socialLinks'] as Array<keyof T>));
  const best = new Map<keyof T, Sourced<unknown>>();
  for (const candidates of input.candidates) {
    for (const field of Object.keys(candidates) as Array<keyof T>) {
      const offer = candidates[field] as Sourced<unknown> | undefined;
      if (!offer || isEmptyValue(offer.value) || offer.provenance.confidence < minConfidence) continue;
      const held = best.get(field);
      if (!held || offer.provenance.confidence > held.provenance.confidence) best.set(field, offer);
    }
  }
  const changes: Array<ProposedChange<T>> = [];
  const conflicts: Array<FieldConflict<T>> = [];
  const change = (field: keyof T, value: unknown, previous: unknown, kind: ChangeKind, provenance: Provenance): void => {
    changes.push({ field, value, previous: isEmptyValue(previous) ? null : previous, kind, provenance } as ProposedChange<T>);
  };
  for (const [field, offer] of best) {
    const current = input.current[field] as unknown;
    if (isEmptyValue(current)) {
      change(field, offer.value, current, 'fill', offer.provenance);
      continue;
    }
    if (Array.isArray(current) && Array.isArray(offer.value)) {
      const have = new Set(current.map(itemKey));
      const offered: unknown[] = offer.value;
      const added = offered.filter((item) => !have.has(itemKey(item)));
      if (added.length > 0) change(field, [...(current as unknown[]), ...added], current, 'append', offer.provenance);
      continue;
    }
    if (mergeFields.has(field) && isRecord(current) && isRecord(offer.value)) {
      const missing = Object.entries(offer.value).filter(([key, value]) => isEmptyValue(current[key]) && !isEmptyValue(value));
      if (missing.length > 0) change(field, { ...current, ...Object.fromEntries(missing) }, current, 'merge', offer.provenance);
      continue;
    }
    if (!sameValue(current, offer.value)) conflicts.push({ field, current, proposed: offer.value, provenance: offer.provenance } as FieldConflict<T>);
  }
  return { changes, conflicts };
}
