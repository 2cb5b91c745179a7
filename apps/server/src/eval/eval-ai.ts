/**
 * `npm run eval:ai`: the product's own CRM models on third-party data,
 * beside the published baselines: lead scoring, win probability and email
 * intent. An evaluation script, not a test: it prints a table and one
 * `RESULT` line per task, and skips (exit 0) when the datasets are absent.
 * See eval-options.ts for the options.
 */
import { existsSync } from 'node:fs';
import { evaluateIntent } from './eval-intent';
import { evaluateLeads } from './eval-leads';
import { evalUsage, parseEvalOptions, present, UsageError, type DataFile, type EvalOptions } from './eval-options';
import { formatNotes, formatResultLines, formatTable, type Outcomes } from './eval-report';
import { evaluateWin } from './eval-win';
import { defaultDatasetsDir, runTask, say } from './eval-runner';

const optional = (file: DataFile) => (present(file) ? file.path : undefined);

async function main(options: EvalOptions): Promise<boolean> {
  if (options.help) {
    process.stdout.write(evalUsage);
    return true;
  }
  if (!existsSync(options.datasetsDir) && ![options.leads, options.deals, options.accounts, options.intentTrain].some((f) => f.explicit)) {
    say(`eval:ai skipped: no datasets at ${options.datasetsDir} (see ../shared/datasets/README.md, or name the files: npm run eval:ai -- --help)`);
    const reason = `no datasets at ${options.datasetsDir}`;
    for (const line of formatResultLines({ lead: { status: 'skipped', reason }, win: { status: 'skipped', reason }, intent: { status: 'skipped', reason } })) say(line);
    return true;
  }
  const outcomes: Outcomes = {
    lead: await runTask('lead scoring', [options.leads], () => evaluateLeads(options.leads.path, options.seed)),
    win: await runTask('win probability', [options.deals, options.accounts], () =>
      evaluateWin({ deals: options.deals.path, accounts: options.accounts.path, products: optional(options.products), teams: optional(options.teams) }, options.cutoff, options.seed),
    ),
    intent: await runTask('intent', options.intentTest ? [options.intentTrain, options.intentTest] : [options.intentTrain], () =>
      evaluateIntent(options.intentTrain.path, options.intentTest?.path, options.seed),
    ),
  };
  say();
  say(formatTable(outcomes));
  say();
  for (const note of formatNotes(outcomes)) say(note);
  say();
  for (const line of formatResultLines(outcomes)) say(line);
  return Object.values(outcomes).every((outcome: Outcomes[keyof Outcomes]) => outcome.status !== 'failed');
}

let options: EvalOptions;
try {
  options = parseEvalOptions(process.argv.slice(2), defaultDatasetsDir);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${evalUsage}`);
  process.exit(2);
}
process.exitCode = (await main(options)) ? 0 : 1;
