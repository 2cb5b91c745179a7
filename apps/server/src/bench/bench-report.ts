import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BenchDbKind } from './bench-options';
import type { LatencyResult, ThroughputResult } from './load-client';
import type { ScenarioName } from './scenarios';

export interface ServerResult {
  latency: LatencyResult;
  /** The median of the throughput rounds. */
  throughput: ThroughputResult;
  /** Requests per second of each round. */
  rounds: number[];
}

export interface ScenarioResult {
  name: ScenarioName;
  description: string;
  ours: ServerResult;
  bare: ServerResult;
  /** Requests per second at 50 connections, ours divided by bare. */
  ratio: number;
  /** Statements one request runs: ours (traced; the driver's binding and transaction statements come on top) and bare. */
  statements: { ours: string[]; bare: number };
}

export interface Target {
  description: string;
  actual: string;
  met: boolean;
}

/** The targets: they are stated for PostgreSQL. */
export const targets = { listP95Ms: 10, minRatio: 0.5 } as const;

const ms = (value: number) => value.toFixed(2);
const rate = (value: number) => Math.round(value).toLocaleString('en');
const triple = (l: LatencyResult) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`;

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ');
}

/** The summary table, one row per scenario. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'ours p50/p95/p99 ms', 'bare p50/p95/p99 ms', 'ours req/s', 'bare req/s', 'ours/bare'];
  const rows = results.map((r) => [
    r.name,
    triple(r.ours.latency),
    triple(r.bare.latency),
    rate(r.ours.throughput.requestsPerSecond),
    rate(r.bare.throughput.requestsPerSecond),
    r.ratio.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [pad(header, widths), rule, ...rows.map((row) => pad(row, widths))].join('\n');
}

/** Per-scenario details: statements per request, latency under load, anything that went wrong. */
export function formatDetails(results: readonly ScenarioResult[]): string {
  return results
    .map((r) => {
      const problems = (['ours', 'bare'] as const)
        .map((side) => {
          const t = r[side].throughput;
          const bad = t.non2xx + t.errors + t.timeouts + r[side].latency.unexpected;
          return bad > 0 ? `${side}: ${t.non2xx} non-2xx, ${t.errors} errors, ${t.timeouts} timeouts, ${r[side].latency.unexpected} unexpected sequential answers` : '';
        })
        .filter(Boolean);
      return [
        `${r.name}: ${r.description}`,
        `  statements per request: bare ${r.statements.bare}; ours ${r.statements.ours.length}, plus whatever the driver adds for the workspace binding and transaction:`,
        ...r.statements.ours.map((sql) => `    ${sql}`),
        `  at 50 connections, latency p50/p99 ms: ours ${r.ours.throughput.p50} / ${r.ours.throughput.p99}, bare ${r.bare.throughput.p50} / ${r.bare.throughput.p99}`,
        ...(problems.length > 0 ? [`  PROBLEMS: ${problems.join('; ')}`] : []),
      ].join('\n');
    })
    .join('\n');
}

export function evaluateTargets(results: readonly ScenarioResult[]): Target[] {
  const list = results.find((r) => r.name === 'list-50');
  return [
    ...(list
      ? [{ description: `list p95 <= ${targets.listP95Ms} ms with one client (ours)`, actual: `${ms(list.ours.latency.p95)} ms`, met: list.ours.latency.p95 <= targets.listP95Ms }]
      : []),
    ...results.map((r) => ({
      description: `${r.name} throughput >= ${targets.minRatio * 100}% of the bare route`,
      actual: `${(r.ratio * 100).toFixed(0)}%`,
      met: r.ratio >= targets.minRatio,
    })),
  ];
}

export function formatTargets(list: readonly Target[], db: BenchDbKind): string {
  const heading = db === 'postgres' ? 'Targets (issue, PostgreSQL):' : 'Targets (stated for PostgreSQL; shown for information on PGlite):';
  return [heading, ...list.map((t) => `  [${t.met ? 'met' : 'NOT MET'}] ${t.description}: ${t.actual}`)].join('\n');
}

export async function writeJsonReport(path: string, report: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
