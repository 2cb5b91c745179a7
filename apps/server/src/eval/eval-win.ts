import { auc, brierScore, calibration, timeSplit, type BinaryModelKind, type FeatureRow, type FeatureSpec } from '@nexus/ai';
import { readCsv, type CsvRecord } from './read-csv';
import { describeDecisions, trainChosenScorer, type Choice } from './tabular';

export interface WinFiles {
  deals: string;
  accounts: string;
  /** Absent files are left out: their fields become missing values. */
  products: string | undefined;
  teams: string | undefined;
}

export interface WinResult {
  cutoff: Date;
  cutoffIsDefault: boolean;
  trainRows: number;
  testRows: number;
  trainWinRate: number;
  testWinRate: number;
  /** What scores the test deals: a trained model, or the stage win rate when no model beat it on the inner hold-out. */
  chosen: Choice;
  /** How the scorer was chosen on the inner hold-out. */
  decisions: string;
  auc: number;
  brier: number;
  expectedCalibrationError: number;
  /** The trained model with the best inner AUC, whether it serves or not. */
  bestTrained: { kind: BinaryModelKind; auc: number; brier: number };
  /** The product's fallback: one rate for every deal, the training win rate at this stage. */
  baseline: { auc: number; brier: number };
  /** The stage win rate of each product in the training deals. */
  perProduct: { auc: number; brier: number };
}

interface Deal {
  agent: string;
  product: string;
  account: string;
  won: 0 | 1;
  engagedAt: number;
  closedAt: number;
}

/** Share of closed deals that close before the default cut-off. */
const defaultTrainShare = 0.7;
/** Pseudo-deals at the overall rate added to every group's history: a group with two deals says little. */
const priorStrength = 10;
/** Folds for the historical rates of training deals: a deal's own outcome never feeds its own features. */
const rateFolds = 5;
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Product names are spelt differently across tables ("GTXPro", "GTX Pro"): join on letters and digits only. */
const key = (name: string | undefined) => (name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const parseDay = (text: string | undefined) => (text ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text) : Number.NaN);

function byKey(records: readonly CsvRecord[], field: string): Map<string, CsvRecord> {
  return new Map(records.map((record) => [key(record[field]), record]));
}

type Group = 'agent' | 'account' | 'product' | 'agentProduct';
const groupOf: Record<Group, (deal: Deal) => string> = {
  agent: (d) => d.agent,
  account: (d) => d.account,
  product: (d) => key(d.product),
  agentProduct: (d) => `${d.agent}\u0000${key(d.product)}`,
};

interface History {
  overall: number;
  groups: Record<Group, Map<string, { won: number; deals: number }>>;
}

function historyOf(deals: readonly Deal[]): History {
  const groups: History['groups'] = { agent: new Map(), account: new Map(), product: new Map(), agentProduct: new Map() };
  let won = 0;
  for (const deal of deals) {
    won += deal.won;
    for (const group of Object.keys(groupOf) as Group[]) {
      const name = groupOf[group](deal);
      if (name === '') continue;
      const entry = groups[group].get(name) ?? { won: 0, deals: 0 };
      entry.won += deal.won;
      entry.deals++;
      groups[group].set(name, entry);
    }
  }
  return { overall: deals.length > 0 ? won / deals.length : 0.5, groups };
}

function rate(history: History, group: Group, deal: Deal): { rate: number; deals: number } {
  const entry = history.groups[group].get(groupOf[group](deal));
  const won = entry?.won ?? 0;
  const deals = entry?.deals ?? 0;
  return { rate: (won + priorStrength * history.overall) / (deals + priorStrength), deals };
}

interface Lookups {
  accounts: Map<string, CsvRecord>;
  products: Map<string, CsvRecord>;
  teams: Map<string, CsvRecord>;
}

/**
 * Everything known about a deal when it enters the engaging stage, plus the
 * win history before scoring. `countScale` puts deal counts from part of the
 * history on the scale of the whole.
 */
function featuresOf(deal: Deal, history: History, lookups: Lookups, countScale = 1): FeatureRow {
  const account = lookups.accounts.get(key(deal.account));
  const product = lookups.products.get(key(deal.product));
  const team = lookups.teams.get(key(deal.agent));
  const engaged = new Date(deal.engagedAt);
  const established = Number(account?.year_established);
  const agent = rate(history, 'agent', deal);
  const accountRate = rate(history, 'account', deal);
  return {
    sales_agent: deal.agent,
    manager: team?.manager,
    regional_office: team?.regional_office,
    product: deal.product,
    series: product?.series,
    sales_price: product?.sales_price,
    account: deal.account,
    sector: account?.sector,
    office_location: account?.office_location,
    has_parent: account ? Boolean(account.subsidiary_of) : undefined,
    revenue: account?.revenue,
    employees: account?.employees,
    account_age_years: Number.isFinite(established) && established > 0 ? engaged.getUTCFullYear() - established : undefined,
    engage_month: String(engaged.getUTCMonth() + 1),
    engage_weekday: weekdays[engaged.getUTCDay()],
    agent_win_rate: agent.rate,
    agent_deals: agent.deals * countScale,
    account_win_rate: deal.account ? accountRate.rate : undefined,
    account_deals: deal.account ? accountRate.deals * countScale : undefined,
    product_win_rate: rate(history, 'product', deal).rate,
    agent_product_win_rate: rate(history, 'agentProduct', deal).rate,
  };
}

