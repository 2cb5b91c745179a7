import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownPairSets, parseDedupeEvalOptions } from './eval-dedupe-options';
import { UsageError } from './eval-options';

describe('parseDedupeEvalOptions', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nexus-eval-dedupe-'));
    await mkdir(join(dir, 'dedupe', 'er-magellan', 'Beer'), { recursive: true });
    await mkdir(join(dir, 'dedupe', 'er-magellan', 'Abt-Buy'), { recursive: true });
    await mkdir(join(dir, 'own'), { recursive: true });
    await writeFile(join(dir, 'a.csv'), 'rec_id\n');
    await writeFile(join(dir, 'b.csv'), 'rec_id\n');
    await writeFile(join(dir, 'own', 'test.txt'), '');
    await writeFile(join(dir, 'own', 'train.txt'), '');
    await writeFile(join(dir, 'lonely.txt'), '');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults to Febrl dataset1 and dataset2, dataset2 also trained on dataset1, and the known sets when the folder is absent', () => {
    const options = parseDedupeEvalOptions([], '/data');
    expect(options.explicit).toBe(false);
    expect(options.febrl).toEqual([
      { name: 'febrl/dataset1', file: { path: '/data/dedupe/febrl/dataset1.csv', explicit: false }, train: undefined },
      { name: 'febrl/dataset2', file: { path: '/data/dedupe/febrl/dataset2.csv', explicit: false }, train: { path: '/data/dedupe/febrl/dataset1.csv', explicit: false } },
    ]);
    expect(options.pairs.map((p) => p.name)).toEqual(knownPairSets.map((s) => `er-magellan/${s}`));
    expect(options.pairs[0]).toEqual({
      name: 'er-magellan/Abt-Buy',
      test: { path: '/data/dedupe/er-magellan/Abt-Buy/valid.txt', explicit: false },
      train: { path: '/data/dedupe/er-magellan/Abt-Buy/train.txt', explicit: false },
    });
    expect(options.seed).toBe(42);
  });

  it('lists the entity-matching sets that are in the folder', () => {
    expect(parseDedupeEvalOptions(['--datasets', dir], '/data').pairs.map((p) => p.name)).toEqual(['er-magellan/Abt-Buy', 'er-magellan/Beer']);
  });

  it('runs only named files: repeated or comma-separated, with a training file beside or named', () => {
    const options = parseDedupeEvalOptions(
      ['--febrl', `${join(dir, 'a.csv')},${join(dir, 'b.csv')}`, '--febrl-train', join(dir, 'a.csv'), '--pairs', join(dir, 'own', 'test.txt'), '--pairs', join(dir, 'lonely.txt')],
      '/data',
    );
    expect(options.explicit).toBe(true);
    expect(options.febrl.map((t) => [t.name, t.train?.path])).toEqual([
      ['a', undefined],
      ['b', join(dir, 'a.csv')],
    ]);
    expect(options.pairs).toEqual([
      { name: 'own/test.txt', test: { path: join(dir, 'own', 'test.txt'), explicit: true }, train: { path: join(dir, 'own', 'train.txt'), explicit: false } },
      { name: `${dir.split('/').pop()}/lonely.txt`, test: { path: join(dir, 'lonely.txt'), explicit: true }, train: undefined },
    ]);
    const trained = parseDedupeEvalOptions(['--pairs', join(dir, 'lonely.txt'), '--pairs-train', join(dir, 'own', 'train.txt')], '/data');
    expect(trained.pairs[0]!.train).toEqual({ path: join(dir, 'own', 'train.txt'), explicit: true });
  });

  it('rejects absent named files, stray training files, bad seeds and unknown options', () => {
    expect(() => parseDedupeEvalOptions(['--febrl', join(dir, 'absent.csv')], '/data')).toThrow(UsageError);
    expect(() => parseDedupeEvalOptions(['--pairs-train', join(dir, 'lonely.txt')], '/data')).toThrow(/more files than --pairs/);
    expect(() => parseDedupeEvalOptions(['--febrl-train', join(dir, 'a.csv')], '/data')).toThrow(/needs --febrl/);
    expect(() => parseDedupeEvalOptions(['--seed', '-1'], '/data')).toThrow(/--seed/);
    expect(() => parseDedupeEvalOptions(['--bogus'], '/data')).toThrow(UsageError);
  });
});
