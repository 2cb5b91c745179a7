import { profileRecords, type ApiRecord, type ProfileCheck } from '@nexus/crm-core';
import type { WorkspaceTx } from '@nexus/db';
import { normaliseEmail } from '../normalise/email';
import { normalisePhone } from '../normalise/phone';
import { normaliseDomain, normaliseUrl } from '../normalise/url';

export type QualityObject = 'contacts' | 'companies';
export const qualityObjects = ['contacts', 'companies'] as const satisfies readonly QualityObject[];

/** The ids of a type's records that take part in an open duplicate pair (from the duplicates service). */
export type DuplicateRecordIds = (tx: WorkspaceTx, object: QualityObject) => Promise<Set<string>>;

/** How much each part weighs in a score out of 100. */
const weights = { completeness: 0.5, validity: 0.3, uniqueness: 0.2 } as const;

/** The fields a usable record has: a name to address, a way to reach, a place. */
const keyFields: Record<QualityObject, readonly string[]> = {
  contacts: ['firstName', 'lastName', 'emails', 'phones', 'title', 'companyId', 'address.country'],
  companies: ['name', 'domain', 'website', 'industry', 'size', 'address.country'],
};

/**
 * Validity in SQL is a syntax check of the stored form (what normalisation
 * on write produces): fast over a whole workspace. A record's own report
 * uses the full validators (libphonenumber's numbering plans), so legacy
 * values such as "+15550100" pass here and fail there.
 */
const patterns: Record<QualityObject, Record<string, string>> = {
  // No bounded repetitions ({2,63}): PostgreSQL compiles those into large automata, ten times slower over 100,000 rows.
  contacts: {
    emails: String.raw`^[^@[:space:]]+@[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.([a-z][a-z]+|xn--[a-z0-9-]+)$`,
    phones: String.raw`^\+[1-9][0-9]+( ext\. [0-9]+)?$`,
  },
  companies: {
    domain: String.raw`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.([a-z][a-z]+|xn--[a-z0-9-]+)$`,
    website: String.raw`^https?://[^[:space:]/?#]+\.[^[:space:]/?#]+([/?][^[:space:]]*)?$`,
  },
};

type Validator = (value: string) => string | undefined;
const validators: Record<QualityObject, Record<string, Validator>> = {
  contacts: {
    emails: (v) => {
      const email = normaliseEmail(v);
      return email.valid ? undefined : email.reason;
    },
    phones: (v) => {
      const phone = normalisePhone(v);
      if (!phone.valid) return phone.reason;
      return phone.value === v ? undefined : 'not_e164';
    },
  },
  companies: {
    domain: (v) => {
      const domain = normaliseDomain(v);
      return domain.valid ? undefined : domain.reason;
    },
    website: (v) => {
      const url = normaliseUrl(v);
      return url.valid ? undefined : url.reason;
    },
  },
};

export interface ObjectQuality {
  records: number;
  /** 0–100, or null when there are no records. */
  score: number | null;
  completeness: { score: number; fields: Record<string, number> };
  validity: { score: number; fields: Record<string, { checked: number; valid: number; share: number }> };
  duplicates: { records: number; share: number };
}

export interface WorkspaceQuality {
  score: number | null;
  records: number;
  objects: Record<QualityObject, ObjectQuality>;
}

export type RecordIssue =
  | { kind: 'missing'; field: string }
  | { kind: 'invalid'; field: string; index?: number; value: string; reason: string }
  | { kind: 'duplicate'; field: null };

export interface RecordQuality {
  score: number;
  completeness: number;
  validity: number;
  duplicate: boolean;
  issues: RecordIssue[];
}

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;
const mean = (values: readonly number[]): number => (values.length === 0 ? 1 : values.reduce((a, b) => a + b, 0) / values.length);
const score = (completeness: number, validity: number, uniqueness: number): number =>
  Math.round(100 * (weights.completeness * completeness + weights.validity * validity + weights.uniqueness * uniqueness));

