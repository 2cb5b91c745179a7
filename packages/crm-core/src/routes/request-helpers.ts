import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { text } from '@nexus/http';
import { AppError, type AuthContext } from '@nexus/platform';
import type { WorkspaceTx } from '@nexus/db';
import type { ExpectedVersion, RecordContext } from '../records/record-service';
import type { FilterInput } from '../records/list-query';

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200'),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
  sort: z
    .string()
    .max(100)
    .optional()
    .describe('A field to sort by, "-" for descending: "-createdAt", "lastName", "customFields.tier"'),
  filter: z
    .union([z.string().max(20_000), z.record(z.string(), z.unknown())])
    .optional()
    .describe('JSON such as {"amount":{"gte":"1000"},"customFields.tier":"gold"}, or filter[field][op]=value. Operators: eq, ne, in, nin, gt, gte, lt, lte, contains, startsWith, isEmpty'),
  deleted: z.enum(['true', 'false']).optional().describe('true lists the trash: deleted records that can be restored'),
  q: text(200)
    .trim()
    .optional()
    .describe('Free-text search, case-insensitive substring of the display fields: a contact\'s name, emails and phones; a company\'s name and domain; a deal\'s name; an activity\'s subject. Empty means no search'),
});

export function parseFilter(filter: string | Record<string, unknown> | undefined): FilterInput | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter !== 'string') return filter;
  let parsed: unknown;
  try {
    parsed = JSON.parse(filter);
  } catch {
    throw new AppError('invalid_filter', 'filter must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AppError('invalid_filter', 'filter must be a JSON object');
  return parsed as FilterInput;
}

/** `If-Match: "3"` (or W/"3") from the header, else `version` in the body. */
export function expectedVersion(req: FastifyRequest, body: { version?: number | undefined }): ExpectedVersion {
  const header = req.headers['if-match'];
  if (typeof header === 'string' && header !== '*') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match?.[1]) throw new AppError('precondition_failed', 'If-Match must be an ETag this API gave out, such as "3"');
    return { source: 'if-match', version: Number(match[1]) };
  }
  return body.version === undefined ? undefined : { source: 'body', version: body.version };
}

export function ctxOf(input: { tx: WorkspaceTx; auth: AuthContext; requestId: string }): RecordContext {
  return { tx: input.tx, auth: input.auth, requestId: input.requestId };
}

export const etag = (record: { version: number }) => ({ etag: `"${record.version}"` });
