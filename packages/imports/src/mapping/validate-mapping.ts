import type { ObjectName } from '@nexus/crm-core';
import { AppError } from '@nexus/platform';
import { importFields, readOnlyPaths, type ImportCustomField, type ImportField } from './field-catalog';
import { editDistance } from './internal/similarity';
import type { ColumnMapping } from './suggest-mapping';

export type MappingErrorCode = 'unknown_field' | 'unknown_custom_field' | 'read_only_field' | 'duplicate_field' | 'unknown_column' | 'invalid_target' | 'empty_mapping';

export interface MappingError {
  code: MappingErrorCode;
  /** Where the API reports it: `mapping.<header>`, as validation details name paths. */
  path: string;
  message: string;
  header?: string;
  field?: string;
}

/** A checked mapping: each mapped column with its field. */
export interface ResolvedColumn {
  header: string;
  field: ImportField;
}

export type MappingValidation = { ok: true; columns: ResolvedColumn[] } | { ok: false; errors: MappingError[] };

export interface ValidateMappingOptions {
  /** The file's headers: a mapping naming a column the file does not have is an error. */
  headers?: readonly string[];
}

function closest(path: string, fields: readonly ImportField[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const field of fields) {
    const distance = editDistance(path.toLowerCase(), field.path.toLowerCase());
    if (distance < bestDistance) {
      best = field.path;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(path.length / 3)) ? best : undefined;
}

/**
 * Checks a mapping given by a client (or edited in the preview) against the
 * object's fields and the workspace's custom fields. Every problem is
 * reported at once, each naming its column, so the API can answer one 400
 * the user can act on.
 *
 * @example
 * const result = validateMapping({ Mail: 'emial' }, 'contacts', []);
 * // { ok: false, errors: [{ code: 'unknown_field', path: 'mapping.Mail', message: '"emial" is not a field of contacts; did you mean "emails"?' }] }
 */
export function validateMapping(mapping: ColumnMapping, object: ObjectName, customFields: readonly ImportCustomField[] = [], options: ValidateMappingOptions = {}): MappingValidation {
  const fields = importFields(object, customFields);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const headers = options.headers ? new Set(options.headers) : undefined;
  const errors: MappingError[] = [];
  const columns: ResolvedColumn[] = [];
  const usedBy = new Map<string, string>();

  for (const [header, target] of Object.entries(mapping)) {
    const path = `mapping.${header}`;
    if (headers && !headers.has(header)) {
      errors.push({ code: 'unknown_column', path, header, message: `The file has no column "${header}"` });
      continue;
    }
    if (target === null) continue;
    if (typeof target !== 'string') {
      errors.push({ code: 'invalid_target', path, header, message: 'must be a field name or null' });
      continue;
    }
    const field = byPath.get(target);
    if (!field) {
      if (readOnlyPaths[object].includes(target)) {
        errors.push({ code: 'read_only_field', path, header, field: target, message: `"${target}" is set by NexusCRM and cannot be imported` });
      } else if (target.startsWith('customFields.')) {
        errors.push({
          code: 'unknown_custom_field',
          path,
          header,
          field: target,
          message: `"${target.slice('customFields.'.length)}" is not a custom field of ${object}; create it first or map the column elsewhere`,
        });
      } else {
        const hint = closest(target, fields);
        errors.push({ code: 'unknown_field', path, header, field: target, message: `"${target}" is not a field of ${object}${hint ? `; did you mean "${hint}"?` : ''}` });
      }
      continue;
    }
    const previous = usedBy.get(field.path);
    if (previous !== undefined && !field.multi) {
      errors.push({ code: 'duplicate_field', path, header, field: field.path, message: `"${field.path}" is already filled from the column "${previous}"; a field takes one column` });
      continue;
    }
    usedBy.set(field.path, header);
    columns.push({ header, field });
  }
  if (errors.length === 0 && columns.length === 0) {
    errors.push({ code: 'empty_mapping', path: 'mapping', message: 'The mapping maps no column to a field' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columns };
}

/**
 * `validateMapping` for the API: throws a 400 `validation_failed` whose
 * details list every problem, or returns the resolved columns.
 */
export function assertValidMapping(...args: Parameters<typeof validateMapping>): ResolvedColumn[] {
  const result = validateMapping(...args);
  if (!result.ok) throw new AppError('validation_failed', 'The column mapping is not valid', { details: result.errors });
  return result.columns;
}
