import { AppError } from '@nexus/platform';
import { emailDomain, emailLocalPart } from './normalise-contact';
import { phoneticOf, type PreparedRecords, type PreparedValue } from './prepare-records';

/** How one part of a blocking key is made from a field's normalised values. */
export type KeyTransform = 'value' | 'phonetic' | 'initial' | 'prefix' | 'suffix' | 'digits' | 'localPart' | 'domain' | 'tokens' | 'year' | 'codes';

export interface KeyPart {
  field: string;
  /** Default `value`. `prefix` and `suffix` take `length` characters (default 3). */
  transform?: KeyTransform;
  length?: number;
}

/**
 * One way of putting records that might match side by side. The key is the
 * parts joined; a record lacking any part has no key under this rule.
 *
 * @example
 * // Sorted neighbourhood on the sound of the surname and the first initial.
 * const rule: BlockingRule = {
 *   name: 'surname-sound',
 *   method: 'sortedNeighbourhood',
 *   window: 8,
 *   parts: [{ field: 'lastName', transform: 'phonetic' }, { field: 'firstName', transform: 'initial' }],
 * };
 */
export interface BlockingRule {
  name: string;
  parts: readonly KeyPart[];
  /**
   * `exact` (default): records sharing a key are paired, blocks above
   * `maxBlockSize` are skipped and reported. `sortedNeighbourhood`: records are
   * sorted by key and each is paired with the next `window − 1`, so a common key can never explode.
   */
  method?: 'exact' | 'sortedNeighbourhood';
  /** Default 6. */
  window?: number;
}

export interface BlockingOptions {
  /** Exact blocks with more records are skipped and reported. Default 300 (about 45,000 pairs). */
  maxBlockSize?: number;
  /** Candidate pairs at most, after removing repeats; the rest are dropped and `truncated` is set. Default 20 million. */
  maxPairs?: number;
  /**
   * Only pairs with at least one of the first `focus` records: new records
   * matched against stored ones, which were matched with each other before.
   * Default: every pair.
   */
  focus?: number;
}

/** A block skipped for its size: its key is what a user would look at (a shared placeholder email, a switchboard number). */
export interface OversizeBlock {
  rule: string;
  key: string;
  size: number;
}

export interface CandidatePairs {
  /** `left[p] < right[p]`, record indices; every pair once, in ascending order. */
  left: Uint32Array;
  right: Uint32Array;
  /** The largest skipped blocks, largest first (at most 50); `skippedBlocks` counts them all. */
  oversizeBlocks: OversizeBlock[];
  skippedBlocks: number;
  truncated: boolean;
  /** Pairs each rule proposed, before removing pairs another rule had found. */
  perRule: { rule: string; pairs: number }[];
}

const maxKeysPerRecord = 16;
const noKeys: string[] = [];
const separator = '\u001f';

function partValues(value: PreparedValue, part: KeyPart): string[] {
  const length = Math.max(1, Math.min(64, part.length ?? 3));
  switch (part.transform ?? 'value') {
    case 'value':
      return value.values;
    case 'phonetic':
      return phoneticOf(value).map(([code], i) => code || value.values[i]!);
    case 'initial':
      return value.values.map((v) => v.slice(0, 1));
    case 'prefix':
      return value.values.map((v) => v.slice(0, length));
    case 'suffix':
      return value.values.map((v) => v.slice(-length));
    case 'digits':
      return value.values.map((v) => v.replace(/\D+/g, '')).filter((v) => v.length > 0);
    case 'localPart':
      return value.values.map(emailLocalPart);
    case 'domain':
      return value.values.map((v) => (v.includes('@') ? emailDomain(v) : v));
    case 'tokens':
      return value.words.flat().filter((w) => w.length >= 2);
    case 'year':
      return value.values.map((v) => v.slice(0, 4)).filter((v) => /^\d{4}$/.test(v));
    case 'codes':
      return value.codes;
  }
}

function checkRules(prepared: PreparedRecords, rules: readonly BlockingRule[]): number[][] {
  const fieldIndex = new Map(prepared.fields.map((spec, i) => [spec.field, i]));
  return rules.map((rule) => {
    if (rule.parts.length === 0) throw new AppError('validation_failed', `blocking rule ${rule.name} has no parts`);
    if (rule.window !== undefined && !(Number.isInteger(rule.window) && rule.window >= 2 && rule.window <= 1_000)) {
      throw new AppError('validation_failed', `blocking rule ${rule.name}: window must be a whole number from 2 to 1000`);
    }
    return rule.parts.map((part) => {
      const index = fieldIndex.get(part.field);
      if (index === undefined) throw new AppError('validation_failed', `blocking rule ${rule.name} names field ${part.field}, which no field spec describes`);
      return index;
    });
  });
}

