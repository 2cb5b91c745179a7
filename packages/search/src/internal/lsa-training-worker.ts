/** Runs in a worker thread: trains an LSA model and hands it back serialised, so training never stalls requests. */
import { parentPort, workerData } from 'node:worker_threads';
import { isInsufficientTextError, serializeLsa, trainLsa, type LsaTrainingOptions } from '../embeddings';

const { texts, options } = workerData as { texts: string[]; options: Omit<LsaTrainingOptions, 'clock'> };
try {
  const model = serializeLsa(trainLsa(texts, options));
  parentPort?.postMessage({ ok: true, model }, [model.buffer as ArrayBuffer]);
} catch (error) {
  parentPort?.postMessage({ ok: false, insufficient: isInsufficientTextError(error), message: error instanceof Error ? error.message : String(error) });
}
