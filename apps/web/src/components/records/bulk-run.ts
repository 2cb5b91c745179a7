import { api, ApiError, errorMessage } from '@/lib/api';
import type { TableObject, TableRecord } from './table-types';

export interface BulkFailure {
  id: string;
  reason: string;
  /** The server's code for the refusal (`not_found`: someone else deleted the record). */
  code?: string | undefined;
}

export interface BulkResult {
  updated: TableRecord[];
  deleted: string[];
  failed: BulkFailure[];
}

/** Each request carries this many records: small enough for steady progress, far under the API's 1,000. */
const chunkSize = 100;

interface BatchFailedDetails {
  index?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/** "Item 3 was refused" → the reason for that one item, with the field the server named. */
function itemReason(details: BatchFailedDetails): string {
  const message = typeof details.message === 'string' ? details.message : 'Refused';
  const issues = Array.isArray(details.details)
    ? (details.details as unknown[]).flatMap((d) => (d && typeof d === 'object' && 'message' in d && typeof d.message === 'string' ? [d.message] : []))
    : [];
  return issues.length ? `${message}: ${issues.join('; ')}` : message;
}

/**
 * Runs a bulk change through the batch endpoints. A batch is all or nothing,
 * so when one record is refused it is set aside with its reason and the rest
 * of its batch is sent again: every record ends up changed or explained.
 */
async function run<T>(ids: string[], send: (ids: string[]) => Promise<T[]>, onProgress: (done: number) => void): Promise<{ ok: T[]; failed: BulkFailure[] }> {
  const ok: T[] = [];
  const failed: BulkFailure[] = [];
  for (let start = 0; start < ids.length; start += chunkSize) {
    let chunk = ids.slice(start, start + chunkSize);
    while (chunk.length > 0) {
      try {
        ok.push(...(await send(chunk)));
        chunk = [];
      } catch (error) {
        const details = error instanceof ApiError && error.code === 'batch_failed' ? (error.details as BatchFailedDetails | undefined) : undefined;
        const index = typeof details?.index === 'number' ? details.index : -1;
        const refused = chunk[index];
        if (details && refused !== undefined) {
          failed.push({ id: refused, reason: itemReason(details), code: typeof details.code === 'string' ? details.code : undefined });
          chunk = chunk.filter((_, i) => i !== index);
          continue;
        }
        // Not about one record (signed out, no permission, offline): the rest would fare the same.
        const named = error instanceof ApiError ? Object.values(error.fieldErrors()) : [];
        const reason = named.length ? `${errorMessage(error)}: ${[...new Set(named)].join('; ')}` : errorMessage(error);
        for (const id of [...chunk, ...ids.slice(start + chunkSize)]) failed.push({ id, reason });
        onProgress(ids.length);
        return { ok, failed };
      }
    }
    onProgress(Math.min(ids.length, start + chunkSize));
  }
  return { ok, failed };
}

export async function bulkUpdate(object: TableObject, ids: string[], patch: Record<string, unknown>, onProgress: (done: number) => void): Promise<BulkResult> {
  const { ok, failed } = await run(
    ids,
    async (chunk) => (await api<{ data: TableRecord[] }>(`/api/v1/${object}/batch/update`, { method: 'POST', body: { records: chunk.map((id) => ({ id, ...patch })) } })).data,
    onProgress,
  );
  return { updated: ok, deleted: [], failed };
}

export async function bulkDelete(object: TableObject, ids: string[], onProgress: (done: number) => void): Promise<BulkResult> {
  const { ok, failed } = await run(
    ids,
    async (chunk) => {
      await api<{ deleted: number }>(`/api/v1/${object}/batch/delete`, { method: 'POST', body: { ids: chunk } });
      return chunk.map((id) => ({ id }));
    },
    onProgress,
  );
  return { updated: [], deleted: ok.map((r) => r.id), failed };
}
