import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CodeVersion {
  commit: string;
  /** Tracked files changed since that commit: the figures measure the working tree, not the commit alone. */
  modifiedFiles: number;
}

/** Which code was measured. Read-only git commands: `--no-optional-locks` keeps status from touching the index. */
export async function codeVersion(cwd: string): Promise<CodeVersion | undefined> {
  try {
    const head = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd });
    const status = await run('git', ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no'], { cwd });
    return { commit: head.stdout.trim(), modifiedFiles: status.stdout.split('\n').filter((line) => line.trim().length > 0).length };
  } catch {
    return undefined;
  }
}

/** The 1-minute load average against the cores: other work on the machine skews every figure. */
export function machineLoad(): { loadAverage1m: number; cores: number } {
  return { loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100, cores: availableParallelism() };
}
