import { createReadStream } from 'node:fs';
import type { RecordContext } from '@nexus/crm-core';
import { bulkObjects, type BulkObject } from '@nexus/crm-core';
import { isAppError, type AuthContext } from '@nexus/platform';
import { createRowConverter } from '../convert/row-converter';
import { openImportFile, type OpenImportFileOptions } from '../open-import-file';
import { addRevertSummary, deleteBatch, findImport, nextBatchToRevert, setStatus, type RevertSummary } from './import-store';
import { valuesOf } from './plan-batch';
import { convertRows, isolated, writeBatch, type ConvertedRows, type ImportJobDeps, type NumberedRow } from './write-batch';

export type { ImportJobDeps } from './write-batch';

/** Rows converted between two turns of the event loop: few, so that the batch being written sends its next statement as soon as the database answers. */
const convertSliceRows = 32;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function emptyConverted(): ConvertedRows {
  return { first: 0, last: 0, count: 0, rows: [], errors: [] };
}

function appendConverted(into: ConvertedRows, more: ConvertedRows): void {
  if (more.count === 0) return;
  if (into.count === 0) into.first = more.first;
  into.last = more.last;
  into.count += more.count;
  into.rows.push(...more.rows);
  into.errors.push(...more.errors);
}

/** The caller an import runs as: its creator, with the role and visibility they had when they started it. */
export interface ImportActor {
  userId: string;
  role: AuthContext['role'];
  visibility: AuthContext['visibility'];
  actor: AuthContext['actor'];
}

export function authOf(workspaceId: string, actor: ImportActor): AuthContext {
  return { workspaceId, userId: actor.userId, role: actor.role, actor: actor.actor, scopes: new Set(['read', 'write']), visibility: actor.visibility, sessionId: null };
}

/**
 * How a run ended: `completed`; `failed` (the file cannot be read on: rows
 * written before stay, and a revert undoes them); `stopped` (asked to stop
 * between batches); `retry` (the database or disk failed for a moment — the
 * import stays running, and goes on from its checkpoint when run again).
 */
export type RunOutcome = 'completed' | 'failed' | 'stopped' | 'retry' | 'skipped';

/** Runs an import from its checkpoint to the end of its file. */
export async function runImport(deps: ImportJobDeps, workspaceId: string, importId: string, actor: ImportActor, fileOptions: OpenImportFileOptions = {}): Promise<RunOutcome> {
  const job = await deps.db.withWorkspace(workspaceId, async (tx) => {
    const row = await findImport(tx, importId, { forUpdate: true });
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
    await setStatus(tx, importId, 'running', { started: true });
    return row;
  });
  if (!job) return 'skipped';
  const auth = authOf(workspaceId, actor);
  try {
    const { definitions, tables } = await deps.db.withWorkspace(
      workspaceId,
      async (tx) => {
        const ctx: RecordContext = { tx, auth, requestId: null };
        return { definitions: await deps.bulk.definitions(ctx, job.object), tables: await deps.bulk.lookupTables(ctx) };
      },
      { readOnly: true },
    );
    const convert = createRowConverter({ object: job.object, mapping: job.mapping, customFields: definitions, ...(job.options.dateOrder ? { dateOrder: job.options.dateOrder } : {}) });
    const source = await openImportFile(createReadStream(job.filePath), { ...fileOptions, format: job.format, filename: job.fileName });
    try {
      // One batch is written while the next is read and converted: the database and the parser work at the same time.
      // Rows are converted a slice at a time with a turn of the event loop between slices, so the write's queries
      // go out as soon as the database answers rather than after the whole next batch is converted.
      // Batches still commit one after another, so the checkpoint always marks a prefix of the file.
      const context = { job, auth, convert, tables };
      let inflight: Promise<unknown> | undefined;
      let converted = emptyConverted();
      let slice: NumberedRow[] = [];
      const convertSlice = async () => {
        if (slice.length === 0) return;
        appendConverted(converted, convertRows(deps, context, slice));
        slice = [];
        await yieldToEventLoop();
      };
      const flush = async () => {
        await convertSlice();
        if (converted.count === 0) return;
        await inflight;
        inflight = writeBatch(deps, context, converted);
        inflight.catch(() => undefined);
        converted = emptyConverted();
      };
      let ordinal = 0;
      for await (const row of source.rows) {
        ordinal += 1;
        if (ordinal <= job.checkpointRow) continue;
        slice.push({ ...row, row: ordinal });
        // A slice never runs past the batch, so batches keep the configured size.
        if (slice.length >= Math.min(convertSliceRows, deps.batchSize - converted.count)) await convertSlice();
        if (converted.count >= deps.batchSize) {
          if (deps.shouldStop?.()) {
            await inflight;
            return 'stopped';
          }
          await flush();
        }
      }
      await flush();
      await inflight;
    } finally {
      await source.close();
    }
    await deps.db.withWorkspace(workspaceId, (tx) => setStatus(tx, importId, 'completed', { finished: true }));
    return 'completed';
  } catch (error) {
    if (!(isAppError(error) && error.kind === 'user')) {
      deps.log.warn({ err: error, importId }, 'import interrupted; it will go on from its checkpoint');
      return 'retry';
    }
    await deps.db.withWorkspace(workspaceId, (tx) => setStatus(tx, importId, 'failed', { error: { code: error.code, message: error.message }, finished: true }));
    return 'failed';
  }
}

