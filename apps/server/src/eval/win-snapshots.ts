import type { FeatureRow, FeatureSpec } from '@nexus/ai';
import type { CsvRecord } from './read-csv';

/**
 * Deals seen the way the product sees them: a deal is scored while it is
 * open, at some moment `t`, from what the CRM holds at `t`. Times are UTC
 * midnights of the CSV's days. A deal engaged on day `e` and closed on day
 * `c` is open at every `t` with `e <= t <= c` (it closes some time during
 * day `c`); its outcome is known only from `c + 1 day`, i.e. at `t > c`.
 * Nothing about a deal after `t` (its close date, its close value) feeds a
 * score at `t`: the close date only decides whether the deal is open then.
 */
export interface Deal {
  agent: string;
  product: string;
  account: string;
  engagedAt: number;
  /** `Infinity` for deals still open when the data ends: they count as open pipeline but are never labelled. */
  closedAt: number;
  /** `undefined` while open. */
  won: 0 | 1 | undefined;
}

export interface ClosedDeal extends Deal {
  won: 0 | 1;
}

export const dayMs = 86_400_000;

/** Pseudo-deals at the stage win rate added to every group's history: a group with two deals says little. */
const priorStrength = 10;
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Product names are spelt differently across tables ("GTXPro", "GTX Pro"): join on letters and digits only. */
export const key = (name: string | undefined) => (name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export const parseDay = (text: string | undefined) => (text ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text) : Number.NaN);

export const isClosed = (deal: Deal): deal is ClosedDeal => deal.won !== undefined;
export const isOpenAt = (deal: Deal, t: number) => deal.engagedAt <= t && t <= deal.closedAt;
export const isKnownAt = (deal: Deal, t: number): deal is ClosedDeal => isClosed(deal) && deal.closedAt < t;

/**
 * Every deal that reached the engaging stage: won and lost ones with both
 * dates, and the ones still engaging (open pipeline, no outcome). Deals
 * without an engage date never entered the pipeline the model scores.
 */
export function readDeals(records: readonly CsvRecord[]): Deal[] {
  const deals: Deal[] = [];
  for (const record of records) {
    const stage = record.deal_stage?.toLowerCase();
    const engagedAt = parseDay(record.engage_date);
    if (!Number.isFinite(engagedAt)) continue;
    const common = { agent: record.sales_agent ?? '', product: record.product ?? '', account: record.account ?? '', engagedAt };
    if (stage === 'won' || stage === 'lost') {
      const closedAt = parseDay(record.close_date);
      if (!Number.isFinite(closedAt) || closedAt < engagedAt) continue;
      deals.push({ ...common, closedAt, won: stage === 'won' ? 1 : 0 });
    } else {
      deals.push({ ...common, closedAt: Number.POSITIVE_INFINITY, won: undefined });
    }
  }
  // Chronological order, so nothing depends on the file's order.
  return deals.sort((a, b) => a.closedAt - b.closedAt || a.engagedAt - b.engagedAt);
}

export interface Lookups {
  accounts: Map<string, CsvRecord>;
  products: Map<string, CsvRecord>;
  teams: Map<string, CsvRecord>;
}

type Group = 'agent' | 'account' | 'product' | 'agentProduct' | 'manager' | 'sector';

interface Tally {
  won: number;
  deals: number;
}

/**
 * What the CRM holds at moment `t`: the outcomes of deals closed before it
 * and the open pipeline. Built once per snapshot moment and shared by every
 * deal scored then.
 */
export interface Snapshot {
  t: number;
  /** Deals closed before `t`. */
  closed: number;
  /** Win rate of the deals closed before `t`: the stage win rate the product falls back to (0.5 before any closed). */
  stageWinRate: number;
  groups: Record<Group, Map<string, Tally>>;
  /** Closed deals' days from engage to close, ascending, with the wins among those that lasted at least as long: `winsFrom[i]` over `durations[i..]`. */
  durations: number[];
  winsFrom: number[];
  openByAgent: Map<string, number>;
  openByAccount: Map<string, number>;
}

function groupKeys(deal: Deal, lookups: Lookups): Record<Group, string> {
  const team = lookups.teams.get(key(deal.agent));
  const account = lookups.accounts.get(key(deal.account));
  return {
    agent: deal.agent,
    account: deal.account,
    product: key(deal.product),
    agentProduct: deal.agent && deal.product ? `${deal.agent}\u0000${key(deal.product)}` : '',
    manager: team?.manager ?? '',
    sector: account?.sector ?? '',
  };
}

function count<K>(map: Map<K, number>, name: K): void {
  map.set(name, (map.get(name) ?? 0) + 1);
}

