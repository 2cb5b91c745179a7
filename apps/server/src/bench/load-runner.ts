import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './load-client';

const workerPath = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** Runs one load job in a fresh child process (through tsx) and resolves with its figures. */
export function runLoad<J extends LoadJob>(job: J): Promise<Extract<LoadResult, { kind: J['kind'] }>> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Extract<LoadResult, { kind: J['kind'] }> | undefined;
    child.once('message', (message: Extract<LoadResult, { kind: J['kind'] }>) => {
      result = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the load generator exited with code ${code} before reporting`));
    });
    child.send(job);
  });
}
