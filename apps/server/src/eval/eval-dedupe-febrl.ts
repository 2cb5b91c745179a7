import { basename } from 'node:path';
import {
  clusterPairs,
  comparePairs,
  createPairComparer,
  fitFellegiSunter,
  generateCandidates,
  pairwiseMetrics,
  prepareRecords,
  trainPairClassifier,
  type BlockingRule,
  type DedupeRecord,
  type FieldSpec,
  type PairModel,
  type PairwiseMetrics,
  type PreparedRecords,
} from '@nexus/dedupe';
import { readCsv } from './read-csv';

/**
 * Febrl's columns as the product's field kinds. The same engine and kinds
 * serve CRM contacts; only the field names differ.
 */
export const febrlFields: FieldSpec[] = [
  { field: 'given_name', kind: 'givenName' },
  { field: 'surname', kind: 'familyName', weight: 1.5 },
  { field: 'street_number', kind: 'code' },
  { field: 'address_1', kind: 'address' },
  { field: 'address_2', kind: 'address' },
  { field: 'suburb', kind: 'text', comparators: ['jaroWinkler'] },
  { field: 'postcode', kind: 'postcode' },
  { field: 'state', kind: 'category' },
  { field: 'date_of_birth', kind: 'date', weight: 1.5 },
  { field: 'soc_sec_id', kind: 'code', weight: 2 },
];

/** Blocking keys as the issue lists them: surname sound + first initial, given-name sound, postcode + surname prefix, date of birth, identifier. */
export const febrlBlocking: BlockingRule[] = [
  {
    name: 'surname-sound+initial',
    method: 'sortedNeighbourhood',
    window: 8,
    parts: [
      { field: 'surname', transform: 'phonetic' },
      { field: 'given_name', transform: 'initial' },
    ],
  },
  {
    name: 'given-sound+surname-initial',
    method: 'sortedNeighbourhood',
    window: 8,
    parts: [
      { field: 'given_name', transform: 'phonetic' },
      { field: 'surname', transform: 'initial' },
    ],
  },
  {
    name: 'postcode+surname-prefix',
    parts: [
      { field: 'postcode', transform: 'value' },
      { field: 'surname', transform: 'prefix', length: 2 },
    ],
  },
  { name: 'date-of-birth', parts: [{ field: 'date_of_birth', transform: 'value' }] },
  { name: 'soc-sec-id', parts: [{ field: 'soc_sec_id', transform: 'value' }] },
  { name: 'soc-sec-id-sorted', method: 'sortedNeighbourhood', window: 4, parts: [{ field: 'soc_sec_id', transform: 'value' }] },
];

export interface FebrlData {
  name: string;
  records: DedupeRecord[];
  /** The person each record is: N of `rec-N-org` / `rec-N-dup-k`. */
  entityOf: string[];
}

/** Reads a Febrl CSV (`rec_id` then the person's columns). */
export async function readFebrl(file: string): Promise<FebrlData> {
  const rows = await readCsv(file);
  if (rows.length === 0 || !('rec_id' in rows[0]!)) throw new Error(`${file}: expected a Febrl CSV with a rec_id column`);
  const records: DedupeRecord[] = [];
  const entityOf: string[] = [];
  for (const row of rows) {
    const id = row.rec_id ?? '';
    const entity = /^rec-(\d+)-/.exec(id)?.[1];
    if (entity === undefined) throw new Error(`${file}: rec_id ${id} is not rec-N-org or rec-N-dup-k`);
    const fields: Record<string, string> = {};
    for (const spec of febrlFields) fields[spec.field] = row[spec.field] ?? '';
    records.push({ id, fields });
    entityOf.push(entity);
  }
  return { name: basename(file).replace(/\.csv$/i, ''), records, entityOf };
}

export interface FebrlMethodResult {
  method: string;
  pairs: PairwiseMetrics;
  clusters: PairwiseMetrics;
}

