import { ApiError, errorMessage } from '@/lib/api';

export interface SplitErrors {
  /** Messages for the form's own fields, keyed by field name. */
  fields: Record<string, string>;
  /** What belongs to no field: shown above the form. */
  form: string | undefined;
}

/**
 * Puts a refused request's messages where the user looks: next to the field
 * the server named (`details: [{ path, message }]`, or `details: { field }`
 * for a conflict such as "already exists"), the rest above the form.
 * `labels` names each field so that a terse server phrase ("must be at least
 * 10 characters") reads as a sentence ("New password must be at least 10
 * characters"). A path below a field (`stages.2.name`) is matched by
 * `match`, when given.
 */
export function splitServerErrors(error: unknown, labels: Record<string, string>, match?: (path: string) => string | undefined): SplitErrors {
  const fields: Record<string, string> = {};
  if (!(error instanceof ApiError)) return { fields, form: errorMessage(error) };
  const place = (path: string): string | undefined => {
    if (path in labels) return path;
    const mapped = match?.(path);
    if (mapped !== undefined) return mapped;
    const top = path.split('.')[0];
    return top !== undefined && top in labels ? top : undefined;
  };
  let unplaced = false;
  const details = error.details;
  if (Array.isArray(details)) {
    for (const [path, message] of Object.entries(error.fieldErrors())) {
      const field = place(path);
      if (field === undefined) unplaced = true;
      else fields[field] ??= sentence(labels[field] ?? '', message);
    }
  } else if (details && typeof details === 'object' && 'field' in details && typeof details.field === 'string') {
    const field = place(details.field);
    if (field === undefined) unplaced = true;
    else fields[field] = error.message;
  } else {
    unplaced = true;
  }
  const placedAny = Object.keys(fields).length > 0;
  return { fields, form: unplaced || !placedAny ? error.message : undefined };
}

/** "must be unique" under "Key" reads "Key must be unique"; a message that is already a sentence stays as it is. */
export function sentence(label: string, message: string): string {
  if (!label || !/^[a-z]/.test(message)) return message;
  return `${label} ${message}`;
}