/** The CRM as of `t`, from every deal in the data; only deals engaged by `t` and outcomes before `t` are read. */
export function snapshotAt(t: number, deals: readonly Deal[], lookups: Lookups): Snapshot {
  const groups: Snapshot['groups'] = { agent: new Map(), account: new Map(), product: new Map(), agentProduct: new Map(), manager: new Map(), sector: new Map() };
  const closed: ClosedDeal[] = [];
  const openByAgent = new Map<string, number>();
  const openByAccount = new Map<string, number>();
  let won = 0;
  for (const deal of deals) {
    if (isKnownAt(deal, t)) {
      closed.push(deal);
      won += deal.won;
      const keys = groupKeys(deal, lookups);
      for (const group of Object.keys(groups) as Group[]) {
        const name = keys[group];
        if (name === '') continue;
        const entry = groups[group].get(name) ?? { won: 0, deals: 0 };
        entry.won += deal.won;
        entry.deals++;
        groups[group].set(name, entry);
      }
    } else if (isOpenAt(deal, t)) {
      count(openByAgent, deal.agent);
      if (deal.account) count(openByAccount, deal.account);
    }
  }
  const byDuration = closed.map((d) => ({ days: (d.closedAt - d.engagedAt) / dayMs, won: d.won })).sort((a, b) => a.days - b.days);
  const winsFrom = new Array<number>(byDuration.length + 1).fill(0);
  for (let i = byDuration.length - 1; i >= 0; i--) winsFrom[i] = winsFrom[i + 1]! + byDuration[i]!.won;
  return {
    t,
    closed: closed.length,
    stageWinRate: closed.length > 0 ? won / closed.length : 0.5,
    groups,
    durations: byDuration.map((d) => d.days),
    winsFrom,
    openByAgent,
    openByAccount,
  };
}

function smoothed(snapshot: Snapshot, tally: Tally | undefined): number {
  return ((tally?.won ?? 0) + priorStrength * snapshot.stageWinRate) / ((tally?.deals ?? 0) + priorStrength);
}

/**
 * Win rate of the deals closed before `t` that were still open at this age
 * (lasted at least `days`): a deal that has survived the quick losses is a
 * different bet from one engaged today.
 */
function survivorRate(snapshot: Snapshot, days: number): { rate: number; share: number } {
  const { durations, winsFrom } = snapshot;
  let lo = 0;
  let hi = durations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (durations[mid]! < days) lo = mid + 1;
    else hi = mid;
  }
  const survivors = durations.length - lo;
  return {
    rate: (winsFrom[lo]! + priorStrength * snapshot.stageWinRate) / (survivors + priorStrength),
    share: durations.length > 0 ? survivors / durations.length : 1,
  };
}

/**
 * Everything known about an open deal at the snapshot's moment: its own
 * fields, its account and product, how long it has been engaging, the
 * pipeline then, and win rates from deals closed before then. Its own
 * outcome, close date and close value are never read.
 */
export function featuresAt(deal: Deal, snapshot: Snapshot, lookups: Lookups): FeatureRow {
  const account = lookups.accounts.get(key(deal.account));
  const product = lookups.products.get(key(deal.product));
  const team = lookups.teams.get(key(deal.agent));
  const engaged = new Date(deal.engagedAt);
  const established = Number(account?.year_established);
  const ageDays = (snapshot.t - deal.engagedAt) / dayMs;
  const keys = groupKeys(deal, lookups);
  const rateOf = (group: Group) => (keys[group] === '' ? undefined : smoothed(snapshot, snapshot.groups[group].get(keys[group])));
  const survivors = survivorRate(snapshot, ageDays);
  return {
    sales_agent: deal.agent,
    manager: team?.manager,
    regional_office: team?.regional_office,
    product: deal.product,
    series: product?.series,
    sales_price: product?.sales_price,
    sector: account?.sector,
    office_location: account?.office_location,
    has_parent: account ? Boolean(account.subsidiary_of) : undefined,
    revenue: account?.revenue,
    employees: account?.employees,
    account_age_years: Number.isFinite(established) && established > 0 ? engaged.getUTCFullYear() - established : undefined,
    engage_weekday: weekdays[engaged.getUTCDay()],
    age_days: ageDays,
    survivor_win_rate: survivors.rate,
    survivor_share: survivors.share,
    stage_win_rate: snapshot.stageWinRate,
    agent_open_deals: snapshot.openByAgent.get(deal.agent) ?? 0,
    account_open_deals: deal.account ? (snapshot.openByAccount.get(deal.account) ?? 0) : undefined,
    agent_closed_deals: snapshot.groups.agent.get(keys.agent)?.deals ?? 0,
    agent_win_rate: rateOf('agent'),
    account_win_rate: rateOf('account'),
    product_win_rate: rateOf('product'),
    agent_product_win_rate: rateOf('agentProduct'),
    manager_win_rate: rateOf('manager'),
    sector_win_rate: rateOf('sector'),
  };
}

/**
 * The model's inputs. `stage_win_rate` stays out: it is one number per
 * snapshot moment, so a model would learn the calendar from it; it serves
 * as the fallback instead.
 */
export const winSpecs: FeatureSpec[] = [
  ...['sales_agent', 'manager', 'regional_office', 'product', 'series', 'sector', 'office_location', 'engage_weekday'].map((field): FeatureSpec => ({ kind: 'categorical', field })),
  { kind: 'boolean', field: 'has_parent' },
  ...['sales_price', 'revenue', 'employees', 'age_days', 'agent_open_deals', 'account_open_deals', 'agent_closed_deals'].map((field): FeatureSpec => ({ kind: 'numeric', field, log: true })),
  ...[
    'account_age_years',
    'survivor_win_rate',
    'survivor_share',
    'agent_win_rate',
    'account_win_rate',
    'product_win_rate',
    'agent_product_win_rate',
    'manager_win_rate',
    'sector_win_rate',
  ].map((field): FeatureSpec => ({ kind: 'numeric', field })),
];
