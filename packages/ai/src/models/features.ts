/** A raw field value as it comes from a record, a CSV cell or JSON. */
export type RawValue = string | number | boolean | null | undefined;

/** One record to encode: field name → raw value. Fields not named in the specs are ignored. */
export type FeatureRow = Readonly<Record<string, RawValue>>;

/** How one field becomes model inputs. */
export type FeatureSpec =
  | {
      kind: 'numeric';
      field: string;
      /** Apply sign(x)·log(1 + |x|) before standardising: for counts and amounts with a long tail. */
      log?: boolean;
    }
  | {
      kind: 'categorical';
      field: string;
      /** Values seen fewer times in training share the `other` input. Default: the encoder's `minCount`. */
      minCount?: number;
    }
  | { kind: 'boolean'; field: string };

export interface FeatureEncoderOptions {
  /** Default minimum count for a categorical value to get its own input. Default 5. */
  minCount?: number;
  /**
   * Strings that mean "no value", compared trimmed and case-insensitively.
   * Default `['', 'select']`: web forms submit their placeholder option.
   */
  missingTokens?: readonly string[];
}

type NumericColumn = { kind: 'numeric'; field: string; log: boolean; mean: number; scale: number; missingIndicator: boolean };
type CategoricalColumn = { kind: 'categorical'; field: string; values: string[]; missingIndicator: boolean };
type BooleanColumn = { kind: 'boolean'; field: string; missingIndicator: boolean };
type EncodedColumn = NumericColumn | CategoricalColumn | BooleanColumn;

/** The learnt encoder as plain JSON: store it beside the model trained on its output. */
export interface FeatureEncoderJson {
  format: 'nexus.feature-encoder';
  version: 1;
  missingTokens: string[];
  columns: EncodedColumn[];
}

export interface FeatureEncoder {
  /** One name per input, in order: `field`, `field=value`, `field=other`, `field:missing`. */
  readonly featureNames: readonly string[];
  /** The number of inputs, `featureNames.length`. */
  readonly width: number;
  /** Encodes one record. Never throws: unknown, malformed or missing values map to the missing or `other` inputs. */
  encode(row: FeatureRow): Float64Array;
  toJSON(): FeatureEncoderJson;
}

/** Standardised values are clipped to this many standard deviations, so one absurd value cannot dominate a score. */
const maxStandardScore = 10;
const trueTokens = new Set(['true', 'yes', 'y', '1', 't']);
const falseTokens = new Set(['false', 'no', 'n', '0', 'f']);

/**
 * Learns an encoder from training rows: numeric fields standardised (mean 0,
 * standard deviation 1, optional log) with a missing-value indicator,
 * categorical fields one-hot over the values seen at least `minCount` times
 * (the rest share `field=other`), booleans as 0/1. Values are matched
 * case-insensitively; a feature name keeps the spelling seen most often.
 *
 * @example
 * const encoder = fitFeatureEncoder(rows, [
 *   { kind: 'numeric', field: 'visits', log: true },
 *   { kind: 'categorical', field: 'source' },
 *   { kind: 'boolean', field: 'doNotEmail' },
 * ]);
 * const x = encoder.encode(rows[0]); // Float64Array of encoder.width
 */
export function fitFeatureEncoder(rows: readonly FeatureRow[], specs: readonly FeatureSpec[], options: FeatureEncoderOptions = {}): FeatureEncoder {
  const missingTokens = (options.missingTokens ?? ['', 'select']).map((t) => t.trim().toLowerCase());
  const missing = new Set(missingTokens);
  const defaultMinCount = options.minCount ?? 5;
  const columns = specs.map((spec): EncodedColumn => {
    switch (spec.kind) {
      case 'numeric':
        return fitNumeric(rows, spec.field, spec.log ?? false, missing);
      case 'categorical':
        return fitCategorical(rows, spec.field, spec.minCount ?? defaultMinCount, missing);
      case 'boolean':
        return { kind: 'boolean', field: spec.field, missingIndicator: rows.some((row) => parseBoolean(row[spec.field], missing) === undefined) };
    }
  });
  return loadFeatureEncoder({ format: 'nexus.feature-encoder', version: 1, missingTokens, columns });
}

/**
 * Rebuilds an encoder from `encoder.toJSON()`.
 *
 * @example
 * const encoder = loadFeatureEncoder(JSON.parse(stored));
 */
