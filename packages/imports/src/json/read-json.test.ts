import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collect, expectFileError, okCells, upload } from '../test-support';
import { readJson } from './read-json';

describe('readJson: arrays', () => {
  it('streams an array of objects, flattening nested objects and joining arrays', async () => {
    const file = JSON.stringify(
      [
        { firstName: 'Jane', emails: ['jane@x.com', 'j@y.com'], address: { city: 'Paris', geo: { lat: 48.8 } }, customFields: { tier: 'gold', vip: true }, companyId: null },
        { firstName: 'Bob', phones: [{ type: 'work', value: '+1 555 0100' }], note: 'has "quotes", commas, ] and } inside' },
      ],
      null,
      2,
    );
    const source = await readJson(upload(file, 3));
    expect(source.meta.jsonLayout).toBe('array');
    expect(source.headers).toEqual(['firstName', 'emails', 'address.city', 'address.geo.lat', 'customFields.tier', 'customFields.vip', 'companyId', 'phones', 'note']);
    const rows = await collect(source.rows);
    expect(rows.map((r) => r.line)).toEqual([2, 20]);
    expect(okCells(rows)).toEqual([
      { firstName: 'Jane', emails: 'jane@x.com; j@y.com', 'address.city': 'Paris', 'address.geo.lat': '48.8', 'customFields.tier': 'gold', 'customFields.vip': 'true', companyId: '' },
      { firstName: 'Bob', phones: '+1 555 0100', note: 'has "quotes", commas, ] and } inside' },
    ]);
  });

  it('reports a bad element and a non-object element as rows, and reads the rest', async () => {
    const file = '[\n{"a": 1},\n{"a": },\n42,\n{"a": 3}\n]';
    const rows = await collect((await readJson(upload(file))).rows);
    expect(rows.map((r) => [r.status, r.line])).toEqual([
      ['ok', 2],
      ['invalid', 3],
      ['invalid', 4],
      ['ok', 5],
    ]);
    expect(rows[1]).toMatchObject({ issues: [{ code: 'invalid_json', message: expect.stringMatching(/^The record is not valid JSON: /) }] });
    expect(rows[2]).toMatchObject({ issues: [{ code: 'not_an_object' }] });
  });

  it('reports a truncated array', async () => {
    const rows = await collect((await readJson(upload('[{"a": 1}, {"a": 2'))).rows);
    expect(rows[1]).toMatchObject({ status: 'invalid', issues: [{ message: 'The file ends inside this record; it looks truncated' }] });
  });

  it('refuses an empty array, an empty file and a bare value', async () => {
    await expectFileError(readJson(upload('[ ]')), 'no_records');
    await expectFileError(readJson(upload('  \n')), 'empty_file');
    const error = await expectFileError(readJson(upload('"hello"')), 'invalid_json');
    expect(error.message).toBe('A JSON import must be an array of objects ([{…}, {…}]) or one object per line (NDJSON)');
  });

  it('reads an array without holding it: rows come while the upload is still arriving', async () => {
    let produced = 0;
    async function* hugeArray() {
      yield Buffer.from('[');
      for (let i = 0; i < 200_000; i += 1_000) {
        produced += 1_000;
        const elements = Array.from({ length: 1_000 }, (_, k) => `{"email":"user${i + k}@example.com","n":${i + k}}`);
        yield Buffer.from(`${i === 0 ? '' : ','}${elements.join(',')}`);
      }
      yield Buffer.from(']');
    }
    const source = await readJson(Readable.from(hugeArray()), { headerSampleRecords: 10 });
    const iterator = source.rows[Symbol.asyncIterator]();
    await iterator.next();
    expect(produced).toBeLessThan(200_000);
    let count = 1;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) count++;
    expect(count).toBe(200_000);
  });
});

describe('readJson: NDJSON', () => {
  it('reads one object per line, skipping blank lines and reporting a bad line', async () => {
    const file = '{"email":"a@x.com"}\n\n{"email": broken}\r\n{"email":"c@x.com","extra":"later key"}\n';
    const source = await readJson(upload(file, 4));
    expect(source.meta.jsonLayout).toBe('ndjson');
    const rows = await collect(source.rows);
    expect(rows.map((r) => [r.status, r.line])).toEqual([
      ['ok', 1],
      ['invalid', 3],
      ['ok', 4],
    ]);
    expect(rows[2]?.cells.extra).toBe('later key');
  });

  it('reports a record over the size limit without reading it into memory', async () => {
    const file = `{"a":"${'x'.repeat(2_000)}"}\n{"a":"ok"}\n`;
    const rows = await collect((await readJson(upload(file), { maxRecordChars: 1_000 })).rows);
    expect(rows.map((r) => r.status)).toEqual(['invalid', 'ok']);
    expect(rows[0]).toMatchObject({ issues: [{ message: 'The record is larger than 1,000 characters' }] });
  });
});
