import { open, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Database } from '@nexus/db';
import type { Logger } from '@nexus/platform';
import type { ImportFormat } from '../import-source';
import { findImport, setEstimate } from './import-store';
import { failImport, revertImport, runImport, type ImportJobDeps } from './run-import';
import type { OpenImportFileOptions } from '../open-import-file';

export interface ImportTask {
  workspaceId: string;
  importId: string;
  /** Its upload, when known (unfinished imports listed at start), so that the spool sweep keeps it. */
  filePath?: string;
}

export interface ImportRunnerDeps extends ImportJobDeps {
  /** Imports left queued, running or reverting (by a crash or a restart), across workspaces. */
  listUnfinished(): Promise<ImportTask[]>;
  /** Reader options (where a workbook's temp copy goes, its size limit). */
  fileOptions?: OpenImportFileOptions;
  /** The spool folder: uploads left there by a crash between upload and queueing are removed at start. */
  spoolDir?: string;
  /** Waits before retrying an import interrupted by a passing failure (ms), doubled each time. */
  retryDelayMs?: number;
  /** Retries before such an import is given up as failed. */
  maxRetries?: number;
}

/**
 * A rough count of a file's rows, for the progress estimate: lines for CSV
 * and JSON lines, cards for vCard; none for a workbook or a JSON array.
 */
export async function estimateRows(path: string, format: ImportFormat): Promise<number | null> {
  if (format === 'xlsx') return null;
  const needle = format === 'vcard' ? Buffer.from('BEGIN:VCARD', 'latin1') : Buffer.from('\n');
  const handle = await open(path, 'r');
  try {
    if (format === 'json') {
      // A JSON array's records may all sit on one line: only JSON lines can be counted this way.
      // A positioned read: the count below still starts at the beginning of the file.
      const head = Buffer.alloc(64);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (head.subarray(0, bytesRead).toString('utf8').replace(/^\ufeff/, '').trimStart().startsWith('[')) return null;
    }
    const buffer = Buffer.alloc(1 << 20);
    let count = 0;
    let carry = Buffer.alloc(0);
    let lastByte = -1;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
      let at = chunk.indexOf(needle);
      while (at !== -1) {
        count += 1;
        at = chunk.indexOf(needle, at + needle.length);
      }
      carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - needle.length + 1)));
      lastByte = buffer[bytesRead - 1] ?? lastByte;
    }
    if (format === 'vcard') return count;
    // CSV: a header line, and perhaps no newline after the last row.
    const lines = count + (lastByte !== 0x0a && lastByte !== -1 ? 1 : 0);
    return format === 'csv' ? Math.max(0, lines - 1) : lines;
  } finally {
    await handle.close();
  }
}

/** Removes uploads no import will read (older than an hour, so an upload still being received is left alone). */
async function sweepSpool(dir: string, keep: ReadonlySet<string>, log: Logger): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const cutoff = Date.now() - 3_600_000;
  const kept = new Set([...keep].map((path) => resolve(path)));
  for (const name of names) {
    if (!name.endsWith('.upload')) continue;
    const path = join(dir, name);
    if (kept.has(resolve(path))) continue;
    try {
      if ((await stat(path)).mtimeMs < cutoff) await rm(path, { force: true });
    } catch (error) {
      log.warn({ err: error, path }, 'an abandoned upload could not be removed');
    }
  }
}

/**
 * Runs imports and reverts in this process, one at a time, in the order
 * they were asked for. Each holds a cluster-wide lock named after it, so two
 * processes never run the same import; a stopped process leaves its import
 * `running`, and `resume()` on the next start goes on from its checkpoint.
 *
 * @example
 * const runner = createImportRunner({ db, records, bulk, log, batchSize: 2000, listUnfinished });
 * runner.enqueue({ workspaceId, importId });
 */
export function createImportRunner(deps: ImportRunnerDeps & { db: Database; log: Logger }) {
  const queue: ImportTask[] = [];
  const queued = new Set<string>();
  const attempts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let running: Promise<void> | undefined;
  let stopping = false;

  async function runOne(task: ImportTask): Promise<void> {
    await deps.db.withLock(`nexuscrm:import:${task.importId}`, async () => {
      const job = await deps.db.withWorkspace(task.workspaceId, (tx) => findImport(tx, task.importId), { readOnly: true });
      if (!job) return;
      if (job.status === 'reverting') {
        await revertImport(deps, task.workspaceId, task.importId, job.options.actor);
        return;
      }
      if (job.status !== 'queued' && job.status !== 'running') return;
      if (job.estimatedRows === null) {
        const estimate = await estimateRows(job.filePath, job.format).catch(() => null);
        if (estimate !== null) await deps.db.withWorkspace(task.workspaceId, (tx) => setEstimate(tx, task.importId, estimate));
      }
      const outcome = await runImport({ ...deps, shouldStop: () => stopping }, task.workspaceId, task.importId, job.options.actor, deps.fileOptions);
      if (outcome === 'retry') {
        const attempt = (attempts.get(task.importId) ?? 0) + 1;
        attempts.set(task.importId, attempt);
        if (attempt > (deps.maxRetries ?? 5)) {
          await failImport(deps, task.workspaceId, task.importId, 'The import kept failing on an unexpected error; rows written so far are kept and can be reverted');
        } else if (!stopping) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            this_.enqueue(task);
          }, (deps.retryDelayMs ?? 2000) * 2 ** (attempt - 1));
          timer.unref();
          timers.add(timer);
          return;
        }
      } else attempts.delete(task.importId);
      // The upload is kept only while its import may still read it.
      const after = await deps.db.withWorkspace(task.workspaceId, (tx) => findImport(tx, task.importId), { readOnly: true });
      if (after && (after.status === 'completed' || after.status === 'failed')) await rm(after.filePath, { force: true });
    });
  }

  function pump(): void {
    if (running || stopping) return;
    const task = queue.shift();
    if (!task) return;
    running = runOne(task)
      .catch((error: unknown) => deps.log.error({ err: error, importId: task.importId }, 'import job failed'))
      .finally(() => {
        queued.delete(task.importId);
        running = undefined;
        pump();
      });
  }

  const this_ = {
    enqueue(task: ImportTask): void {
      if (queued.has(task.importId)) return;
      queued.add(task.importId);
      queue.push(task);
      pump();
    },
    /** Picks up imports a previous process (or `stop()`) left unfinished. */
    async resume(): Promise<number> {
      stopping = false;
      const tasks = await deps.listUnfinished();
      if (deps.spoolDir) await sweepSpool(deps.spoolDir, new Set(tasks.map((t) => t.filePath).filter((p): p is string => p !== undefined)), deps.log);
      for (const task of tasks) this.enqueue(task);
      return tasks.length;
    },
    /** Resolves when nothing is queued or running (tests, shutdown). */
    async drain(): Promise<void> {
      while (running || queue.length > 0) await (running ?? Promise.resolve());
    },
    /** Stops after the batch in progress; unfinished imports stay for `resume()`. */
    async stop(): Promise<void> {
      stopping = true;
      queue.length = 0;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await running;
    },
  };
  return this_;
}

export type ImportRunner = ReturnType<typeof createImportRunner>;
