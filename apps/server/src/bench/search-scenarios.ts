import type { Database } from '@nexus/db';
import type { AuthContext } from '@nexus/platform';
import { searchTypes, type KeywordHit, type Search, type SearchFilter } from '@nexus/search';
import { baselineFullTextSql, baselineQuery, baselineTrigramSql, type BaselineHit, type BaselineRights } from './search-baseline';
import { measure, summarize, type Latency } from './search-measure';
import { isIntended, keystrokes, keywordQueries, namedTypoQueries, schedule, typeAheadNames, typoQueries, type KeywordCategory, type KeywordQuery, type TypoQuery } from './search-queries';

/** The query measurements, all in one workspace, one query at a time. */

export interface KeywordResult {
  latency: Latency;
  byCategory: Partial<Record<KeywordCategory, Latency>>;
  meanHits: number;
  /** Queries that found nothing: a name the data holds that full text does not find. */
  zeroHits: string[];
}

export interface TypoOutcome {
  q: string;
  expect: string;
  typo: string;
  found: boolean;
  /** 1-based rank of the first intended hit, if any. */
  rank: number | undefined;
  top: string[];
}

export interface FuzzyResult {
  latency: Latency;
  foundShare: number;
  outcomes: TypoOutcome[];
}

export interface TypeAheadResult {
  latency: Latency;
  /** Keystrokes whose query is one or two characters long, and the rest. */
  short: Latency;
  long: Latency;
  /** The keystroke with the highest median. */
  slowest: { prefix: string; p50: number; p95: number };
  keystrokes: number;
}

export interface HybridResult {
  latency: Latency;
  /** Typo queries whose intended record is in the hybrid top 10. */
  typoFoundShare: number;
}

interface Outcome {
  titles: string[];
}

function outcomeOf(query: TypoQuery, titles: string[]): TypoOutcome {
  const index = titles.findIndex((title) => isIntended(query, title));
  return { q: query.q, expect: query.expect, typo: query.typo, found: index >= 0 && index < 10, rank: index >= 0 ? index + 1 : undefined, top: titles.slice(0, 3) };
}

/** Typo outcomes from the first measured result of each query (the answers do not change between runs). */
function collectOutcomes(): { record: (query: TypoQuery, result: Outcome) => void; list: () => TypoOutcome[] } {
  const seen = new Map<string, TypoOutcome>();
  return {
    record(query, result) {
      if (!seen.has(query.q)) seen.set(query.q, outcomeOf(query, result.titles));
    },
    list: () => typoQueries.map((q) => seen.get(q.q) ?? outcomeOf(q, [])),
  };
}

const share = (outcomes: readonly TypoOutcome[]) => outcomes.filter((o) => o.found).length / Math.max(1, outcomes.length);

export function describeOutcome(label: string, outcome: TypoOutcome | undefined): string {
  if (!outcome) return `  ${label}: not measured`;
  return outcome.found
    ? `  ${label}: '${outcome.q}' → ${outcome.expect} found at rank ${outcome.rank ?? '?'}`
    : `  ${label}: '${outcome.q}' → ${outcome.expect} NOT in the top 10 (top hits: ${outcome.top.map((t) => `'${t}'`).join(', ') || 'none'})`;
}

export function namedOutcomes(outcomes: readonly TypoOutcome[]): TypoOutcome[] {
  return namedTypoQueries.map((q) => outcomes.find((o) => o.q === q)).filter((o): o is TypoOutcome => o !== undefined);
}

export interface ScenarioDeps {
  search: Search;
  db: Database;
  workspaceId: string;
  auth: AuthContext;
  queries: number;
  seed: number;
}

const filterFor = (workspaceId: string, limit: number): SearchFilter => ({ workspaceId, types: searchTypes, limit });

export async function benchKeyword(deps: ScenarioDeps): Promise<KeywordResult> {
  const filter = filterFor(deps.workspaceId, 20);
  const perCategory = new Map<KeywordCategory, number[]>();
  const hits = new Map<string, number>();
  const { latency } = await measure(
    { warmup: keywordQueries, measured: schedule(keywordQueries, deps.queries, deps.seed + 1) },
    (query: KeywordQuery) => deps.search.keyword.fullText(query.q, filter),
    (query, result: KeywordHit[], ms) => {
      perCategory.set(query.category, [...(perCategory.get(query.category) ?? []), ms]);
      hits.set(query.q, result.length);
    },
  );
  const byCategory: Partial<Record<KeywordCategory, Latency>> = {};
  for (const [category, values] of perCategory) byCategory[category] = summarize(values);
  const counts = [...hits.values()];
  return {
    latency,
    byCategory,
    meanHits: counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length),
    zeroHits: [...hits.entries()].filter(([, n]) => n === 0).map(([q]) => q),
  };
}

