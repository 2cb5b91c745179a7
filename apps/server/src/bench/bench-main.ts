import { UsageError } from './bench-options';

export interface BenchCommand<O extends { keep: boolean }> {
  /** `bench:api`, `bench:search`: names the command in its failure message. */
  name: string;
  usage: string;
  parse(argv: readonly string[], env: Record<string, string | undefined>): O;
  /** The benchmark; it pushes what must be undone (servers, databases) onto `cleanups`, which run in reverse. */
  run(options: O, cleanups: Array<() => Promise<void>>): Promise<void>;
}

/**
 * Runs a benchmark command: a usage error prints the usage and exits 2, a
 * failure exits 1, and the cleanups and the wall time happen either way.
 */
export function runBenchCommand<O extends { keep: boolean }>(command: BenchCommand<O>): void {
  const say = (line: string) => void process.stdout.write(`${line}\n`);
  const main = async (): Promise<void> => {
    const started = performance.now();
    let options: O;
    try {
      options = command.parse(process.argv.slice(2), process.env);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`${error.message}\n\n${command.usage}`);
      process.exitCode = 2;
      return;
    }
    const cleanups: Array<() => Promise<void>> = [];
    try {
      await command.run(options, cleanups);
    } finally {
      for (const cleanup of cleanups.reverse()) {
        await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`));
      }
      say(`Wall time ${((performance.now() - started) / 1000).toFixed(1)} s${options.keep ? ' (database kept)' : ''}`);
    }
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${command.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
