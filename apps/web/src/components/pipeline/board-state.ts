import type { Deal, Stage } from '@/lib/records';
import { addDecimal, compareDecimal, negateDecimal, weighDecimal } from './decimal';

/** `GET /api/v1/pipelines/:id/summary`: exact figures for every deal of a stage, not only the loaded cards. */
export interface StageTotals {
  currency: string;
  amount: string;
  weighted: string;
}
export interface StageSummary {
  stageId: string;
  count: number;
  totals: StageTotals[];
}
export interface PipelineSummary {
  stages: StageSummary[];
}

export type BoardSort = 'updated' | 'amount';
export const sortParam: Record<BoardSort, string> = { updated: '-updatedAt', amount: '-amount' };

/** One column's cards: a first page, then more on request. */
export interface ColumnState {
  status: 'loading' | 'ready' | 'error';
  deals: Deal[];
  nextCursor: string | null;
  error?: string | undefined;
  loadingMore: boolean;
  moreError?: string | undefined;
}

export const loadingColumn: ColumnState = { status: 'loading', deals: [], nextCursor: null, loadingMore: false };

/**
 * Adds (sign 1) or takes away (sign -1) one deal from its stage's figures,
 * with the same arithmetic as the server, so an optimistic move shows the
 * totals the server will confirm.
 */
export function applyDeal(summary: PipelineSummary, stage: Stage, deal: Pick<Deal, 'amount' | 'currency'>, sign: 1 | -1): PipelineSummary {
  const stages = summary.stages.some((s) => s.stageId === stage.id) ? summary.stages : [...summary.stages, { stageId: stage.id, count: 0, totals: [] }];
  return {
    stages: stages.map((s) => {
      if (s.stageId !== stage.id) return s;
      const count = Math.max(0, s.count + sign);
      if (deal.amount === null || deal.amount === '') return { ...s, count };
      const amount = sign === 1 ? deal.amount : negateDecimal(deal.amount);
      const weighted = weighDecimal(amount, stage.probability);
      const has = s.totals.some((t) => t.currency === deal.currency);
      const totals = (has ? s.totals : [...s.totals, { currency: deal.currency, amount: '0', weighted: '0' }])
        .map((t) => (t.currency === deal.currency ? { currency: t.currency, amount: addDecimal(t.amount, amount), weighted: addDecimal(t.weighted, weighted) } : t))
        .sort((a, b) => a.currency.localeCompare(b.currency));
      return { ...s, count, totals };
    }),
  };
}

/** Where a deal lands among loaded cards so the column keeps its order (newest change first, or largest first). */
export function insertDeal(deals: readonly Deal[], deal: Deal, sort: BoardSort, index?: number): Deal[] {
  const rest = deals.filter((d) => d.id !== deal.id);
  let at = index ?? 0;
  if (index === undefined && sort === 'amount') {
    // The API sorts a missing amount as the greatest value.
    const found = rest.findIndex((d) => (deal.amount === null ? true : d.amount !== null && compareDecimal(d.amount, deal.amount) < 0));
    at = found === -1 ? rest.length : found;
  }
  at = Math.min(Math.max(at, 0), rest.length);
  return [...rest.slice(0, at), deal, ...rest.slice(at)];
}

/** Appends a further page, dropping any deal already shown (one moved here may come round again). */
export function appendPage(deals: readonly Deal[], page: readonly Deal[]): Deal[] {
  const seen = new Set(deals.map((d) => d.id));
  return [...deals, ...page.filter((d) => !seen.has(d.id))];
}

/** A close date before today on a deal still open. */
export function isOverdue(deal: Pick<Deal, 'closeDate'>, stage: Pick<Stage, 'type'>, today: string): boolean {
  return stage.type === 'open' && deal.closeDate !== null && deal.closeDate < today;
}

/** Today as YYYY-MM-DD in the user's own time zone. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