export function loadFeatureEncoder(json: FeatureEncoderJson): FeatureEncoder {
  if (json.format !== 'nexus.feature-encoder' || json.version !== 1) throw new TypeError('not a feature encoder (format nexus.feature-encoder, version 1)');
  // A private copy: later changes to the caller's object cannot change what the encoder does.
  const own: FeatureEncoderJson = structuredClone(json);
  const missing = new Set(own.missingTokens);
  const featureNames: string[] = [];
  const offsets: number[] = [];
  const lookups: (Map<string, number> | undefined)[] = [];
  for (const column of own.columns) {
    offsets.push(featureNames.length);
    switch (column.kind) {
      case 'numeric':
      case 'boolean':
        featureNames.push(column.field);
        lookups.push(undefined);
        break;
      case 'categorical': {
        const lookup = new Map<string, number>();
        column.values.forEach((value, i) => {
          lookup.set(normalizeCategory(value), i);
          featureNames.push(`${column.field}=${value}`);
        });
        featureNames.push(`${column.field}=other`);
        lookups.push(lookup);
        break;
      }
    }
    if (column.missingIndicator) featureNames.push(`${column.field}:missing`);
  }
  const width = featureNames.length;

  const encode = (row: FeatureRow): Float64Array => {
    const x = new Float64Array(width);
    own.columns.forEach((column, c) => {
      const at = offsets[c]!;
      const raw = row[column.field];
      switch (column.kind) {
        case 'numeric': {
          const value = parseNumber(raw, missing);
          if (value === undefined) {
            if (column.missingIndicator) x[at + 1] = 1;
            return;
          }
          const z = ((column.log ? signedLog1p(value) : value) - column.mean) / column.scale;
          x[at] = Math.max(-maxStandardScore, Math.min(maxStandardScore, z));
          return;
        }
        case 'boolean': {
          const value = parseBoolean(raw, missing);
          if (value === undefined) {
            if (column.missingIndicator) x[at + 1] = 1;
            return;
          }
          x[at] = value ? 1 : 0;
          return;
        }
        case 'categorical': {
          const text = asText(raw, missing);
          if (text === undefined) {
            if (column.missingIndicator) x[at + column.values.length + 1] = 1;
            return;
          }
          const index = lookups[c]!.get(normalizeCategory(text));
          x[at + (index ?? column.values.length)] = 1;
          return;
        }
      }
    });
    return x;
  };

  return { featureNames, width, encode, toJSON: () => structuredClone(own) };
}

function fitNumeric(rows: readonly FeatureRow[], field: string, log: boolean, missing: ReadonlySet<string>): NumericColumn {
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  let missingIndicator = false;
  for (const row of rows) {
    const raw = parseNumber(row[field], missing);
    if (raw === undefined) {
      missingIndicator = true;
      continue;
    }
    const value = log ? signedLog1p(raw) : raw;
    count++;
    sum += value;
    sumSquares += value * value;
  }
  const mean = count > 0 ? sum / count : 0;
  const variance = count > 1 ? Math.max(0, (sumSquares - count * mean * mean) / (count - 1)) : 0;
  // A constant column still encodes (to 0) rather than dividing by zero.
  const scale = variance > 1e-24 ? Math.sqrt(variance) : 1;
  return { kind: 'numeric', field, log, mean, scale, missingIndicator };
}

function fitCategorical(rows: readonly FeatureRow[], field: string, minCount: number, missing: ReadonlySet<string>): CategoricalColumn {
  const counts = new Map<string, { count: number; spellings: Map<string, number> }>();
  let missingIndicator = false;
  for (const row of rows) {
    const text = asText(row[field], missing);
    if (text === undefined) {
      missingIndicator = true;
      continue;
    }
    const key = normalizeCategory(text);
    const entry = counts.get(key) ?? { count: 0, spellings: new Map<string, number>() };
    entry.count++;
    entry.spellings.set(text, (entry.spellings.get(text) ?? 0) + 1);
    counts.set(key, entry);
  }
  const values = [...counts.values()]
    .filter((entry) => entry.count >= minCount)
    .sort((a, b) => b.count - a.count)
    .map((entry) => [...entry.spellings.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0])
    // `other` is the shared input for rare and unseen values; a real value of that name folds into it.
    .filter((value) => normalizeCategory(value) !== 'other');
  return { kind: 'categorical', field, values, missingIndicator };
}

function asText(raw: RawValue, missing: ReadonlySet<string>): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  const text = String(raw).trim();
  return missing.has(text.toLowerCase()) ? undefined : text;
}

function normalizeCategory(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

function parseNumber(raw: RawValue, missing: ReadonlySet<string>): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const text = asText(raw, missing);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function parseBoolean(raw: RawValue, missing: ReadonlySet<string>): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw !== 0 : undefined;
  const text = asText(raw, missing)?.toLowerCase();
  if (text === undefined) return undefined;
  if (trueTokens.has(text)) return true;
  if (falseTokens.has(text)) return false;
  return undefined;
}

function signedLog1p(value: number): number {
  return Math.sign(value) * Math.log1p(Math.abs(value));
}
