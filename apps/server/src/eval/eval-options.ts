import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

/** A data file and whether the user named it: a named file must exist, a default one may be absent (the task is skipped). */
export interface DataFile {
  path: string;
  explicit: boolean;
}

export interface EvalOptions {
  /** Folder the default files are looked up in. */
  datasetsDir: string;
  leads: DataFile;
  deals: DataFile;
  accounts: DataFile;
  /** Product list with prices; optional, by default beside the deals file. */
  products: DataFile;
  /** Sales agents with their manager and office; optional, by default beside the deals file. */
  teams: DataFile;
  /** Deals closed before it train the win model; the rest test it, each scored while open: at the cut-off, or when it engaged if later. Default: the date before which 70% of closed deals closed. */
  cutoff: Date | undefined;
  intentTrain: DataFile;
  intentTest: DataFile | undefined;
  /** Seeds splits, folds and models. */
  seed: number;
  /** Print the usage and stop. */
  help: boolean;
}

export const evalUsage = `npm run eval:ai -- [--datasets DIR] [--leads FILE] [--deals FILE --accounts FILE [--products FILE] [--teams FILE]
                   [--cutoff YYYY-MM-DD]] [--intent-train FILE] [--intent-test FILE] [--seed N]

  --datasets      folder of the default files (default ../shared/datasets beside the repository)
  --leads         lead records with a 0/1 Converted column (default <datasets>/lead-scoring/Leads.csv)
  --deals         opportunities with deal_stage Won/Lost, engage_date, close_date (default <datasets>/crm-sales/sales_pipeline_until_2017-06.csv)
  --accounts      accounts with sector, revenue, employees, office_location (default <datasets>/crm-sales/accounts.csv)
  --products      products with sales_price (default products.csv beside --deals, if present)
  --teams         sales agents with manager and regional_office (default sales_teams.csv beside --deals, if present)
  --cutoff        deals closed before this date train the win model (scored when they engaged and weekly
                  while open); deals closed on or after it test it, each scored once while open: at this
                  date, or when it engaged if later (default: the date before which 70% of the closed deals closed)
  --intent-train  lines "Yes|No<TAB>sentence": 10-fold cross-validated (default <datasets>/email/intent/train.txt)
  --intent-test   same format: train on all of --intent-train, report accuracy here (default: none)
  --seed          seed of splits, folds and models (default 42)
  --help          print this and stop

  A task whose default files are absent is skipped.
`;

function file(raw: string | undefined, fallback: string): DataFile {
  return raw === undefined ? { path: fallback, explicit: false } : { path: resolve(raw), explicit: true };
}

function parseCutoff(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(time)) throw new UsageError('--cutoff must be a date as YYYY-MM-DD');
  return new Date(time);
}

/** Reads the command line; every default file lives under `--datasets`, else `defaultDatasetsDir`. */
export function parseEvalOptions(argv: readonly string[], defaultDatasetsDir: string): EvalOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        datasets: { type: 'string' },
        leads: { type: 'string' },
        deals: { type: 'string' },
        accounts: { type: 'string' },
        products: { type: 'string' },
        teams: { type: 'string' },
        cutoff: { type: 'string' },
        'intent-train': { type: 'string' },
        'intent-test': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const datasetsDir = values.datasets === undefined ? defaultDatasetsDir : resolve(values.datasets);
  const deals = file(values.deals, join(datasetsDir, 'crm-sales', 'sales_pipeline_until_2017-06.csv'));
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number of at least 0');
  const options: EvalOptions = {
    datasetsDir,
    leads: file(values.leads, join(datasetsDir, 'lead-scoring', 'Leads.csv')),
    deals,
    accounts: file(values.accounts, join(datasetsDir, 'crm-sales', 'accounts.csv')),
    products: file(values.products, join(dirname(deals.path), 'products.csv')),
    teams: file(values.teams, join(dirname(deals.path), 'sales_teams.csv')),
    cutoff: parseCutoff(values.cutoff),
    intentTrain: file(values['intent-train'], join(datasetsDir, 'email', 'intent', 'train.txt')),
    intentTest: values['intent-test'] === undefined ? undefined : file(values['intent-test'], ''),
    seed,
    help: values.help,
  };
  for (const named of [options.leads, options.deals, options.accounts, options.products, options.teams, options.intentTrain, options.intentTest]) {
    if (named?.explicit && !existsSync(named.path)) throw new UsageError(`file not found: ${named.path}`);
  }
  return options;
}

/** Whether every file a task needs is present. */
export function present(...files: DataFile[]): boolean {
  return files.every((f) => existsSync(f.path));
}