/** The blocking keys of record `r` under one rule (distinct, at most 16). */
export function keysOf(prepared: PreparedRecords, rule: BlockingRule, fieldIndices: readonly number[], r: number): string[] {
  if (rule.parts.length === 1) {
    // The common case, without the cross product's arrays.
    const value = prepared.columns[fieldIndices[0]!]![r];
    if (!value) return noKeys;
    const parts = partValues(value, rule.parts[0]!);
    if (parts.length === 1) return parts[0]!.length > 0 ? parts : noKeys;
    return [...new Set(parts.filter((p) => p.length > 0))].slice(0, maxKeysPerRecord);
  }
  let keys: string[] = [''];
  for (let k = 0; k < rule.parts.length; k++) {
    const value = prepared.columns[fieldIndices[k]!]![r];
    if (!value) return [];
    const parts = partValues(value, rule.parts[k]!).filter((p) => p.length > 0);
    if (parts.length === 0) return [];
    const next: string[] = [];
    for (const prefix of keys) for (const p of parts) if (next.length < maxKeysPerRecord) next.push(k === 0 ? p : `${prefix}${separator}${p}`);
    keys = next;
  }
  return [...new Set(keys)];
}

/** A growable list of pair codes `left * n + right`. */
class PairBuffer {
  codes = new Float64Array(1 << 16);
  length = 0;
  push(code: number): void {
    if (this.length === this.codes.length) {
      const grown = new Float64Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length++] = code;
  }
}

/**
 * Candidate pairs of a prepared record set under several blocking rules:
 * the union of every rule's pairs, each pair once. Never compares all pairs:
 * exact blocks above `maxBlockSize` are skipped (and reported), sorted
 * neighbourhoods are bounded by their window.
 *
 * @example
 * const candidates = generateCandidates(prepared, contactBlockingRules, { maxBlockSize: 300 });
 * candidates.left.length; // pairs to compare
 */
export function generateCandidates(prepared: PreparedRecords, rules: readonly BlockingRule[], options: BlockingOptions = {}): CandidatePairs {
  const maxBlockSize = options.maxBlockSize ?? 300;
  const maxPairs = options.maxPairs ?? 20_000_000;
  if (!(maxBlockSize >= 2)) throw new AppError('validation_failed', 'maxBlockSize must be at least 2');
  const fieldIndices = checkRules(prepared, rules);
  const n = prepared.ids.length;
  const buffer = new PairBuffer();
  const oversize: OversizeBlock[] = [];
  let skippedBlocks = 0;
  let truncated = false;
  const perRule: CandidatePairs['perRule'] = [];
  // Duplicates between rules are removed at the end; this bounds the raw buffer.
  const rawLimit = maxPairs * 2;
  const focus = options.focus ?? n;
  const add = (a: number, b: number) => {
    if (a === b || (a >= focus && b >= focus)) return;
    if (buffer.length >= rawLimit) {
      truncated = true;
      return;
    }
    buffer.push(a < b ? a * n + b : b * n + a);
  };

  rules.forEach((rule, ruleIndex) => {
    const before = buffer.length;
    const indices = fieldIndices[ruleIndex]!;
    if ((rule.method ?? 'exact') === 'exact') {
      // Blocks as linked lists through two flat arrays: no array per key, most keys hold one record.
      const last = new Map<string, number>();
      const size = new Map<string, number>();
      const owner: number[] = [];
      const previous: number[] = [];
      for (let r = 0; r < n; r++) {
        for (const key of keysOf(prepared, rule, indices, r)) {
          const before = last.get(key);
          owner.push(r);
          previous.push(before ?? -1);
          last.set(key, owner.length - 1);
          if (before !== undefined) size.set(key, (size.get(key) ?? 1) + 1);
        }
      }
      const members: number[] = [];
      for (const [key, count] of size) {
        if (count > maxBlockSize) {
          skippedBlocks++;
          oversize.push({ rule: rule.name, key: key.split(separator).join(' ').slice(0, 80), size: count });
          continue;
        }
        members.length = 0;
        for (let e = last.get(key)!; e >= 0; e = previous[e]!) members.push(owner[e]!);
        for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) add(members[i]!, members[j]!);
      }
    } else {
      const window = rule.window ?? 6;
      // Key, then the record number in fixed-width base 36: the engine's native
      // string sort orders them without a comparator call per comparison.
      const entries: string[] = [];
      for (let r = 0; r < n; r++) {
        const owner = r.toString(36).padStart(7, '0');
        for (const key of keysOf(prepared, rule, indices, r)) entries.push(`${key}\u0000${owner}`);
      }
      entries.sort();
      const owners = Int32Array.from(entries, (entry) => parseInt(entry.slice(-7), 36));
      for (let p = 0; p < owners.length; p++) {
        const end = Math.min(owners.length, p + window);
        for (let q = p + 1; q < end; q++) add(owners[p]!, owners[q]!);
      }
    }
    perRule.push({ rule: rule.name, pairs: buffer.length - before });
  });

  const codes = buffer.codes.subarray(0, buffer.length).sort();
  let unique = 0;
  for (let k = 0; k < codes.length; k++) if (k === 0 || codes[k] !== codes[k - 1]) codes[unique++] = codes[k]!;
  if (unique > maxPairs) {
    unique = maxPairs;
    truncated = true;
  }
  const left = new Uint32Array(unique);
  const right = new Uint32Array(unique);
  for (let k = 0; k < unique; k++) {
    const code = codes[k]!;
    const a = Math.floor(code / n);
    left[k] = a;
    right[k] = code - a * n;
  }
  oversize.sort((a, b) => b.size - a.size);
  return { left, right, oversizeBlocks: oversize.slice(0, 50), skippedBlocks, truncated, perRule };
}