function valueAt(record: ApiRecord, path: string): unknown {
  const [field = '', key] = path.split('.');
  const value = record[field];
  if (key === undefined) return value;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * A workspace's data quality: per type, the share of records with each key
 * field filled, the share of filled email/phone/domain/website values that
 * are valid, and the share of records that have a duplicate. Two aggregate
 * queries and the duplicates service's id sets; no record is read into memory.
 *
 * @example
 * await workspaceQuality(tx, duplicateRecordIds); // { score: 74, records: 1200, objects: { contacts: { … }, companies: { … } } }
 */
export async function workspaceQuality(tx: WorkspaceTx, duplicateRecordIds: DuplicateRecordIds): Promise<WorkspaceQuality> {
  const objects = {} as Record<QualityObject, ObjectQuality>;
  for (const object of qualityObjects) {
    const checks: ProfileCheck[] = [
      ...keyFields[object].map((field): ProfileCheck => ({ name: `filled:${field}`, kind: 'filled', field })),
      ...Object.entries(patterns[object]).map(([field, pattern]): ProfileCheck => ({ name: `valid:${field}`, kind: 'matches', field, pattern })),
    ];
    const profile = await profileRecords(tx, object, checks);
    const total = profile.total;
    const share = (n: number, of: number): number => (of === 0 ? 1 : round(n / of));
    const completenessFields = Object.fromEntries(keyFields[object].map((field) => [field, share(profile.counts[`filled:${field}`] ?? 0, total)]));
    const validityFields = Object.fromEntries(
      Object.keys(patterns[object]).map((field) => {
        const checked = profile.counts[`filled:${field}`] ?? 0;
        const valid = Math.min(checked, profile.counts[`valid:${field}`] ?? 0);
        return [field, { checked, valid, share: share(valid, checked) }];
      }),
    );
    const duplicates = total === 0 ? 0 : Math.min(total, (await duplicateRecordIds(tx, object)).size);
    const completeness = round(mean(Object.values(completenessFields)));
    const checkedAny = Object.values(validityFields).reduce((sum, f) => sum + f.checked, 0);
    const validity = checkedAny === 0 ? 1 : round(Object.values(validityFields).reduce((sum, f) => sum + f.valid, 0) / checkedAny);
    objects[object] = {
      records: total,
      score: total === 0 ? null : score(completeness, validity, 1 - duplicates / total),
      completeness: { score: completeness, fields: completenessFields },
      validity: { score: validity, fields: validityFields },
      duplicates: { records: duplicates, share: total === 0 ? 0 : round(duplicates / total) },
    };
  }
  const records = qualityObjects.reduce((sum, o) => sum + objects[o].records, 0);
  const weighted = qualityObjects.reduce((sum, o) => sum + (objects[o].score ?? 0) * objects[o].records, 0);
  return { score: records === 0 ? null : Math.round(weighted / records), records, objects };
}

/**
 * One record's data quality with the issues found: missing key fields,
 * values that do not validate (with the index in a list), and whether the
 * record has a duplicate.
 *
 * @example
 * recordQuality('contacts', contact, false);
 * // { score: 81, completeness: 0.71, validity: 1, duplicate: false, issues: [{ kind: 'missing', field: 'title' }, …] }
 */
export function recordQuality(object: QualityObject, record: ApiRecord, duplicate: boolean): RecordQuality {
  const issues: RecordIssue[] = [];
  const fields = keyFields[object];
  let filled = 0;
  for (const field of fields) {
    if (isFilled(valueAt(record, field))) filled += 1;
    else issues.push({ kind: 'missing', field });
  }
  let checked = 0;
  let valid = 0;
  for (const [field, validate] of Object.entries(validators[object])) {
    const value = record[field];
    const values = Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
    values.forEach((item: unknown, index) => {
      checked += 1;
      const reason = typeof item === 'string' ? validate(item) : 'not_text';
      if (reason === undefined) valid += 1;
      else issues.push({ kind: 'invalid', field, ...(Array.isArray(value) ? { index } : {}), value: String(item).slice(0, 200), reason });
    });
  }
  if (duplicate) issues.push({ kind: 'duplicate', field: null });
  const completeness = round(filled / fields.length);
  const validity = checked === 0 ? 1 : round(valid / checked);
  return { score: score(completeness, validity, duplicate ? 0 : 1), completeness, validity, duplicate, issues };
}
