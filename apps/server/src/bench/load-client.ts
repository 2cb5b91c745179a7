import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';

/** One scenario's request; `paths` rotate, one per request. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  paths: string[];
  headers: Record<string, string>;
  body?: string | undefined;
  expectStatus: number;
}

export type LoadJob =
  | { kind: 'latency'; baseUrl: string; request: LoadRequest; warmup: number; count: number }
  | { kind: 'throughput'; baseUrl: string; request: LoadRequest; connections: number; warmupSeconds: number; durationSeconds: number };

export interface LatencyResult {
  kind: 'latency';
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Answers with another status than expected (they are timed all the same). */
  unexpected: number;
}

export interface ThroughputResult {
  kind: 'throughput';
  requestsPerSecond: number;
  total: number;
  seconds: number;
  /** Latency under load, as autocannon measures it (whole milliseconds). */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export type LoadResult = LatencyResult | ThroughputResult;

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function rotation(paths: readonly string[]): () => string {
  let i = 0;
  return () => paths[i++ % paths.length] ?? '/';
}

function send(agent: Agent, base: URL, req: LoadRequest, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ agent, hostname: base.hostname, port: base.port, method: req.method, path, headers: req.headers }, (res) => {
      res.on('error', reject);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.resume();
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** One client, one request at a time over a kept-alive connection, each timed with the monotonic clock. */
async function measureLatency(job: Extract<LoadJob, { kind: 'latency' }>): Promise<LatencyResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(job.baseUrl);
  const nextPath = rotation(job.request.paths);
  try {
    for (let i = 0; i < job.warmup; i += 1) await send(agent, base, job.request, nextPath());
    const samples: number[] = [];
    let unexpected = 0;
    for (let i = 0; i < job.count; i += 1) {
      const started = process.hrtime.bigint();
      const status = await send(agent, base, job.request, nextPath());
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (status !== job.request.expectStatus) unexpected += 1;
    }
    samples.sort((a, b) => a - b);
    const sum = samples.reduce((a, b) => a + b, 0);
    return {
      kind: 'latency',
      count: samples.length,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      p99: percentile(samples, 99),
      mean: sum / samples.length,
      max: samples[samples.length - 1] ?? Number.NaN,
      unexpected,
    };
  } finally {
    agent.destroy();
  }
}

function cannon(job: Extract<LoadJob, { kind: 'throughput' }>, seconds: number): Promise<autocannon.Result> {
  const nextPath = rotation(job.request.paths);
  const { method, headers, body } = job.request;
  return autocannon({
    url: job.baseUrl,
    connections: job.connections,
    duration: seconds,
    timeout: 10,
    requests: [{ method, headers, ...(body === undefined ? {} : { body }), setupRequest: (req) => ({ ...req, path: nextPath() }) }],
  });
}

/** Many connections as fast as the server answers, after a warm-up run whose figures are discarded. */
async function measureThroughput(job: Extract<LoadJob, { kind: 'throughput' }>): Promise<ThroughputResult> {
  if (job.warmupSeconds > 0) await cannon(job, job.warmupSeconds);
  const result = await cannon(job, job.durationSeconds);
  return {
    kind: 'throughput',
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export function runLoadJob(job: LoadJob): Promise<LoadResult> {
  return job.kind === 'latency' ? measureLatency(job) : measureThroughput(job);
}
