import type { ScenarioResult, ServerResult } from './bench-report';
import type { LatencyResult, ThroughputResult } from './load-client';
import { runLoad } from './load-runner';
import { verifyScenario, type Scenario } from './scenarios';

export interface MeasureSettings {
  sequentialWarmup: number;
  sequentialRequests: number;
  connections: number;
  durationSeconds: number;
  /** Throughput runs per server, alternating ours and bare; the median counts. */
  rounds: number;
  say: (line: string) => void;
}

type Side = 'ours' | 'bare';

function median(runs: readonly ThroughputResult[]): ThroughputResult {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error('no throughput run to take the median of');
  return middle;
}

function latencyRun(baseUrl: string, scenario: Scenario, settings: MeasureSettings): Promise<LatencyResult> {
  return runLoad({ kind: 'latency', baseUrl, request: scenario.request, warmup: settings.sequentialWarmup, count: settings.sequentialRequests });
}

function throughputRun(baseUrl: string, scenario: Scenario, settings: MeasureSettings): Promise<ThroughputResult> {
  const warmupSeconds = Math.min(3, Math.max(1, Math.round(settings.durationSeconds / 4)));
  return runLoad({ kind: 'throughput', baseUrl, request: scenario.request, connections: settings.connections, warmupSeconds, durationSeconds: settings.durationSeconds });
}

/**
 * One scenario on both servers: first the one-client latencies, then the
 * 50-connection runs, ours and bare taking turns so that a burst of
 * outside load lands on both rather than on one.
 */
export async function measureScenario(urls: Record<Side, string>, scenario: Scenario, settings: MeasureSettings, ids: readonly string[]): Promise<Omit<ScenarioResult, 'statements'>> {
  const sides: Side[] = ['ours', 'bare'];
  for (const side of sides) await verifyScenario(urls[side], scenario, ids);
  const latency = { ours: await latencyRun(urls.ours, scenario, settings), bare: await latencyRun(urls.bare, scenario, settings) };
  const runs: Record<Side, ThroughputResult[]> = { ours: [], bare: [] };
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const side of sides) {
      const run = await throughputRun(urls[side], scenario, settings);
      runs[side].push(run);
      settings.say(`  ${scenario.name}, ${side}${settings.rounds > 1 ? ` (round ${round})` : ''}: ${Math.round(run.requestsPerSecond).toLocaleString('en')} req/s`);
    }
  }
  const result = (side: Side): ServerResult => ({ latency: latency[side], throughput: median(runs[side]), rounds: runs[side].map((r) => Math.round(r.requestsPerSecond)) });
  const ours = result('ours');
  const bare = result('bare');
  return { name: scenario.name, description: scenario.description, ours, bare, ratio: ours.throughput.requestsPerSecond / bare.throughput.requestsPerSecond };
}