export interface FebrlResult {
  name: string;
  records: number;
  truePairs: number;
  candidatePairs: number;
  /** Share of true pairs among the candidates (pairs completeness). */
  blockingRecall: number;
  reductionRatio: number;
  skippedBlocks: number;
  emIterations: number;
  emConverged: boolean;
  /** Estimated share of matches among candidates. */
  emLambda: number;
  methods: FebrlMethodResult[];
  seconds: number;
}

interface Blocked {
  prepared: PreparedRecords;
  left: Uint32Array;
  right: Uint32Array;
  skippedBlocks: number;
}

function block(data: FebrlData): Blocked {
  const prepared = prepareRecords(data.records, febrlFields);
  const candidates = generateCandidates(prepared, febrlBlocking);
  return { prepared, left: candidates.left, right: candidates.right, skippedBlocks: candidates.skippedBlocks };
}

/** Pairwise metrics of the pairs scored at or above `threshold`, and of the groups clustered from them. */
function measure(method: string, data: FebrlData, blocked: Blocked, model: PairModel, threshold: number): FebrlMethodResult {
  const matrix = comparePairs(blocked.prepared, blocked.left, blocked.right);
  const width = matrix.features.length;
  const scores = new Float64Array(matrix.rows);
  const chosenLeft: number[] = [];
  const chosenRight: number[] = [];
  for (let p = 0; p < matrix.rows; p++) {
    scores[p] = model.score(matrix.values, p * width);
    if (scores[p]! >= threshold) {
      chosenLeft.push(blocked.left[p]!);
      chosenRight.push(blocked.right[p]!);
    }
  }
  const compare = createPairComparer(blocked.prepared);
  const row = new Float64Array(width);
  const clusters = clusterPairs({
    recordCount: data.records.length,
    left: blocked.left,
    right: blocked.right,
    scores,
    threshold,
    scoreOf: (a, b) => {
      compare(a, b, row);
      return model.score(row);
    },
  });
  const clusterLeft: number[] = [];
  const clusterRight: number[] = [];
  for (const { members } of clusters) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        clusterLeft.push(members[i]!);
        clusterRight.push(members[j]!);
      }
    }
  }
  return { method, pairs: pairwiseMetrics(chosenLeft, chosenRight, data.entityOf), clusters: pairwiseMetrics(clusterLeft, clusterRight, data.entityOf) };
}

/**
 * Unsupervised: Fellegi–Sunter fitted by EM on the file's own candidate
 * pairs, no labels; pairs at posterior ≥ 0.5 are duplicates. With `train`,
 * also a logistic regression trained on the labelled candidate pairs of the
 * training file, tested here.
 */
export function evaluateFebrl(data: FebrlData, train?: FebrlData): FebrlResult {
  const started = performance.now();
  const blocked = block(data);
  const all = pairwiseMetrics(blocked.left, blocked.right, data.entityOf);
  const matrix = comparePairs(blocked.prepared, blocked.left, blocked.right);
  const em = fitFellegiSunter(matrix, blocked.prepared.fields);
  const methods = [measure('Fellegi-Sunter, EM (unsupervised)', data, blocked, em, 0.5)];
  if (train) {
    const trainBlocked = block(train);
    const trainMatrix = comparePairs(trainBlocked.prepared, trainBlocked.left, trainBlocked.right);
    const labels = Array.from(trainBlocked.left, (a, p) => (train.entityOf[a] === train.entityOf[trainBlocked.right[p]!] ? 1 : 0));
    const classifier = trainPairClassifier(trainMatrix, labels, trainBlocked.prepared.fields);
    methods.push(measure(`logistic regression, trained on ${train.name}`, data, blocked, classifier, 0.5));
  }
  const n = data.records.length;
  return {
    name: data.name,
    records: n,
    truePairs: all.truePairs,
    candidatePairs: blocked.left.length,
    blockingRecall: all.recall,
    reductionRatio: 1 - blocked.left.length / ((n * (n - 1)) / 2),
    skippedBlocks: blocked.skippedBlocks,
    emIterations: em.fit.iterations,
    emConverged: em.fit.converged,
    emLambda: em.lambda,
    methods,
    seconds: (performance.now() - started) / 1000,
  };
}
