/**
 * `npm run bench:dedupe`: the duplicate finder on generated CRM contacts
 * (default 100,000, a tenth of them altered copies of others: typos,
 * nicknames, Gmail dots, reformatted phones, abbreviated addresses, missing
 * fields). Prints the time of each stage and the pairwise quality against
 * the known copies. A measurement script, not a test.
 *
 *   npm run bench:dedupe -- [--records N] [--seed N]
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  clusterPairs,
  comparePairs,
  contactBlocking,
  contactFields,
  createPairComparer,
  fitFellegiSunter,
  generateCandidates,
  pairwiseMetrics,
  prepareRecords,
} from '@nexus/dedupe';
import { generateContacts } from './bench-dedupe-data';
import { peakRssMb } from './search-measure';

const say = (line = '') => void process.stdout.write(`${line}\n`);

const usage = 'usage: npm run bench:dedupe -- [--records N (at least 10, default 100000)] [--seed N]\n';
let count = Number.NaN;
let seed = Number.NaN;
try {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' } } });
  count = Number(values.records);
  seed = Number(values.seed);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
}
if (!Number.isSafeInteger(count) || count < 10 || !Number.isSafeInteger(seed)) {
  process.stderr.write(usage);
  process.exit(2);
}

const { records, personOf } = generateContacts(count, seed);
// CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
const stages: { name: string; wall: number; cpu: number }[] = [];
let mark = { wall: performance.now(), cpu: process.cpuUsage() };
const stage = (name: string) => {
  const now = { wall: performance.now(), cpu: process.cpuUsage() };
  stages.push({ name, wall: (now.wall - mark.wall) / 1000, cpu: (now.cpu.user + now.cpu.system - mark.cpu.user - mark.cpu.system) / 1e6 });
  mark = { wall: performance.now(), cpu: process.cpuUsage() };
};
const prepared = prepareRecords(records, contactFields, { defaultCountry: 'US' });
stage('normalise');
const candidates = generateCandidates(prepared, contactBlocking);
stage('block');
const matrix = comparePairs(prepared, candidates.left, candidates.right);
stage('compare');
const model = fitFellegiSunter(matrix, prepared.fields);
stage('fit (EM)');
const width = matrix.features.length;
const scores = new Float64Array(matrix.rows);
for (let p = 0; p < matrix.rows; p++) scores[p] = model.score(matrix.values, p * width);
stage('score');
const compare = createPairComparer(prepared);
const row = new Float64Array(width);
const clusters = clusterPairs({
  recordCount: records.length,
  left: candidates.left,
  right: candidates.right,
  scores,
  threshold: 0.5,
  scoreOf: (a, b) => {
    compare(a, b, row);
    return model.score(row);
  },
});
stage('cluster');

const chosen = { left: [] as number[], right: [] as number[] };
for (let p = 0; p < matrix.rows; p++) {
  if (scores[p]! >= 0.5) {
    chosen.left.push(candidates.left[p]!);
    chosen.right.push(candidates.right[p]!);
  }
}
const quality = pairwiseMetrics(chosen.left, chosen.right, personOf);
const blocking = pairwiseMetrics(candidates.left, candidates.right, personOf);
const sum = (names: string[], key: 'wall' | 'cpu') => stages.filter((st) => names.includes(st.name)).reduce((total, st) => total + st[key], 0);
const core = ['block', 'compare', 'score'];
say(`bench:dedupe: ${records.length.toLocaleString('en')} contacts, ${candidates.left.length.toLocaleString('en')} candidate pairs, ${clusters.length.toLocaleString('en')} groups`);
for (const { rule, pairs } of candidates.perRule) say(`  rule ${rule}: ${pairs.toLocaleString('en')} pairs`);
say(`  ${'stage'.padEnd(10)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)}`);
for (const st of stages) say(`  ${st.name.padEnd(10)} ${st.wall.toFixed(2).padStart(7)} ${st.cpu.toFixed(2).padStart(7)}`);
say(`  ${'all'.padEnd(10)} ${sum(stages.map((st) => st.name), 'wall').toFixed(2).padStart(7)} ${sum(stages.map((st) => st.name), 'cpu').toFixed(2).padStart(7)}`);
say(`  blocking + scoring (block, compare, score): ${sum(core, 'wall').toFixed(2)} s wall, ${sum(core, 'cpu').toFixed(2)} s cpu; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
say(`  blocking recall ${blocking.recall.toFixed(4)}, skipped blocks ${candidates.skippedBlocks}${candidates.oversizeBlocks[0] ? ` (largest: ${candidates.oversizeBlocks[0].rule} "${candidates.oversizeBlocks[0].key}" × ${candidates.oversizeBlocks[0].size})` : ''}`);
say(`  pairs at posterior >= 0.5: precision ${quality.precision.toFixed(4)} recall ${quality.recall.toFixed(4)} F1 ${quality.f1.toFixed(4)} (EM ${model.fit.iterations} iterations, lambda ${model.lambda.toFixed(4)})`);
say(`  peak RSS ${peakRssMb()} MB`);
