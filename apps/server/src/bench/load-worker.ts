/**
 * Entry of the load-generator process. It runs apart from the servers, as a
 * real client would: its own event loop and heap, so generating load never
 * waits behind request handling or garbage collection of the servers (and
 * autocannon aggregates its figures only in a main thread).
 */
import { runLoadJob, type LoadJob } from './load-client';

process.once('message', (job: LoadJob) => {
  runLoadJob(job).then(
    (result) => process.send?.(result, () => process.disconnect()),
    (error: unknown) => {
      process.stderr.write(`load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
});
