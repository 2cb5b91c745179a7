import { describe, expect, it } from 'vitest';
import { comparePairs } from './compare-fields';
import type { DedupeRecord, FieldSpec } from './field-spec';
import { loadPairClassifier, trainPairClassifier, type PairClassifierJson } from './pair-classifier';
import { pairwiseMetrics } from './pairwise-metrics';
import { prepareRecords } from './prepare-records';

const fields: FieldSpec[] = [
  { field: 'name', kind: 'organisationName', comparators: ['softTokens', 'tfidf'] },
  { field: 'domain', kind: 'domain' },
];

function labelledPairs(): { records: DedupeRecord[]; left: number[]; right: number[]; labels: number[] } {
  const stems = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne', 'soylent', 'vandelay'];
  const records: DedupeRecord[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const labels: number[] = [];
  stems.forEach((stem, i) => {
    records.push({ id: `${stem}-1`, fields: { name: `${stem} Industries Inc`, domain: `${stem}.com` } });
    records.push({ id: `${stem}-2`, fields: { name: `${stem.toUpperCase()} Industries`, domain: i % 3 === 0 ? null : `www.${stem}.com` } });
  });
  for (let a = 0; a < records.length; a++) {
    for (let b = a + 1; b < records.length; b++) {
      left.push(a);
      right.push(b);
      labels.push(Math.floor(a / 2) === Math.floor(b / 2) ? 1 : 0);
    }
  }
  return { records, left, right, labels };
}

describe('trainPairClassifier', () => {
  for (const kind of ['logistic-regression', 'gradient-boosting'] as const) {
    it(`separates labelled pairs with ${kind}`, () => {
      const { records, left, right, labels } = labelledPairs();
      const prepared = prepareRecords(records, fields);
      const matrix = comparePairs(prepared, left, right);
      const model = trainPairClassifier(matrix, labels, prepared.fields, { kind, minLeafSize: 2, trees: 50 });
      const chosenLeft: number[] = [];
      const chosenRight: number[] = [];
      for (let p = 0; p < matrix.rows; p++) {
        if (model.score(matrix.values, p * matrix.features.length) >= 0.5) {
          chosenLeft.push(left[p]!);
          chosenRight.push(right[p]!);
        }
      }
      const quality = pairwiseMetrics(chosenLeft, chosenRight, records.map((r) => r.id.split('-')[0]!));
      expect(quality.f1).toBeGreaterThan(0.9);
      const reasons = model.explain(matrix.values, 0);
      expect(reasons.find((r) => r.field === 'name')!.weight).toBeGreaterThan(0);
      const loaded = loadPairClassifier(JSON.parse(JSON.stringify(model.toJSON())) as PairClassifierJson);
      expect(loaded.score(matrix.values, 0)).toBeCloseTo(model.score(matrix.values, 0), 12);
    });
  }
});
