import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvalOptions, UsageError } from './eval-options';

describe('parseEvalOptions', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nexus-eval-options-'));
    file = join(dir, 'deals.csv');
    await writeFile(file, 'opportunity_id\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults every file to the datasets folder, none of them explicit', () => {
    const options = parseEvalOptions([], '/data');
    expect(options.leads).toEqual({ path: '/data/lead-scoring/Leads.csv', explicit: false });
    expect(options.accounts.path).toBe('/data/crm-sales/accounts.csv');
    expect(options.products.path).toBe('/data/crm-sales/products.csv');
    expect(options.intentTrain.path).toBe('/data/email/intent/train.txt');
    expect(options.intentTest).toBeUndefined();
    expect(options.cutoff).toBeUndefined();
    expect(options.seed).toBe(42);
  });

  it('looks for products and teams beside a named deals file', () => {
    const options = parseEvalOptions(['--deals', file, '--cutoff', '2017-05-01'], '/data');
    expect(options.deals).toEqual({ path: file, explicit: true });
    expect(options.products).toEqual({ path: join(dir, 'products.csv'), explicit: false });
    expect(options.cutoff?.toISOString()).toBe('2017-05-01T00:00:00.000Z');
  });

  it('rejects a named file that does not exist, a malformed date and unknown options', () => {
    expect(() => parseEvalOptions(['--leads', join(dir, 'absent.csv')], '/data')).toThrow(UsageError);
    expect(() => parseEvalOptions(['--cutoff', '1 May 2017'], '/data')).toThrow(/YYYY-MM-DD/);
    expect(() => parseEvalOptions(['--bogus'], '/data')).toThrow(UsageError);
  });
});
