import { emptyCells } from '../../import-source';

const maxDepth = 8;
const maxKeys = 2_000;
/** In an array of objects (`emails: [{ value, type }]`), the member that carries the value. */
const valueKeys = ['value', 'email', 'address', 'number', 'phone', 'url', 'name', 'text', 'id'];

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function arrayText(items: unknown[]): string {
  return items
    .map((item) => {
      const text = scalar(item);
      if (text !== undefined) return text;
      if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
        const record = item as Record<string, unknown>;
        const key = valueKeys.find((k) => scalar(record[k]) !== undefined && record[k] !== null);
        if (key) return scalar(record[key]) ?? '';
      }
      return JSON.stringify(item);
    })
    .filter((text) => text !== '')
    .join('; ');
}

/**
 * One JSON object as cells: nested objects become dotted keys
 * (`address.city`, `customFields.tier`), arrays are joined with "; " so
 * several emails or phones stay one cell that the converter splits again.
 */
export function flattenObject(value: Record<string, unknown>): Record<string, string> {
  const cells = emptyCells();
  let count = 0;
  const walk = (object: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [key, child] of Object.entries(object)) {
      if (count >= maxKeys) return;
      const path = prefix ? `${prefix}.${key}` : key;
      const text = scalar(child);
      if (text !== undefined) {
        cells[path] = text;
        count++;
      } else if (Array.isArray(child)) {
        cells[path] = arrayText(child);
        count++;
      } else if (depth < maxDepth) {
        walk(child as Record<string, unknown>, path, depth + 1);
      } else {
        cells[path] = JSON.stringify(child);
        count++;
      }
    }
  };
  walk(value, '', 0);
  return cells;
}
