import { describe, expect, it } from 'vitest';
import type { FebrlResult } from './eval-dedupe-febrl';
import type { PairsResult } from './eval-dedupe-pairs';
import { formatDedupeNotes, formatDedupeResultLines, formatDedupeTable, publishedFor, type DedupeOutcomes } from './eval-dedupe-report';

const metrics = (precision: number, recall: number) => ({ truePairs: 500, predictedPairs: 490, truePositives: 480, precision, recall, f1: (2 * precision * recall) / (precision + recall) });

const febrl: FebrlResult = {
  name: 'dataset1',
  records: 1000,
  truePairs: 500,
  candidatePairs: 15228,
  blockingRecall: 1,
  reductionRatio: 0.9695,
  skippedBlocks: 0,
  emIterations: 4,
  emConverged: true,
  emLambda: 0.0328,
  methods: [
    { method: 'Fellegi-Sunter, EM (unsupervised)', pairs: metrics(0.99, 0.98), clusters: metrics(0.99, 0.99) },
    { method: 'logistic regression, trained on dataset1', pairs: metrics(0.9, 0.9), clusters: metrics(0.9, 0.91) },
  ],
  seconds: 1.2,
};

const pairs = (name: string, f1: number): PairsResult => ({
  name,
  trainPairs: 5743,
  testPairs: 1916,
  testMatches: 206,
  attributes: ['name', 'description', 'price'],
  crossValidation: [
    { kind: 'logistic-regression', f1: 0.76, threshold: 0.4 },
    { kind: 'gradient-boosting', f1: 0.81, threshold: 0.32 },
  ],
  chosen: 'gradient-boosting',
  threshold: 0.32,
  protocol: 'train-file',
  precision: f1,
  recall: f1,
  f1,
  seconds: 12,
});

const outcomes: DedupeOutcomes = {
  febrl: [
    { name: 'febrl/dataset1', outcome: { status: 'done', result: febrl } },
    { name: 'febrl/dataset2', outcome: { status: 'skipped', reason: 'not found: dataset2.csv' } },
  ],
  pairs: [
    { name: 'er-magellan/Abt-Buy', outcome: { status: 'done', result: pairs('er-magellan/Abt-Buy', 0.8173) } },
    { name: 'er-magellan/DBLP-ACM', outcome: { status: 'done', result: pairs('er-magellan/DBLP-ACM', 0.9833) } },
    { name: 'er-magellan/Beer', outcome: { status: 'done', result: pairs('er-magellan/Beer', 0.9) } },
    { name: 'er-magellan/Fodors-Zagats', outcome: { status: 'failed', message: 'line 3: expected "left<TAB>right<TAB>0|1"' } },
  ],
};

describe('publishedFor', () => {
  it('finds the README figures by set name, and none for sets it does not list', () => {
    expect(publishedFor('er-magellan/Abt-Buy')).toEqual({ deepMatcher: 62.8, ditto: 89.33 });
    expect(publishedFor('DBLP-ACM/valid.txt')).toEqual({ deepMatcher: 98.4, ditto: 99.0 });
    expect(publishedFor('er-magellan/Amazon-Google')).toEqual({ ditto: 75.58 });
    expect(publishedFor('er-magellan/Walmart-Amazon')).toEqual({});
  });
});

describe('formatDedupeTable', () => {
  it('puts our F1 beside the published figures and says plainly when a goal is missed', () => {
    const table = formatDedupeTable(outcomes);
    expect(table).toMatch(/febrl\/dataset1 +\| Fellegi-Sunter, EM \(unsupervised\): pairs >= 0\.5 +\| 1,000 records, 500 true pairs +\| 99\.00 +\| 98\.00 +\| 98\.50 +\| - +\| F1 >= 95\.00: met/);
    expect(table).toMatch(/logistic regression, trained on dataset1: pairs >= 0\.5 .*\| 90\.00 +\| - +\| F1 >= 95\.00: MISSED/);
    expect(table).toMatch(/er-magellan\/Abt-Buy +\| gradient-boosting, threshold 0\.320 \(trained on 5,743 pairs\) +\| 1,916 test pairs, 206 matches +\| 81\.73 +\| 81\.73 +\| 81\.73 +\| DeepMatcher 62\.8, Ditto 89\.33 +\| above DeepMatcher: met/);
    expect(table).toMatch(/er-magellan\/DBLP-ACM .*\| 98\.33 +\| DeepMatcher 98\.4, Ditto 99\.0 +\| above DeepMatcher: MISSED/);
    expect(table).toMatch(/er-magellan\/Beer .*\| - +\| no DeepMatcher figure in README/);
    expect(table).toContain('febrl/dataset2: skipped (not found: dataset2.csv)');
    expect(table).toContain('er-magellan/Fodors-Zagats: failed (line 3: expected "left<TAB>right<TAB>0|1")');
  });
});

describe('formatDedupeResultLines', () => {
  it('prints one machine-readable line per set, done or not', () => {
    expect(formatDedupeResultLines(outcomes)).toEqual([
      'RESULT dedupe set=febrl/dataset1 method=fellegi-sunter-em precision=0.9900 recall=0.9800 f1=0.9850 cluster_f1=0.9900 trained_f1=0.9000 trained_precision=0.9000 trained_recall=0.9000 goal_f1=0.95 goal=met records=1000 true_pairs=500 candidate_pairs=15228 blocking_recall=1.0000',
      'RESULT dedupe set=febrl/dataset2 status=skipped',
      'RESULT dedupe set=er-magellan/Abt-Buy method=gradient-boosting precision=0.8173 recall=0.8173 f1=0.8173 deepmatcher_f1=0.6280 ditto_f1=0.8933 goal=met protocol=train-file train_pairs=5743 test_pairs=1916',
      'RESULT dedupe set=er-magellan/DBLP-ACM method=gradient-boosting precision=0.9833 recall=0.9833 f1=0.9833 deepmatcher_f1=0.9840 ditto_f1=0.9900 goal=missed protocol=train-file train_pairs=5743 test_pairs=1916',
      'RESULT dedupe set=er-magellan/Beer method=gradient-boosting precision=0.9000 recall=0.9000 f1=0.9000 goal=none protocol=train-file train_pairs=5743 test_pairs=1916',
      'RESULT dedupe set=er-magellan/Fodors-Zagats status=failed',
    ]);
  });
});

describe('formatDedupeNotes', () => {
  it('says how blocking, EM and model choice went, and what the published figures measured', () => {
    const notes = formatDedupeNotes(outcomes).join('\n');
    expect(notes).toContain('febrl/dataset1: blocking proposed 15,228 pairs (reduction ratio 0.9695), holding 100.00% of the true pairs');
    expect(notes).toContain('EM converged after 4 iterations');
    expect(notes).toContain('out-of-fold F1 on the training pairs: logistic-regression 76.00, gradient-boosting 81.00');
    expect(notes).toContain('valid.txt is the test here');
  });
});
