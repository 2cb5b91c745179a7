import type { Latency } from './search-measure';

export interface QueryRow {
  name: string;
  ours: Latency;
  baseline?: Latency | undefined;
  note?: string;
}

export interface Target {
  description: string;
  actual: string;
  met: boolean;
}

/** The targets, stated for PostgreSQL at 1M rows. */
export const searchTargets = { keywordP95Ms: 15, fuzzyP95Ms: 30, vectorP95Ms: 10, minRecall: 0.95 } as const;

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
const ratio = (ours: number, baseline: number) => (baseline > 0 ? (ours / baseline).toFixed(2) : '-');

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ');
}

/** A plain-text table: first column left-aligned, the rest right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [pad(header, widths), rule, ...rows.map((row) => pad(row, widths))].join('\n');
}

/** The query latencies, ours against the naive baseline where there is one. */
export function formatQueryTable(rows: readonly QueryRow[]): string {
  const header = ['query (one client, sequential)', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'baseline p50 / p95 ms', 'ours/baseline p50 / p95'];
  return table(
    header,
    rows.map((r) => [
      r.name,
      String(r.ours.count),
      ms(r.ours.p50),
      ms(r.ours.p95),
      ms(r.ours.p99),
      r.baseline ? `${ms(r.baseline.p50)} / ${ms(r.baseline.p95)}` : '-',
      r.baseline ? `${ratio(r.ours.p50, r.baseline.p50)} / ${ratio(r.ours.p95, r.baseline.p95)}` : '-',
    ]),
  );
}

export function formatTargets(list: readonly Target[], note: string): string {
  return [`Targets (${note}):`, ...list.map((t) => `  [${t.met ? 'met' : 'NOT MET'}] ${t.description}: ${t.actual}`)].join('\n');
}