/** Marks an import failed after its retries ran out. */
export async function failImport(deps: ImportJobDeps, workspaceId: string, importId: string, message: string): Promise<void> {
  await deps.db.withWorkspace(workspaceId, (tx) => setStatus(tx, importId, 'failed', { error: { code: 'import_failed', message }, finished: true }));
}

/**
 * Undoes an import batch by batch, last first: records it created (and the
 * companies and notes it made along the way) go to the trash, restorable;
 * records it updated get their old values back unless someone changed those
 * fields since (then they are left and counted). Each batch is undone in one
 * transaction and then forgotten, so a revert interrupted by a crash goes on
 * where it stopped.
 */
export async function revertImport(deps: ImportJobDeps, workspaceId: string, importId: string, actor: ImportActor): Promise<void> {
  const auth = authOf(workspaceId, actor);
  for (;;) {
    const done = await deps.db.withWorkspace(workspaceId, async (tx) => {
      const job = await findImport(tx, importId, { forUpdate: true });
      if (!job || job.status !== 'reverting') return true;
      const batch = await nextBatchToRevert(tx, importId);
      if (!batch) {
        await setStatus(tx, importId, 'reverted', { finished: true });
        return true;
      }
      const ctx: RecordContext = { tx, auth, requestId: `import-revert:${importId}` };
      const summary: RevertSummary = { trashed: 0, restored: 0, keptChanged: 0 };
      for (const change of batch.updated) {
        const current = await isolated(tx, () => deps.records.get(ctx, job.object, change.id));
        if (!current.ok || JSON.stringify(valuesOf(current.value, change.before)) !== JSON.stringify(change.after)) {
          summary.keptChanged += 1;
          continue;
        }
        const restored = await isolated(tx, () => deps.records.update(ctx, job.object, change.id, change.before, { source: 'body', version: current.value.version }));
        if (restored.ok) summary.restored += 1;
        else summary.keptChanged += 1;
      }
      for (const id of batch.createdActivityIds) {
        const removed = await isolated(tx, () => deps.records.remove(ctx, 'activities', id));
        if (removed.ok) summary.trashed += 1;
      }
      if ((bulkObjects as readonly string[]).includes(job.object)) {
        summary.trashed += await deps.bulk.softDeleteMany(ctx, job.object as BulkObject, batch.createdIds, { importId });
      } else {
        for (const id of batch.createdIds) {
          const removed = await isolated(tx, () => deps.records.remove(ctx, job.object, id));
          if (removed.ok) summary.trashed += 1;
        }
      }
      summary.trashed += await deps.bulk.softDeleteMany(ctx, 'companies', batch.createdCompanyIds, { importId });
      await addRevertSummary(tx, importId, summary);
      await deleteBatch(tx, importId, batch.firstRow);
      return false;
    });
    if (done) return;
  }
}
