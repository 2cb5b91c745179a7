import { objectSpecs } from '@nexus/crm-core';
import { isUuid } from '@nexus/platform';
import { isValidDate } from './calendar';
import { findField, operatorsFor, type FieldInfo, type ValueType } from './fields';
import { queryOperators, type ParsedQuery, type QueryContext, type QueryCustomField, type QueryResource } from './query.schemas';

export type QueryCheck = { ok: true } | { ok: false; error: string };

const timestamp = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Whether the list API would read the value as this type (its `coerce`), so a query that passes here does not answer 400. */
function valueError(value: unknown, type: ValueType): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (value.length > 1000 || /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(value)) return 'is too long or holds control characters';
  switch (type) {
    case 'uuid':
      return isUuid(value) ? undefined : 'must be a UUID';
    case 'integer':
      return /^-?\d{1,9}$/.test(value) ? undefined : 'must be a whole number';
    case 'numeric':
      return /^-?\d{1,20}(\.\d{1,10})?$/.test(value) ? undefined : 'must be a decimal number such as "50000"';
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      return match && isValidDate(Number(match[1]), Number(match[2]), Number(match[3])) ? undefined : 'must be a date, YYYY-MM-DD';
    }
    case 'timestamp': {
      const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
      return timestamp.test(value) && day && isValidDate(Number(day[1]), Number(day[2]), Number(day[3])) ? undefined : 'must be an ISO 8601 date-time';
    }
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"';
    case 'text':
      return undefined;
  }
}

function conditionError(field: FieldInfo, op: string, value: unknown): string | undefined {
  if (!(queryOperators as readonly string[]).includes(op)) return `unknown operator "${op}"; use one of ${queryOperators.join(', ')}`;
  if (!operatorsFor(field).includes(op)) return `${op} does not apply to it; use one of ${operatorsFor(field).join(', ')}`;
  if (op === 'isEmpty') return typeof value === 'boolean' ? undefined : 'isEmpty takes true or false';
  // Arrays and relations compare elements as text or ids; a scalar's list elements are of its own type.
  const elementType = field.kind === 'scalar' ? field.type : field.kind === 'relation' ? 'uuid' : 'text';
  if (op === 'in' || op === 'nin') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 500) return `${op} takes a list of 1 to 500 values`;
    for (const item of value as unknown[]) {
      const error = valueError(item, elementType);
      if (error) return `"${String(item).slice(0, 60)}" ${error}`;
    }
    return undefined;
  }
  const error = valueError(value, elementType);
  return error ? `"${String(value).slice(0, 60)}" ${error}` : undefined;
}

/**
 * Every problem with a query, checked against the record types. With
 * `customFields: 'any'` a `customFields.<key>` field is taken on trust (the
 * schema alone does not know the workspace's custom fields).
 */
export function queryErrors(query: Pick<ParsedQuery, 'resource' | 'filter' | 'sort'>, customFields: ReadonlyArray<QueryCustomField> | 'any'): string[] {
  const resource = query.resource as string;
  if (!Object.hasOwn(objectSpecs, resource)) return [`resource must be one of ${Object.keys(objectSpecs).join(', ')}`];
  const known = customFields === 'any' ? [] : customFields;
  const lookup = (name: string): FieldInfo | undefined => {
    if (customFields === 'any' && /^customFields\.[A-Za-z0-9_-]+$/.test(name)) {
      return { name, kind: 'scalar', type: 'text', sortable: true, label: name };
    }
    return findField(resource as QueryResource, name, known);
  };
  const errors: string[] = [];
  const filter = typeof query.filter === 'object' && query.filter !== null ? query.filter : {};
  for (const [name, condition] of Object.entries(filter)) {
    const field = lookup(name);
    if (!field) {
      errors.push(`filter field "${name.slice(0, 100)}" does not exist on ${resource}`);
      continue;
    }
    const clauses = typeof condition === 'object' && condition !== null ? Object.entries(condition).filter(([, v]) => v !== undefined) : [];
    if (clauses.length === 0) errors.push(`filter field "${name}" has no operator`);
    for (const [op, value] of clauses) {
      // A custom field taken on trust is checked for operator names only: its type is unknown here.
      const error = customFields === 'any' && name.startsWith('customFields.')
        ? (queryOperators as readonly string[]).includes(op) ? undefined : `unknown operator "${op}"`
        : conditionError(field, op, value);
      if (error) errors.push(`${name} ${op}: ${error}`);
    }
  }
  if (query.sort !== null && query.sort !== undefined) {
    const name = String(query.sort).replace(/^-/, '');
    const field = lookup(name);
    if (!field || field.kind !== 'scalar' || !field.sortable) errors.push(`${resource} cannot be sorted by "${name.slice(0, 100)}"`);
  }
  return errors;
}

/**
 * Checks a query (typically a model's answer) against the record types and
 * the workspace's custom fields, so what reaches the list API is a query it
 * accepts: the resource, each field, operator and value, and the sort.
 *
 * @example
 * validateQuery({ resource: 'deals', filter: { size: { eq: 'big' } }, sort: null, explanation: '…' }, context);
 * // { ok: false, error: 'filter field "size" does not exist on deals' }
 */
export function validateQuery(query: ParsedQuery, context: Pick<QueryContext, 'customFields'>): QueryCheck {
  const errors = queryErrors(query, context.customFields ?? []);
  return errors.length === 0 ? { ok: true } : { ok: false, error: errors.join('; ') };
}