export async function benchFuzzy(deps: ScenarioDeps): Promise<FuzzyResult> {
  const filter = filterFor(deps.workspaceId, 10);
  const outcomes = collectOutcomes();
  const { latency } = await measure(
    { warmup: typoQueries, measured: schedule(typoQueries, deps.queries, deps.seed + 2) },
    (query: TypoQuery) => deps.search.keyword.fuzzy(query.q, filter),
    (query, result: KeywordHit[]) => outcomes.record(query, { titles: result.map((h) => h.title) }),
  );
  const list = outcomes.list();
  return { latency, foundShare: share(list), outcomes: list };
}

export async function benchTypeAhead(deps: ScenarioDeps): Promise<TypeAheadResult> {
  const filter = filterFor(deps.workspaceId, 10);
  const sequence = typeAheadNames.flatMap((name) => keystrokes(name));
  const rounds = Math.max(3, Math.ceil(deps.queries / sequence.length));
  const measured = Array.from({ length: rounds }, () => sequence).flat();
  const byPrefix = new Map<string, number[]>();
  const { latency } = await measure(
    { warmup: sequence, measured },
    (prefix: string) => deps.search.keyword.fullText(prefix, filter),
    (prefix, _result, ms) => byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), ms]),
  );
  const isShort = (prefix: string) => prefix.trim().length <= 2;
  const pick = (test: (prefix: string) => boolean) => summarize([...byPrefix.entries()].filter(([p]) => test(p)).flatMap(([, values]) => values));
  const slowest = [...byPrefix.entries()]
    .map(([prefix, values]) => ({ prefix, ...summarize(values) }))
    .sort((a, b) => b.p50 - a.p50)[0];
  return {
    latency,
    short: pick(isShort),
    long: pick((p) => !isShort(p)),
    slowest: { prefix: slowest?.prefix ?? '', p50: slowest?.p50 ?? Number.NaN, p95: slowest?.p95 ?? Number.NaN },
    keystrokes: sequence.length,
  };
}

type HybridInput = { q: string; typo?: TypoQuery };

export async function benchHybrid(deps: ScenarioDeps): Promise<HybridResult> {
  const inputs: HybridInput[] = [...keywordQueries.map((k) => ({ q: k.q })), ...typoQueries.map((t) => ({ q: t.q, typo: t }))];
  const outcomes = collectOutcomes();
  const { latency } = await measure(
    { warmup: inputs.slice(0, 20), measured: schedule(inputs, deps.queries, deps.seed + 3) },
    (input: HybridInput) => deps.search.service.search(deps.auth, { q: input.q, types: searchTypes, mode: 'hybrid', limit: 20 }),
    (input, result) => {
      if (input.typo) outcomes.record(input.typo, { titles: result.map((r) => r.title) });
    },
  );
  return { latency, typoFoundShare: share(outcomes.list()) };
}

export interface BaselineResult {
  rights: BaselineRights;
  fullText: Latency;
  fullTextMeanHits: number;
  trigram: Latency;
  trigramFoundShare: number;
  trigramOutcomes: TypoOutcome[];
}

/** The naive approach on the same queries, in the same order as ours. */
export async function benchBaseline(deps: ScenarioDeps, rights: BaselineRights): Promise<BaselineResult> {
  const hits: number[] = [];
  const fullText = await measure(
    { warmup: keywordQueries, measured: schedule(keywordQueries, deps.queries, deps.seed + 1) },
    (query: KeywordQuery) => baselineQuery(deps.db, rights, baselineFullTextSql, deps.workspaceId, query.q, 20),
    (_query, result: BaselineHit[]) => hits.push(result.length),
  );
  const outcomes = collectOutcomes();
  const trigram = await measure(
    { warmup: typoQueries, measured: schedule(typoQueries, deps.queries, deps.seed + 2) },
    (query: TypoQuery) => baselineQuery(deps.db, rights, baselineTrigramSql, deps.workspaceId, query.q, 10),
    (query, result: BaselineHit[]) => outcomes.record(query, { titles: result.map((h) => h.title) }),
  );
  const list = outcomes.list();
  return {
    rights,
    fullText: fullText.latency,
    fullTextMeanHits: hits.reduce((a, b) => a + b, 0) / Math.max(1, hits.length),
    trigram: trigram.latency,
    trigramFoundShare: share(list),
    trigramOutcomes: list,
  };
}
