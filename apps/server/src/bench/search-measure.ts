/** Timing helpers of the search benchmark: one caller, one query at a time, as a user types. */

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

export function summarize(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: round3(percentile(sorted, 50)),
    p95: round3(percentile(sorted, 95)),
    p99: round3(percentile(sorted, 99)),
    mean: round3(sorted.length > 0 ? sum / sorted.length : Number.NaN),
    max: round3(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export interface Timed<T> {
  ms: number;
  result: T;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/**
 * Runs `run` over the warm-up inputs untimed, then over the measured inputs
 * one after another, timing each call; `inspect` sees every measured result.
 */
export async function measure<I, R>(
  inputs: { warmup: readonly I[]; measured: readonly I[] },
  run: (input: I) => Promise<R>,
  inspect?: (input: I, result: R, ms: number) => void,
): Promise<{ latency: Latency; samples: number[] }> {
  for (const input of inputs.warmup) await run(input);
  const samples: number[] = [];
  for (const input of inputs.measured) {
    const { ms, result } = await timed(() => run(input));
    samples.push(ms);
    inspect?.(input, result, ms);
  }
  return { latency: summarize(samples), samples };
}

export const seconds = (since: number) => (performance.now() - since) / 1000;

/** Peak resident set of this process in MB (PGlite's WASM heap included; a PostgreSQL server's memory is not). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
