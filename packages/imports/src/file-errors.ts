import { AppError, isAppError } from '@nexus/platform';

/**
 * Why a whole file is refused before any row is imported. The API answers
 * 400 `validation_failed` with `details.reason` set to one of these, so a
 * client can branch on it while the message tells a person what to fix.
 */
export const fileErrorReasons = [
  'empty_file',
  'no_header',
  'header_only',
  'no_records',
  'invalid_header',
  'too_many_columns',
  'invalid_json',
  'unknown_encoding',
  'file_too_large',
  'invalid_archive',
  'archive_too_large',
  'archive_ratio_too_high',
  'archive_too_many_entries',
  'archive_nested',
  'archive_unsafe_name',
  'archive_encrypted',
  'no_worksheet',
  'unsupported_format',
] as const;

export type FileErrorReason = (typeof fileErrorReasons)[number];

export interface FileErrorDetails {
  reason: FileErrorReason;
  [key: string]: unknown;
}

/**
 * @example
 * throw fileError('header_only', 'The file has column names but no rows to import');
 */
export function fileError(reason: FileErrorReason, message: string, extra: Record<string, unknown> = {}, cause?: unknown): AppError {
  const details: FileErrorDetails = { reason, ...extra };
  return new AppError('validation_failed', message, cause === undefined ? { details } : { details, cause });
}

/** The reason of an error thrown by `fileError`, or undefined for any other error. */
export function fileErrorReason(error: unknown): FileErrorReason | undefined {
  if (!isAppError(error) || error.code !== 'validation_failed') return undefined;
  const details = error.details;
  if (typeof details !== 'object' || details === null) return undefined;
  const reason = (details as { reason?: unknown }).reason;
  return typeof reason === 'string' && (fileErrorReasons as readonly string[]).includes(reason) ? (reason as FileErrorReason) : undefined;
}
