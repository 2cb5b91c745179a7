import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type DataFile } from './eval-options';

/** A Febrl-format file, and optionally another one whose labels train the supervised comparison. */
export interface FebrlTask {
  name: string;
  file: DataFile;
  train: DataFile | undefined;
}

/** Labelled pairs to test on, and the pairs to train on (`undefined`: cross-validate within the test file). */
export interface PairsTask {
  name: string;
  test: DataFile;
  train: DataFile | undefined;
}

export interface DedupeEvalOptions {
  /** Folder the default files are looked up in (under `dedupe/`). */
  datasetsDir: string;
  febrl: FebrlTask[];
  pairs: PairsTask[];
  /** Files were named on the command line: only those run, and each must exist. */
  explicit: boolean;
  seed: number;
  help: boolean;
}

/** The entity-matching sets of the shared folder, used when its listing is unavailable so their absence is still reported. */
export const knownPairSets = ['Abt-Buy', 'Amazon-Google', 'DBLP-ACM', 'Fodors-Zagats', 'Walmart-Amazon'] as const;

export const dedupeEvalUsage = `npm run eval:dedupe -- [--datasets DIR] [--febrl FILE[,FILE…]]… [--febrl-train FILE]
                       [--pairs FILE[,FILE…]]… [--pairs-train FILE[,FILE…]]… [--seed N]

  --datasets     folder of the default files (default ../shared/datasets beside the repository):
                 <datasets>/dedupe/febrl/dataset1.csv and dataset2.csv (dataset2 also scored by a model
                 trained on dataset1), and every <datasets>/dedupe/er-magellan/<set>/ with train.txt and valid.txt
  --febrl        Febrl-format CSV (rec_id "rec-N-org" / "rec-N-dup-k", given_name, surname, street_number,
                 address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id); repeatable or
                 comma-separated. Scored by Fellegi-Sunter fitted by EM on the file itself (no labels used)
  --febrl-train  a labelled Febrl file: a logistic regression trained on its pairs is also tested on each --febrl file
  --pairs        entity-matching pairs, one a line: "COL attr VAL value …<TAB>COL attr VAL value …<TAB>0|1";
                 repeatable or comma-separated. Tested once, after training on --pairs-train
  --pairs-train  training pairs for the --pairs file at the same position (default: train.txt beside it,
                 else 5-fold cross-validation within the --pairs file)
  --seed         seed of folds and models (default 42)
  --help         print this and stop

  Naming --febrl or --pairs runs only the named files. A default file that is absent is skipped.
`;

function named(raw: string): DataFile {
  return { path: resolve(raw), explicit: true };
}

/** Values of a repeatable option, each possibly a comma list. */
function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

function pairsName(path: string): string {
  return `${basename(dirname(path))}/${basename(path)}`;
}

function defaultPairSets(root: string): string[] {
  if (!existsSync(root)) return [...knownPairSets];
  try {
    const sets = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    return sets.length > 0 ? sets.sort() : [...knownPairSets];
  } catch {
    return [...knownPairSets];
  }
}

/** Reads the command line; default files live under `--datasets`, else `defaultDatasetsDir`. */
export function parseDedupeEvalOptions(argv: readonly string[], defaultDatasetsDir: string): DedupeEvalOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        datasets: { type: 'string' },
        febrl: { type: 'string', multiple: true },
        'febrl-train': { type: 'string' },
        pairs: { type: 'string', multiple: true },
        'pairs-train': { type: 'string', multiple: true },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const datasetsDir = values.datasets === undefined ? defaultDatasetsDir : resolve(values.datasets);
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number of at least 0');

  const febrlFiles = list(values.febrl);
  const pairFiles = list(values.pairs);
  const pairTrainFiles = list(values['pairs-train']);
  const febrlTrain = values['febrl-train'] === undefined ? undefined : named(values['febrl-train']);
  if (pairTrainFiles.length > pairFiles.length) throw new UsageError('--pairs-train names more files than --pairs');
  if (febrlTrain && febrlFiles.length === 0) throw new UsageError('--febrl-train needs --febrl files to test on');
  const explicit = febrlFiles.length > 0 || pairFiles.length > 0;

  let febrl: FebrlTask[];
  let pairs: PairsTask[];
  if (explicit) {
    febrl = febrlFiles.map((raw) => {
      const file = named(raw);
      return { name: basename(file.path).replace(/\.csv$/i, ''), file, train: febrlTrain && febrlTrain.path !== file.path ? febrlTrain : undefined };
    });
    pairs = pairFiles.map((raw, i) => {
      const test = named(raw);
      const trainRaw = pairTrainFiles[i];
      if (trainRaw !== undefined) return { name: pairsName(test.path), test, train: named(trainRaw) };
      const beside = join(dirname(test.path), 'train.txt');
      return { name: pairsName(test.path), test, train: beside !== test.path && existsSync(beside) ? { path: beside, explicit: false } : undefined };
    });
  } else {
    const febrlDir = join(datasetsDir, 'dedupe', 'febrl');
    const dataset1: DataFile = { path: join(febrlDir, 'dataset1.csv'), explicit: false };
    const dataset2: DataFile = { path: join(febrlDir, 'dataset2.csv'), explicit: false };
    febrl = [
      { name: 'febrl/dataset1', file: dataset1, train: undefined },
      { name: 'febrl/dataset2', file: dataset2, train: dataset1 },
    ];
    const root = join(datasetsDir, 'dedupe', 'er-magellan');
    pairs = defaultPairSets(root).map((set) => ({
      name: `er-magellan/${set}`,
      test: { path: join(root, set, 'valid.txt'), explicit: false },
      train: { path: join(root, set, 'train.txt'), explicit: false },
    }));
  }
  for (const file of [...febrl.flatMap((t) => [t.file, t.train]), ...pairs.flatMap((t) => [t.test, t.train])]) {
    if (file?.explicit && !existsSync(file.path)) throw new UsageError(`file not found: ${file.path}`);
  }
  return { datasetsDir, febrl, pairs, explicit, seed, help: values.help };
}
