import type { z } from 'zod';
import { AppError } from '@nexus/platform';

export interface IssueDetail {
  path: string;
  message: string;
}

export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): IssueDetail[] {
  return issues.slice(0, 50).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses a request part; a failure answers 400 with every problem found. */
export function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'path'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  if (where === 'path') {
    // A malformed id can never name a record: answer exactly as for one that does not exist.
    throw new AppError('not_found', 'Not found', { details: issuesToDetails(result.error.issues) });
  }
  throw new AppError('validation_failed', `The request ${where} is invalid`, { details: issuesToDetails(result.error.issues) });
}