const specs: FeatureSpec[] = [
  ...['sales_agent', 'manager', 'regional_office', 'product', 'series', 'account', 'sector', 'office_location', 'engage_weekday'].map(
    (field): FeatureSpec => ({ kind: 'categorical', field }),
  ),
  { kind: 'boolean', field: 'has_parent' },
  ...['sales_price', 'revenue', 'employees', 'agent_deals', 'account_deals'].map((field): FeatureSpec => ({ kind: 'numeric', field, log: true })),
  ...['account_age_years', 'agent_win_rate', 'account_win_rate', 'product_win_rate', 'agent_product_win_rate'].map((field): FeatureSpec => ({ kind: 'numeric', field })),
];

/**
 * Feature rows for training deals (their historical rates from the other
 * folds) and for deals to score (rates from all training deals).
 */
function buildRows(train: readonly Deal[], score: readonly Deal[], lookups: Lookups): { train: FeatureRow[]; score: FeatureRow[] } {
  const foldOf = (index: number) => index % rateFolds;
  const trainRows = new Array<FeatureRow>(train.length);
  for (let fold = 0; fold < rateFolds; fold++) {
    const history = historyOf(train.filter((_, i) => foldOf(i) !== fold));
    train.forEach((deal, i) => {
      if (foldOf(i) === fold) trainRows[i] = featuresOf(deal, history, lookups, rateFolds / (rateFolds - 1));
    });
  }
  const history = historyOf(train);
  return { train: trainRows, score: score.map((deal) => featuresOf(deal, history, lookups)) };
}

function readDeals(records: readonly CsvRecord[]): Deal[] {
  const deals: Deal[] = [];
  for (const record of records) {
    const stage = record.deal_stage?.toLowerCase();
    if (stage !== 'won' && stage !== 'lost') continue;
    const engagedAt = parseDay(record.engage_date);
    const closedAt = parseDay(record.close_date);
    if (!Number.isFinite(engagedAt) || !Number.isFinite(closedAt)) continue;
    deals.push({ agent: record.sales_agent ?? '', product: record.product ?? '', account: record.account ?? '', won: stage === 'won' ? 1 : 0, engagedAt, closedAt });
  }
  // Chronological order, so folds and splits do not depend on the file's order.
  return deals.sort((a, b) => a.closedAt - b.closedAt || a.engagedAt - b.engagedAt);
}

function defaultCutoff(deals: readonly Deal[]): Date {
  return new Date(deals[Math.min(deals.length - 1, Math.floor(deals.length * defaultTrainShare))]!.closedAt);
}

/**
 * Win probability on the CRM-sales shape: deals closed before the cut-off
 * train, deals closed on or after it test. Every feature is known when the
 * deal starts engaging; historical win rates come from training deals only.
 */
export async function evaluateWin(files: WinFiles, cutoffOption: Date | undefined): Promise<WinResult> {
  const deals = readDeals(await readCsv(files.deals));
  if (deals.length < 10) throw new Error(`${files.deals} has fewer than 10 won or lost deals with engage and close dates`);
  const lookups: Lookups = {
    accounts: byKey(await readCsv(files.accounts), 'account'),
    products: files.products ? byKey(await readCsv(files.products), 'product') : new Map<string, CsvRecord>(),
    teams: files.teams ? byKey(await readCsv(files.teams), 'sales_agent') : new Map<string, CsvRecord>(),
  };
  const cutoff = cutoffOption ?? defaultCutoff(deals);
  const split = timeSplit(deals, (d) => d.closedAt, cutoff);
  const train = split.train.map((i) => deals[i]!);
  const test = split.test.map((i) => deals[i]!);
  for (const [name, part] of [['before', train], ['on or after', test]] as const) {
    const won = part.filter((d) => d.won === 1).length;
    if (won === 0 || won === part.length) throw new Error(`deals closed ${name} ${day(cutoff)} need both won and lost ones; choose another --cutoff`);
  }
  const trainLabels = train.map((d) => d.won);
  const testLabels = test.map((d) => d.won);

  // The model is chosen on the latest quarter of the training deals, as the product retrains.
  const innerCutoff = train[Math.floor(train.length * 0.75)]!.closedAt;
  const inner = timeSplit(train, (d) => d.closedAt, innerCutoff);
  const innerTrain = inner.train.map((i) => train[i]!);
  const innerHoldout = inner.test.map((i) => train[i]!);
  const innerRows = buildRows(innerTrain, innerHoldout, lookups);
  const rows = buildRows(train, test, lookups);
  const chosen = trainChosenScorer({ rows: rows.train, labels: trainLabels }, specs, {
    train: { rows: innerRows.train, labels: innerTrain.map((d) => d.won) },
    holdout: { rows: innerRows.score, labels: innerHoldout.map((d) => d.won) },
  });
  const probabilities = rows.score.map((row) => chosen.predict(row));
  const bestProbabilities = rows.score.map((row) => chosen.bestTrained.predict(row));

  const history = historyOf(train);
  const perProduct = test.map((deal) => rate(history, 'product', deal).rate);
  const stage = test.map(() => history.overall);
  return {
    cutoff,
    cutoffIsDefault: cutoffOption === undefined,
    trainRows: train.length,
    testRows: test.length,
    trainWinRate: history.overall,
    testWinRate: testLabels.reduce<number>((a, b) => a + b, 0) / test.length,
    chosen: chosen.chosen,
    decisions: describeDecisions(chosen),
    auc: auc(probabilities, testLabels),
    brier: brierScore(probabilities, testLabels),
    expectedCalibrationError: calibration(probabilities, testLabels).expectedCalibrationError,
    bestTrained: { kind: chosen.bestTrained.kind, auc: auc(bestProbabilities, testLabels), brier: brierScore(bestProbabilities, testLabels) },
    baseline: { auc: auc(stage, testLabels), brier: brierScore(stage, testLabels) },
    perProduct: { auc: auc(perProduct, testLabels), brier: brierScore(perProduct, testLabels) },
  };
}

export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
