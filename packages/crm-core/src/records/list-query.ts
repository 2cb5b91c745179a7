import { AppError, isUuid } from '@nexus/platform';
import { customFieldSqlType, type CustomFieldDefinition } from '../custom-fields/custom-fields';
import type { FieldType, ObjectSpec } from '../objects/object-specs';

/** Collects parameters; every value reaches SQL as a parameter, never as text. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

type ScalarType = 'uuid' | 'text' | 'integer' | 'numeric' | 'date' | 'timestamptz' | 'boolean';

/** A filterable or sortable expression and how its values are read. */
interface Target {
  kind: 'scalar' | 'array' | 'relation' | 'json_array';
  sql: string;
  type: ScalarType;
  sortable: boolean;
  notNull?: boolean;
  relation?: { table: string; ownColumn: string; otherColumn: string; where?: string | undefined };
}

const operators = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'isEmpty'] as const;
type Operator = (typeof operators)[number];

const scalarOf: Record<Exclude<FieldType, 'text[]' | 'json'>, ScalarType> = {
  uuid: 'uuid',
  text: 'text',
  integer: 'integer',
  decimal: 'numeric',
  date: 'date',
  timestamp: 'timestamptz',
  boolean: 'boolean',
};

function resolveTarget(spec: ObjectSpec, definitions: CustomFieldDefinition[], field: string, params: Params, alias: string): Target {
  if (field.startsWith('customFields.')) {
    const key = field.slice('customFields.'.length);
    const definition = definitions.find((d) => d.key === key);
    if (!definition) throw new AppError('invalid_filter', `Unknown custom field "${key}"`, { details: { field } });
    const sqlType = customFieldSqlType(definition.type);
    const keyParam = params.add(key);
    if (sqlType === 'jsonb') return { kind: 'json_array', sql: `${alias}.custom_fields->${keyParam}`, type: 'text', sortable: false };
    const raw = `(${alias}.custom_fields->>${keyParam})`;
    return { kind: 'scalar', sql: sqlType === 'text' ? raw : `${raw}::${sqlType}`, type: sqlType === 'text' ? 'text' : sqlType, sortable: true };
  }
  // Own properties only: a field named "toString" or "constructor" is simply unknown.
  const relation = Object.hasOwn(spec.relations, field) ? spec.relations[field] : undefined;
  if (relation) return { kind: 'relation', sql: '', type: 'uuid', sortable: false, relation };
  const fieldSpec = Object.hasOwn(spec.fields, field) ? spec.fields[field] : undefined;
  if (!fieldSpec || fieldSpec.type === 'json') {
    throw new AppError('invalid_filter', `Unknown or unfilterable field "${field}" on ${spec.name}`, { details: { field } });
  }
  const sql = `${alias}.${fieldSpec.column}`;
  if (fieldSpec.type === 'text[]') return { kind: 'array', sql, type: 'text', sortable: false };
  return { kind: 'scalar', sql, type: scalarOf[fieldSpec.type], sortable: fieldSpec.sortable === true, notNull: fieldSpec.notNull === true };
}

/** Reads a filter value as the field's type; a value that cannot be one answers 400. */
function coerce(value: unknown, type: ScalarType, field: string): string | boolean {
  const bad = () => new AppError('invalid_filter', `"${String(value).slice(0, 100)}" is not a valid ${type} for ${field}`, { details: { field } });
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw bad();
  const s = String(value);
  // PostgreSQL text cannot hold NUL; other control characters are never meaningful in a filter.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (s.length > 1000 || /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) throw bad();
  switch (type) {
    case 'uuid':
      if (!isUuid(s)) throw bad();
      return s;
    case 'integer':
      if (!/^-?\d{1,9}$/.test(s)) throw bad();
      return s;
    case 'numeric':
      if (!/^-?\d{1,20}(\.\d{1,10})?$/.test(s)) throw bad();
      return s;
    // Dates and instants go to PostgreSQL as text, at full precision: it rejects an impossible
    // one (2024-02-30) with a 400 rather than rolling it over as JavaScript's Date would.
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw bad();
      return s;
    case 'timestamptz':
      if (!/^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i.test(s)) throw bad();
      return s;
    case 'boolean':
      if (s !== 'true' && s !== 'false') throw bad();
      return s === 'true';
    case 'text':
      return s;
  }
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').filter((v) => v.length > 0);
  return [value];
}

