import { AppError } from '@nexus/platform';
import type { ObjectSpec } from '../objects/object-specs';
import type { Row } from './record-repo';

/** Fields a merge decides: every field a client may write. */
export function mergeableFields(spec: ObjectSpec): string[] {
  return Object.entries(spec.fields)
    .filter(([, field]) => field.readOnly !== true)
    .map(([name]) => name);
}

/** Key-value fields whose keys are merged one by one (the survivor's keys win). */
const keyedColumns = new Set(['custom_fields', 'social_links']);

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/**
 * Checks `fieldChoices` (`{ "<field>": "<id of the record whose value wins>" }`)
 * against the fields a merge may decide and the records in it.
 */
export function checkFieldChoices(spec: ObjectSpec, choices: Readonly<Record<string, string>>, ids: readonly string[]): void {
  const fields = new Set(mergeableFields(spec));
  const members = new Set(ids);
  const problems: { path: string; message: string }[] = [];
  for (const [field, id] of Object.entries(choices)) {
    if (!fields.has(field)) problems.push({ path: `fieldChoices.${field}`, message: `is not a field a merge can choose; one of ${[...fields].join(', ')}` });
    else if (!members.has(id)) problems.push({ path: `fieldChoices.${field}`, message: 'must be survivorId or one of mergedIds' });
  }
  if (problems.length > 0) throw new AppError('validation_failed', 'fieldChoices names unknown fields or records outside the merge', { details: problems });
}

/**
 * The survivor's column values after a merge, for every mergeable field:
 * - a field named in `choices` takes the value of the chosen record, as it is;
 * - emails, phones and tags are the union of all records' values, survivor's first;
 * - custom fields and social links are merged key by key, the survivor's keys winning;
 * - `externalId` stays the survivor's (it is unique, and the merged records keep theirs for an undo);
 * - any other field keeps the survivor's value, or when that is empty takes
 *   the first non-empty value among the merged records, in the order given.
 *
 * Values are as the database returns them (JSON parsed, arrays as arrays).
 *
 * @example
 * mergeColumns(objectSpecs.contacts, survivorRow, [mergedRow], { firstName: mergedRow.id });
 */
export function mergeColumns(spec: ObjectSpec, survivor: Row, merged: readonly Row[], choices: Readonly<Record<string, string>>): Record<string, unknown> {
  const byId = new Map<string, Row>([survivor, ...merged].map((row) => [row.id as string, row]));
  const out: Record<string, unknown> = {};
  for (const name of mergeableFields(spec)) {
    const field = spec.fields[name]!;
    const column = field.column;
    const chosen = Object.hasOwn(choices, name) ? byId.get(choices[name]!) : undefined;
    if (chosen) {
      out[column] = chosen[column] ?? null;
    } else if (field.type === 'text[]') {
      const seen = new Set<string>();
      const union: string[] = [];
      for (const row of [survivor, ...merged]) {
        for (const value of (row[column] as string[] | null | undefined) ?? []) {
          if (seen.has(value)) continue;
          seen.add(value);
          union.push(value);
        }
      }
      out[column] = union;
    } else if (keyedColumns.has(column)) {
      const combined: Record<string, unknown> = {};
      for (const row of [...merged].reverse()) Object.assign(combined, withoutEmpty(row[column]));
      Object.assign(combined, withoutEmpty(survivor[column]));
      out[column] = combined;
    } else if (name === 'externalId') {
      out[column] = survivor[column] ?? null;
    } else {
      const source = [survivor, ...merged].find((row) => !isEmpty(row[column]));
      out[column] = source ? source[column] : (survivor[column] ?? null);
    }
  }
  return out;
}

function withoutEmpty(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => !isEmpty(v)));
}
