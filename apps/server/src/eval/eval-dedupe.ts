/**
 * `npm run eval:dedupe`: the product's duplicate finder (@nexus/dedupe) on
 * third-party data, beside the published figures: Febrl person records
 * (unsupervised Fellegi–Sunter by EM, and a model trained on dataset1
 * tested on dataset2) and the entity-matching benchmarks (a pair classifier
 * over per-attribute similarities, trained on train.txt, tested on
 * valid.txt). An evaluation script, not a test: it prints a table and one
 * `RESULT dedupe` line per set, and skips (exit 0) when the datasets are
 * absent. See eval-dedupe-options.ts for the options.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateFebrl, readFebrl } from './eval-dedupe-febrl';
import { dedupeEvalUsage, parseDedupeEvalOptions, type DedupeEvalOptions } from './eval-dedupe-options';
import { evaluatePairs, evaluatePairsByCrossValidation, readPairs } from './eval-dedupe-pairs';
import { formatDedupeNotes, formatDedupeResultLines, formatDedupeTable, type DedupeOutcomes } from './eval-dedupe-report';
import { present, UsageError } from './eval-options';
import { defaultDatasetsDir, runTask, say } from './eval-runner';

async function main(options: DedupeEvalOptions): Promise<boolean> {
  if (options.help) {
    process.stdout.write(dedupeEvalUsage);
    return true;
  }
  if (!options.explicit && !existsSync(resolve(options.datasetsDir, 'dedupe'))) {
    say(`eval:dedupe skipped: no datasets at ${resolve(options.datasetsDir, 'dedupe')} (see ../shared/datasets/README.md, or name the files: npm run eval:dedupe -- --help)`);
    const skipped = { status: 'skipped' as const, reason: `no datasets at ${options.datasetsDir}` };
    const outcomes: DedupeOutcomes = {
      febrl: options.febrl.map((t) => ({ name: t.name, outcome: skipped })),
      pairs: options.pairs.map((t) => ({ name: t.name, outcome: skipped })),
    };
    for (const line of formatDedupeResultLines(outcomes)) say(line);
    return true;
  }
  const outcomes: DedupeOutcomes = { febrl: [], pairs: [] };
  for (const task of options.febrl) {
    // A missing training file only drops the trained comparison; the unsupervised run needs no labels.
    const train = task.train && present(task.train) ? task.train : undefined;
    const outcome = await runTask(task.name, [task.file], async () => evaluateFebrl(await readFebrl(task.file.path), train ? await readFebrl(train.path) : undefined));
    outcomes.febrl.push({ name: task.name, outcome });
  }
  for (const task of options.pairs) {
    const train = task.train;
    const outcome = await runTask(task.name, train ? [task.test, train] : [task.test], async () =>
      train ? evaluatePairs(task.name, await readPairs(train.path), await readPairs(task.test.path), options.seed) : evaluatePairsByCrossValidation(task.name, await readPairs(task.test.path), options.seed),
    );
    outcomes.pairs.push({ name: task.name, outcome });
  }
  say();
  say(formatDedupeTable(outcomes));
  say();
  for (const note of formatDedupeNotes(outcomes)) say(note);
  say();
  for (const line of formatDedupeResultLines(outcomes)) say(line);
  return [...outcomes.febrl, ...outcomes.pairs].every(({ outcome }) => outcome.status !== 'failed');
}

let options: DedupeEvalOptions;
try {
  options = parseDedupeEvalOptions(process.argv.slice(2), defaultDatasetsDir);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${dedupeEvalUsage}`);
  process.exit(2);
}
process.exitCode = (await main(options)) ? 0 : 1;