function truthy(value: unknown, field: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new AppError('invalid_filter', `isEmpty takes true or false for ${field}`, { details: { field } });
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function condition(target: Target, op: Operator, value: unknown, field: string, params: Params, alias: string): string {
  const typed = (v: unknown) => `${params.add(coerce(v, target.type, field))}::${target.type}`;
  if (target.kind === 'relation' && target.relation) {
    const r = target.relation;
    const extra = r.where ? ` and l.${r.where}` : '';
    const exists = (inner: string) => `exists (select 1 from ${r.table} l where l.${r.ownColumn} = ${alias}.id${extra}${inner})`;
    if (op === 'contains' || op === 'eq') return exists(` and l.${r.otherColumn} = ${typed(value)}`);
    if (op === 'in') return exists(` and l.${r.otherColumn} = any(${params.add(listOf(value).map((v) => coerce(v, 'uuid', field)))}::uuid[])`);
    if (op === 'isEmpty') return truthy(value, field) ? `not ${exists('')}` : exists('');
    throw new AppError('invalid_filter', `${field} supports contains, in and isEmpty`, { details: { field, op } });
  }
  if (target.kind === 'array') {
    if (op === 'contains' || op === 'eq') return `${target.sql} @> array[${params.add(coerce(value, 'text', field))}::text]`;
    if (op === 'in') return `${target.sql} && ${params.add(listOf(value).map((v) => coerce(v, 'text', field)))}::text[]`;
    if (op === 'isEmpty') return truthy(value, field) ? `cardinality(${target.sql}) = 0` : `cardinality(${target.sql}) > 0`;
    throw new AppError('invalid_filter', `${field} supports contains, in and isEmpty`, { details: { field, op } });
  }
  if (target.kind === 'json_array') {
    if (op === 'contains' || op === 'eq') return `coalesce(${target.sql}, '[]'::jsonb) ? ${params.add(coerce(value, 'text', field))}`;
    if (op === 'in') return `coalesce(${target.sql}, '[]'::jsonb) ?| ${params.add(listOf(value).map((v) => coerce(v, 'text', field)))}::text[]`;
    if (op === 'isEmpty') return truthy(value, field) ? `coalesce(jsonb_array_length(${target.sql}), 0) = 0` : `jsonb_array_length(${target.sql}) > 0`;
    throw new AppError('invalid_filter', `${field} supports contains, in and isEmpty`, { details: { field, op } });
  }
  switch (op) {
    case 'eq':
      return `${target.sql} = ${typed(value)}`;
    case 'ne':
      return `${target.sql} is distinct from ${typed(value)}`;
    case 'in':
    case 'nin': {
      const list = listOf(value);
      if (list.length === 0 || list.length > 500) throw new AppError('invalid_filter', `${op} takes 1 to 500 values for ${field}`, { details: { field } });
      const array = `${params.add(list.map((v) => coerce(v, target.type, field)))}::${target.type}[]`;
      return op === 'in' ? `${target.sql} = any(${array})` : `not (${target.sql} = any(${array})) or ${target.sql} is null`;
    }
    case 'gt':
      return `${target.sql} > ${typed(value)}`;
    case 'gte':
      return `${target.sql} >= ${typed(value)}`;
    case 'lt':
      return `${target.sql} < ${typed(value)}`;
    case 'lte':
      return `${target.sql} <= ${typed(value)}`;
    case 'contains':
    case 'startsWith': {
      if (target.type !== 'text') throw new AppError('invalid_filter', `${op} works on text fields only, not ${field}`, { details: { field } });
      const s = likeEscape(String(coerce(value, 'text', field)));
      return `${target.sql} ilike ${params.add(op === 'contains' ? `%${s}%` : `${s}%`)}`;
    }
    case 'isEmpty':
      return truthy(value, field)
        ? `(${target.sql} is null${target.type === 'text' ? ` or ${target.sql} = ''` : ''})`
        : `(${target.sql} is not null${target.type === 'text' ? ` and ${target.sql} <> ''` : ''})`;
  }
}

export type FilterInput = Record<string, unknown>;

/**
 * Turns the list API's filter language into SQL:
 * `{ "amount": { "gte": "1000" }, "stageId": { "in": [..] }, "customFields.tier": "gold" }`.
 * A plain value means equality. Conditions are joined with AND.
 */
export function buildFilters(spec: ObjectSpec, definitions: CustomFieldDefinition[], filter: FilterInput, params: Params, alias = 't'): string[] {
  const entries = Object.entries(filter);
  if (entries.length > 30) throw new AppError('invalid_filter', 'At most 30 filter fields');
  const conditions: string[] = [];
  for (const [field, spec_] of entries) {
    const target = resolveTarget(spec, definitions, field, params, alias);
    const clauses = typeof spec_ === 'object' && spec_ !== null && !Array.isArray(spec_) ? Object.entries(spec_) : [['eq', spec_] as const];
    if (clauses.length === 0) throw new AppError('invalid_filter', `No operator given for ${field}`, { details: { field } });
    for (const [op, value] of clauses) {
      if (!(operators as readonly string[]).includes(op)) {
        throw new AppError('invalid_filter', `Unknown operator "${op}" for ${field}; use one of ${operators.join(', ')}`, { details: { field, op } });
      }
      if (value === null && (op === 'eq' || op === 'ne')) {
        conditions.push(op === 'eq' ? `${target.sql} is null` : `${target.sql} is not null`);
        continue;
      }
      conditions.push(`(${condition(target, op as Operator, value, field, params, alias)})`);
    }
  }
  return conditions;
}

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
  sql: string;
  type: ScalarType;
  notNull: boolean;
}

/**
 * Nulls sort as the greatest value (PostgreSQL's default for both
 * directions), so a plain index serves either direction.
 */
