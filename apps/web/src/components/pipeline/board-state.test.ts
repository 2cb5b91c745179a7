import { describe, expect, it } from 'vitest';
import type { Deal, Stage } from '@/lib/records';
import { appendPage, applyDeal, insertDeal, isOverdue, type PipelineSummary } from './board-state';
import { addDecimal, compareDecimal, weighDecimal } from './decimal';

const stage = (id: string, probability: number, type: Stage['type'] = 'open'): Stage => ({ id, name: id, probability, type, position: 0 });
const deal = (id: string, amount: string | null, currency = 'USD'): Deal =>
  ({ id, name: id, amount, currency, stageId: 'a', pipelineId: 'p', closeDate: null, version: 1 }) as Deal;

describe('decimal arithmetic', () => {
  it('adds money exactly where floats would not (0.1 + 0.2)', () => {
    expect(addDecimal('0.10', '0.20')).toBe('0.30');
    expect(addDecimal('123456789012345.67', '0.01')).toBe('123456789012345.68');
    expect(addDecimal('5.00', '-7.25')).toBe('-2.25');
  });

  it('weighs an amount by a probability with two more decimal places, as the server does', () => {
    expect(weighDecimal('1003.43', 25)).toBe('250.8575');
    expect(weighDecimal('-10.01', 50)).toBe('-5.0050');
    expect(compareDecimal('250.8575', '250.86')).toBe(-1);
  });
});

describe('applyDeal', () => {
  const summary: PipelineSummary = {
    stages: [
      { stageId: 'a', count: 2, totals: [{ currency: 'USD', amount: '300.00', weighted: '30.0000' }] },
      { stageId: 'b', count: 0, totals: [] },
    ],
  };

  it('moves a deal\'s count, amount and weighted amount from one stage to another', () => {
    const moved = applyDeal(applyDeal(summary, stage('a', 10), deal('x', '100.00'), -1), stage('b', 75), deal('x', '100.00'), 1);
    expect(moved.stages).toEqual([
      { stageId: 'a', count: 1, totals: [{ currency: 'USD', amount: '200.00', weighted: '20.0000' }] },
      { stageId: 'b', count: 1, totals: [{ currency: 'USD', amount: '100.00', weighted: '75.0000' }] },
    ]);
  });

  it('counts a deal without an amount but adds no money', () => {
    expect(applyDeal(summary, stage('b', 50), deal('x', null), 1).stages[1]).toEqual({ stageId: 'b', count: 1, totals: [] });
  });

  it('keeps currencies apart and in order', () => {
    const eur = applyDeal(summary, stage('a', 10), deal('x', '50.00', 'EUR'), 1);
    expect(eur.stages[0]?.totals.map((t) => [t.currency, t.amount])).toEqual([
      ['EUR', '50.00'],
      ['USD', '300.00'],
    ]);
  });
});

describe('cards in a column', () => {
  it('puts a moved deal first when newest changes come first', () => {
    expect(insertDeal([deal('a', '1'), deal('b', '2')], deal('c', '0'), 'updated').map((d) => d.id)).toEqual(['c', 'a', 'b']);
  });

  it('puts it in amount order when largest come first, a missing amount leading as the API sorts it', () => {
    const list = [deal('big', '900.00'), deal('mid', '500.00'), deal('small', '10.00')];
    expect(insertDeal(list, deal('new', '600.00'), 'amount').map((d) => d.id)).toEqual(['big', 'new', 'mid', 'small']);
    expect(insertDeal(list, deal('none', null), 'amount')[0]?.id).toBe('none');
    expect(insertDeal(list, deal('tiny', '1.00'), 'amount').at(-1)?.id).toBe('tiny');
  });

  it('puts an undone move back where it was', () => {
    expect(insertDeal([deal('a', '1'), deal('b', '2')], deal('c', '3'), 'updated', 1).map((d) => d.id)).toEqual(['a', 'c', 'b']);
  });

  it('drops a deal already shown when a further page brings it again', () => {
    expect(appendPage([deal('a', '1')], [deal('a', '1'), deal('b', '2')]).map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('marks a past close date overdue only while the deal is open', () => {
    const late = { closeDate: '2025-05-13' };
    expect(isOverdue(late, stage('a', 10), '2025-05-14')).toBe(true);
    expect(isOverdue({ closeDate: '2025-05-14' }, stage('a', 10), '2025-05-14')).toBe(false);
    expect(isOverdue(late, stage('w', 100, 'won'), '2025-05-14')).toBe(false);
    expect(isOverdue({ closeDate: null }, stage('a', 10), '2025-05-14')).toBe(false);
  });
});
