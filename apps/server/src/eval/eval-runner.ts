import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { present, type DataFile } from './eval-options';
import type { TaskOutcome } from './eval-report';

/** What the evaluation scripts share: output, where the datasets live, and one task run with its skip, timing and failure. */
export const say = (line = '') => void process.stdout.write(`${line}\n`);

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const defaultDatasetsDir = resolve(repoRoot, '../shared/datasets');

/** Runs one evaluation task; skipped when a file is missing, failed (never thrown) when it throws. */
export async function runTask<T>(name: string, files: DataFile[], task: () => Promise<T>): Promise<TaskOutcome<T>> {
  const missing = files.filter((f) => !present(f));
  if (missing.length > 0) return { status: 'skipped', reason: `not found: ${missing.map((f) => f.path).join(', ')}` };
  const started = performance.now();
  say(`${name}: running…`);
  try {
    const result = await task();
    say(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { status: 'done', result };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