export function orderBy(sort: SortSpec, alias = 't'): string {
  return `${sort.sql} ${sort.direction}, ${alias}.id ${sort.direction}`;
}

/** `sort=-amount` (descending) or `sort=customFields.tier`; one field, ties broken by id. */
export function parseSort(spec: ObjectSpec, definitions: CustomFieldDefinition[], sort: string | undefined, params: Params, alias = 't'): SortSpec {
  const raw = sort ?? spec.defaultSort;
  const direction = raw.startsWith('-') ? 'desc' : 'asc';
  const field = raw.replace(/^[-+]/, '');
  let target: Target;
  try {
    target = resolveTarget(spec, definitions, field, params, alias);
  } catch {
    // A sort remembered by a browser or a saved view can outlive its custom field: say so in words.
    const message = field.startsWith('customFields.')
      ? `Cannot sort ${spec.name} by the custom field "${field.slice('customFields.'.length)}": no such field (it may have been deleted)`
      : `Cannot sort ${spec.name} by "${field}"`;
    throw new AppError('invalid_sort', message, { details: { field } });
  }
  if (target.kind !== 'scalar' || !target.sortable) throw new AppError('invalid_sort', `Cannot sort ${spec.name} by "${field}"`, { details: { field } });
  return { field: `${direction === 'desc' ? '-' : ''}${field}`, direction, sql: target.sql, type: target.type, notNull: target.notNull === true };
}

interface CursorPayload {
  s: string;
  v: string | number | boolean | null;
  id: string;
}

/** `value` is the sort value as PostgreSQL prints it (text), so instants keep their microseconds. */
export function encodeCursor(sort: SortSpec, value: string | null, id: string): string {
  const v = value;
  return Buffer.from(JSON.stringify({ s: sort.field, v, id } satisfies CursorPayload)).toString('base64url');
}

/** The keyset condition that continues after the cursor's row (nulls are the greatest value). */
export function cursorCondition(sort: SortSpec, cursor: string, params: Params, alias = 't'): string {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.id !== 'string' || !isUuid(payload.id) || !('v' in payload)) {
    throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
  }
  if (payload.s !== sort.field) throw new AppError('invalid_cursor', 'The cursor belongs to a different sort order; start again without it');
  const asc = sort.direction === 'asc';
  const cmp = asc ? '>' : '<';
  const id = `${params.add(payload.id)}::uuid`;
  if (payload.v === null) {
    if (sort.notNull) throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
    return asc ? `(${sort.sql} is null and ${alias}.id > ${id})` : `((${sort.sql} is null and ${alias}.id < ${id}) or ${sort.sql} is not null)`;
  }
  let value: string | boolean;
  try {
    value = coerce(payload.v, sort.type, sort.field.replace(/^-/, ''));
  } catch {
    throw new AppError('invalid_cursor', 'The cursor is not one this API gave out');
  }
  const v = `${params.add(value)}::${sort.type}`;
  // A row comparison is an index condition; the nullable form needs the OR.
  if (sort.notNull) return `((${sort.sql}, ${alias}.id) ${cmp} (${v}, ${id}))`;
  const tail = asc ? ` or ${sort.sql} is null` : '';
  return `(${sort.sql} ${cmp} ${v} or (${sort.sql} = ${v} and ${alias}.id ${cmp} ${id})${tail})`;
}

/**
 * The display fields a list's free-text search (`q`) looks in, as SQL over the row alias.
 * Scalars are matched directly; arrays (emails, phones) element by element, so a
 * search never matches across the boundary of two addresses.
 */
const searchFields: Record<ObjectSpec['name'], { scalars: string[]; arrays: string[] }> = {
  // "first last" covers the first name and the last name on their own too.
  contacts: { scalars: [`concat_ws(' ', {t}.first_name, {t}.last_name)`], arrays: ['{t}.emails', '{t}.phones'] },
  companies: { scalars: ['{t}.name', '{t}.domain'], arrays: [] },
  deals: { scalars: ['{t}.name'], arrays: [] },
  activities: { scalars: ['{t}.subject'], arrays: [] },
};

/**
 * The condition for a list's free-text search: a case-insensitive substring of
 * any display field. The text reaches SQL as one parameter with LIKE's own
 * wildcards escaped, so `%` and `_` match themselves. Blank text means no search.
 *
 * @example
 * const where = searchCondition(objectSpecs.contacts, 'ada', params); // "(concat_ws(...) ilike $2 or ...)"
 */
export function searchCondition(spec: ObjectSpec, q: string | undefined, params: Params, alias = 't'): string | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const pattern = params.add(`%${likeEscape(text)}%`);
  const fields = searchFields[spec.name];
  const sql = (template: string) => template.replaceAll('{t}', alias);
  const clauses = [
    ...fields.scalars.map((f) => `${sql(f)} ilike ${pattern}`),
    ...fields.arrays.map((f) => `exists (select 1 from unnest(${sql(f)}) as s(v) where s.v ilike ${pattern})`),
  ];
  return `(${clauses.join(' or ')})`;
}
