import { describe, expect, it } from 'vitest';
import { featuresAt, parseDay, readDeals, snapshotAt, type Deal, type Lookups } from './win-snapshots';

const noLookups: Lookups = { accounts: new Map(), products: new Map(), teams: new Map() };
const on = (date: string) => parseDay(date);

function deal(engaged: string, closed: string | undefined, won: 0 | 1 | undefined, agent = 'Ann'): Deal {
  return { agent, product: 'GTX Pro', account: 'Acme', engagedAt: on(engaged), closedAt: closed ? on(closed) : Number.POSITIVE_INFINITY, won };
}

describe('readDeals', () => {
  it('keeps engaging deals as open pipeline and drops rows that never engaged or close before they engage', () => {
    const deals = readDeals([
      { sales_agent: 'Ann', product: 'GTX Pro', account: 'Acme', deal_stage: 'Won', engage_date: '2017-01-02', close_date: '2017-02-01' },
      { sales_agent: 'Ann', product: 'GTX Pro', account: 'Acme', deal_stage: 'Engaging', engage_date: '2017-01-05', close_date: '' },
      { sales_agent: 'Ann', product: 'GTX Pro', account: '', deal_stage: 'Prospecting', engage_date: '', close_date: '' },
      { sales_agent: 'Ann', product: 'GTX Pro', account: 'Acme', deal_stage: 'Lost', engage_date: '2017-03-01', close_date: '2017-02-01' },
    ]);
    expect(deals.map((d) => [d.won, d.closedAt])).toEqual([
      [1, on('2017-02-01')],
      [undefined, Number.POSITIVE_INFINITY],
    ]);
  });
});

describe('snapshotAt', () => {
  it('learns only from deals closed before the moment; a deal closing that day is still open pipeline', () => {
    const deals = [deal('2017-01-01', '2017-01-31', 1), deal('2017-01-01', '2017-02-01', 0), deal('2017-01-20', undefined, undefined)];
    const snapshot = snapshotAt(on('2017-02-01'), deals, noLookups);
    expect(snapshot.closed).toBe(1);
    expect(snapshot.stageWinRate).toBe(1);
    expect(snapshot.openByAgent.get('Ann')).toBe(2);
  });
});

describe('featuresAt', () => {
  it('gives an open deal the same inputs whatever its outcome and whenever it closes later', () => {
    const history = [deal('2017-01-01', '2017-01-20', 1), deal('2017-01-01', '2017-01-25', 0)];
    const t = on('2017-02-01');
    const features = (scored: Deal) => featuresAt(scored, snapshotAt(t, [...history, scored], noLookups), noLookups);
    const won = features(deal('2017-01-10', '2017-03-01', 1));
    expect(features(deal('2017-01-10', '2017-06-30', 0))).toEqual(won);
    expect(features(deal('2017-01-10', undefined, undefined))).toEqual(won);
    expect(won.age_days).toBe(22);
  });

  it('rates a deal that outlived the quick losses above one engaged today', () => {
    // Past deals lost within a week or won after a month.
    const history = [0, 1, 2, 3, 4, 5].flatMap((i) => [deal(`2017-01-0${i + 1}`, `2017-01-0${i + 3}`, 0), deal(`2017-01-0${i + 1}`, `2017-02-1${i}`, 1)]);
    const t = on('2017-03-01');
    const fresh = deal('2017-03-01', '2017-04-01', 1);
    const aged = deal('2017-02-01', '2017-04-01', 1);
    const snapshot = snapshotAt(t, [...history, fresh, aged], noLookups);
    const freshRate = Number(featuresAt(fresh, snapshot, noLookups).survivor_win_rate);
    const agedRate = Number(featuresAt(aged, snapshot, noLookups).survivor_win_rate);
    expect(freshRate).toBeCloseTo(0.5, 5);
    // The six wins that lasted a month, pulled toward the 50% stage win rate by ten pseudo-deals.
    expect(agedRate).toBeCloseTo((6 + 10 * 0.5) / (6 + 10), 5);
  });
});
