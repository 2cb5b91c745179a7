import { Worker } from 'node:worker_threads';
import { deserializeLsa, InsufficientTextError, type LsaModel, type LsaTrainingOptions } from '../embeddings';

type Answer = { ok: true; model: Uint8Array } | { ok: false; insufficient: boolean; message: string };

/**
 * Trains an LSA model in a worker thread: training a large workspace takes
 * seconds of CPU, which must not hold up the requests this process serves.
 * The thread loads the TypeScript sources through tsx, like the server.
 */
export function trainLsaOffThread(texts: string[], options: Omit<LsaTrainingOptions, 'clock'>): Promise<LsaModel> {
  return new Promise((resolve, reject) => {
    const entry = JSON.stringify(new URL('./lsa-training-worker.ts', import.meta.url).href);
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const worker = new Worker(`import(${tsx}).then((api) => api.tsImport(${entry}, ${entry}))`, { eval: true, workerData: { texts, options } });
    let settled = false;
    worker.once('message', (answer: Answer) => {
      settled = true;
      if (answer.ok) {
        try {
          resolve(deserializeLsa(answer.model));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      } else reject(answer.insufficient ? new InsufficientTextError(answer.message) : new Error(`LSA training failed: ${answer.message}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`LSA training thread exited with code ${code}`));
    });
  });
}
