import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateFebrl, readFebrl } from './eval-dedupe-febrl';

const header = 'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id';
const people = [
  ['olivia', 'harrington', '12', 'maltby circuit', 'coaling', 'coolaroo', '3465', 'nsw', '19150612', '9004242'],
  ['lachlan', 'berry', '69', 'giblin street', 'killarney', 'bittern', '4814', 'qld', '19990219', '7364009'],
  ['deakin', 'sondergeld', '48', 'goldfinch circuit', 'kooltuo', 'canterbury', '2776', 'vic', '19600210', '2635962'],
  ['sarah', 'bruhn', '44', 'forbes street', 'wintersloe', 'kellerberrin', '4510', 'vic', '19300213', '7535316'],
  ['jacob', 'lanyon', '5', 'milne cove', 'wellwod', 'beaconsfield upper', '2602', 'vic', '19080712', '9497788'],
  ['mitchell', 'green', '7', 'wattle avenue', 'glenlea', 'mount evelyn', '3113', 'nsw', '19550304', '4106382'],
];

describe('Febrl evaluation', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nexus-febrl-'));
    file = join(dir, 'tiny.csv');
    const rows = people.map((p, i) => `rec-${i}-org, ${p.join(', ')}`);
    // Copies with the kinds of errors Febrl makes: a typo, a swapped digit, a missing value.
    rows.push(`rec-0-dup-0, olivia, harringtn, 12, maltby circuit, coaling, coolaroo, 3465, nsw, 19150621, 9004242`);
    rows.push(`rec-1-dup-0, lachlan, berry, , giblin street, killarney, bittern, 4814, qld, 19990219, 7364090`);
    rows.push(`rec-2-dup-0, deakin, sondergeld, 48, goldfinch crt, kooltuo, canterbury, 2776, vic, 19600210, 2635962`);
    await writeFile(file, `${header}\n${rows.join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the person number behind each record id', async () => {
    const data = await readFebrl(file);
    expect(data.records).toHaveLength(9);
    expect(data.entityOf.slice(-3)).toEqual(['0', '1', '2']);
    expect(data.records[6]!.fields.surname).toBe('harringtn');
  });

  it('finds the copies without labels and reports blocking recall', async () => {
    const data = await readFebrl(file);
    const result = evaluateFebrl(data, data);
    expect(result.truePairs).toBe(3);
    expect(result.blockingRecall).toBe(1);
    expect(result.methods.map((m) => m.method)).toEqual(['Fellegi-Sunter, EM (unsupervised)', 'logistic regression, trained on tiny']);
    expect(result.methods[0]!.pairs.recall).toBe(1);
  });

  it('refuses a file that is not Febrl', async () => {
    const other = join(dir, 'other.csv');
    await writeFile(other, 'id,name\n1,x\n');
    await expect(readFebrl(other)).rejects.toThrow(/rec_id/);
  });
});
