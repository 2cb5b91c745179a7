import { objectNames, objectSpecs } from '@nexus/crm-core';
import type { QueryCustomField, QueryResource } from './query.schemas';

export type ValueType = 'uuid' | 'text' | 'integer' | 'numeric' | 'date' | 'timestamp' | 'boolean';

/**
 * A field the list API can filter on, as `list-query.ts` resolves it:
 * `array` (text[]), `relation` (linked ids) and `json_array` (multi-select
 * custom fields) take only eq/contains, in and isEmpty.
 */
export interface FieldInfo {
  /** As the filter names it: `amount`, `companyIds`, `customFields.tier`. */
  name: string;
  kind: 'scalar' | 'array' | 'relation' | 'json_array';
  /** Of the value, or of each element. */
  type: ValueType;
  sortable: boolean;
  /** Words for people: `close date`, or the custom field's label. */
  label: string;
  /** The custom field type, for custom fields. */
  customType?: string;
}

const scalarTypes = {
  uuid: 'uuid',
  text: 'text',
  integer: 'integer',
  decimal: 'numeric',
  date: 'date',
  timestamp: 'timestamp',
  boolean: 'boolean',
} as const;

const humanize = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function builtInFields(resource: QueryResource): FieldInfo[] {
  const spec = objectSpecs[resource];
  const fields: FieldInfo[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    if (field.type === 'json') continue;
    if (field.type === 'text[]') fields.push({ name, kind: 'array', type: 'text', sortable: false, label: humanize(name) });
    else fields.push({ name, kind: 'scalar', type: scalarTypes[field.type], sortable: field.sortable === true, label: humanize(name) });
  }
  for (const name of Object.keys(spec.relations)) fields.push({ name, kind: 'relation', type: 'uuid', sortable: false, label: humanize(name) });
  return fields;
}

/** Derived once from the object specs, which are constants. */
const builtIn = new Map(objectNames.map((resource) => [resource, new Map(builtInFields(resource).map((field) => [field.name, field]))]));

/** Built-in fields, then the object's custom fields; JSON fields (address, social links) are not filterable. */
export function fieldsOf(resource: QueryResource, customFields: ReadonlyArray<QueryCustomField> = []): FieldInfo[] {
  return [...(builtIn.get(resource)?.values() ?? []), ...customFields.filter((custom) => custom.object === resource).map(customFieldInfo)];
}

/** Mirrors crm-core's `customFieldSqlType`: how the list API reads a custom field's value. */
function customFieldInfo(custom: QueryCustomField): FieldInfo {
  const base = { name: `customFields.${custom.key}`, label: custom.label, customType: custom.type };
  switch (custom.type) {
    case 'number':
    case 'currency':
      return { ...base, kind: 'scalar', type: 'numeric', sortable: true };
    case 'date':
      return { ...base, kind: 'scalar', type: 'date', sortable: true };
    case 'boolean':
      return { ...base, kind: 'scalar', type: 'boolean', sortable: true };
    case 'multi_select':
      return { ...base, kind: 'json_array', type: 'text', sortable: false };
    default:
      return { ...base, kind: 'scalar', type: 'text', sortable: true };
  }
}

/** The field a filter or sort names, or undefined; `customFields.<key>` only for the object's known custom fields. */
export function findField(resource: QueryResource, name: string, customFields: ReadonlyArray<QueryCustomField> = []): FieldInfo | undefined {
  if (name.startsWith('customFields.')) {
    const key = name.slice('customFields.'.length);
    const custom = customFields.find((field) => field.object === resource && field.key === key);
    return custom ? customFieldInfo(custom) : undefined;
  }
  return builtIn.get(resource)?.get(name);
}

/** The operators the list API accepts for a field. */
export function operatorsFor(field: FieldInfo): readonly string[] {
  if (field.kind !== 'scalar') return ['eq', 'contains', 'in', 'isEmpty'];
  const all = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'isEmpty'];
  return field.type === 'text' ? all : all.filter((op) => op !== 'contains' && op !== 'startsWith');
}
