/**
 * Pinecone's metadata filter language, as far as the fake implements it:
 * `$eq`, `$ne`, `$in`, `$nin`, `$exists`, `$and` and `$or`, with a bare value
 * meaning `$eq`. On a list-of-strings field a condition holds when any element
 * satisfies it; `$ne` and `$nin` hold when no element equals.
 */

export type MetadataValue = string | number | boolean | string[];
export type Metadata = Record<string, MetadataValue>;

/** A filter Pinecone would refuse (or one the fake does not implement): the request fails with 400. */
export class InvalidFilter extends Error {}

export function matchesFilter(filter: Record<string, unknown>, metadata: Metadata): boolean {
  const keys = Object.keys(filter);
  if (keys.length === 0) throw new InvalidFilter('a filter needs at least one condition');
  return keys.every((key) => {
    const condition = filter[key];
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0) throw new InvalidFilter(`${key} needs a non-empty list of filters`);
      const results = condition.map((part) => matchesFilter(asFilter(part, key), metadata));
      return key === '$and' ? results.every(Boolean) : results.some(Boolean);
    }
    if (key.startsWith('$')) throw new InvalidFilter(`unsupported top-level operator ${key}`);
    return matchesField(metadata[key], condition, key);
  });
}

function matchesField(value: MetadataValue | undefined, condition: unknown, field: string): boolean {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return matchesField(value, { $eq: condition }, field);
  const operators = Object.entries(condition);
  if (operators.length === 0) throw new InvalidFilter(`empty condition on ${field}`);
  const some = (test: (item: string | number | boolean) => boolean): boolean =>
    value !== undefined && (Array.isArray(value) ? value.some(test) : test(value));
  return operators.every(([operator, operand]) => {
    switch (operator) {
      case '$eq':
        return some((item) => item === scalar(operand, operator, field));
      case '$ne':
        return !some((item) => item === scalar(operand, operator, field));
      case '$in': {
        const list = scalarList(operand, operator, field);
        return some((item) => list.includes(item));
      }
      case '$nin': {
        const list = scalarList(operand, operator, field);
        return !some((item) => list.includes(item));
      }
      case '$exists':
        if (typeof operand !== 'boolean') throw new InvalidFilter(`$exists on ${field} needs true or false`);
        return (value !== undefined) === operand;
      default:
        throw new InvalidFilter(`unsupported operator ${operator} on ${field}`);
    }
  });
}

function scalar(operand: unknown, operator: string, field: string): string | number | boolean {
  if (typeof operand === 'string' || typeof operand === 'number' || typeof operand === 'boolean') return operand;
  throw new InvalidFilter(`${operator} on ${field} needs a string, number or boolean`);
}

function scalarList(operand: unknown, operator: string, field: string): Array<string | number | boolean> {
  if (!Array.isArray(operand) || operand.length === 0) throw new InvalidFilter(`${operator} on ${field} needs a non-empty list`);
  return operand.map((item) => scalar(item, operator, field));
}

function asFilter(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidFilter(`${what} must hold filter objects`);
  return value as Record<string, unknown>;
}
