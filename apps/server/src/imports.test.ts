import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

interface ImportView {
  id: string;
  status: string;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  estimatedRows: number | null;
  revert: { trashed: number; restored: number; keptChanged: number } | null;
  error: { code: string; message: string } | null;
}

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }) {
  const boundary = `----nexus${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const contactsCsv = [
  'First Name,Last Name,Email,Phone Number,Company Name,Job Title',
  'Ada,Lovelace,ada@analytical.example,+44 20 7946 0958,Analytical Engines,Mathematician',
  'Charles,Babbage,charles@analytical.example,,Analytical Engines,Inventor',
  'Grace,Hopper,not-an-email,,Navy,Rear Admiral',
  'Alan,Turing,alan@bletchley.example,,Bletchley Park,"=HYPERLINK(""http://evil.example"",""click"")"',
  'Katherine,Johnson,katherine@nasa.example,,NASA,',
  'Edsger,Dijkstra,EDSGER@TUE.EXAMPLE,,TU Eindhoven,Professor',
].join('\r\n');

describe('imports', () => {
  let t: TestApp;
  let owner: SignedUp;
  let spool: string;

  beforeAll(async () => {
    spool = await mkdtemp(join(tmpdir(), 'nexus-import-test-'));
    t = await createTestApp({ env: { IMPORT_SPOOL_DIR: spool, IMPORT_BATCH_ROWS: '2' } });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await rm(spool, { recursive: true, force: true });
  });

  async function upload(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }, who: SignedUp = owner) {
    const body = multipart(fields, file);
    return t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { ...who.headers, ...body.headers } });
  }

  async function finished(id: string, who: SignedUp = owner): Promise<ImportView> {
    await t.imports.runner.drain();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: who.headers });
    expect(res.statusCode).toBe(200);
    return res.json<ImportView>();
  }

  async function contacts(who: SignedUp = owner, query = '') {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/contacts?limit=100${query}`, headers: who.headers });
    return res.json<{ data: Record<string, unknown>[] }>().data;
  }

  it('imports a HubSpot-style CSV, maps its headers, creates the companies it names and quarantines the bad rows', async () => {
    const res = await upload({ object: 'contacts' }, { name: 'hubspot-contacts.csv', content: contactsCsv });
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json<{ id: string }>().id);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'completed', processed: 6, created: 5, quarantined: 1, estimatedRows: 6, etaSeconds: 0 });
    expect(job.rowsPerSecond).toBeGreaterThan(0);

    const stored = await contacts();
    expect(stored.map((c) => c.lastName).sort()).toEqual(['Babbage', 'Dijkstra', 'Johnson', 'Lovelace', 'Turing']);
    const ada = stored.find((c) => c.lastName === 'Lovelace');
    const charles = stored.find((c) => c.lastName === 'Babbage');
    expect(ada?.emails).toEqual(['ada@analytical.example']);
    // Normalised on the way in, as a typed record is.
    expect(ada?.phones).toEqual(['+442079460958']);
    expect(ada?.title).toBe('Mathematician');
    // One company for both rows that name it, linked as their company.
    expect(ada?.companyId).toBeTruthy();
    expect(charles?.companyId).toBe(ada?.companyId);
    const company = await t.app.inject({ method: 'GET', url: `/api/v1/companies/${String(ada?.companyId)}`, headers: owner.headers });
    expect(company.json<{ name: string }>().name).toBe('Analytical Engines');
    expect(stored.find((c) => c.lastName === 'Dijkstra')?.emails).toEqual(['edsger@tue.example']);
  });

  it('lists quarantined rows with their reasons, and as a CSV to fix and import again, formulas neutralised', async () => {
    const csv = ['First Name,Last Name,Email,Note', 'Bad,Email,nope@,x', 'Formula,Row,=1+2,"=HYPERLINK(""http://evil.example"")"', 'Good,Row,good@row.example,'].join('\n');
    const res = await upload({ object: 'contacts', mapping: JSON.stringify({ 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'emails', Note: 'title' }) }, { name: 'fix-me.csv', content: csv });
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json<{ id: string }>().id);
    expect(job).toMatchObject({ status: 'completed', processed: 3, created: 1, quarantined: 2 });

    const errors = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/errors`, headers: owner.headers });
    const data = errors.json<{ data: { line: number; cells: Record<string, string>; reasons: { field?: string; message: string }[] }[] }>().data;
    expect(data.map((e) => e.line)).toEqual([2, 3]);
    expect(data[0]?.cells.Email).toBe('nope@');
    expect(data[0]?.reasons[0]?.field).toBe('emails');

    const download = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/errors?format=csv`, headers: owner.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.headers['content-disposition']).toContain('fix-me-errors.csv');
    const rows = parse<Record<string, string>>(download.body.replace(/^\ufeff/, ''), { columns: true });
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0] ?? {})).toEqual(['First Name', 'Last Name', 'Email', 'Note', 'Reasons']);
    expect(rows[1]?.Note).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(rows[1]?.Email).toBe(`'=1+2`);
    expect(rows[0]?.Reasons).toMatch(/mail/i);
  });

  it('upserts by e-mail: changed values update, lists are joined, nothing stored is dropped, and `fill` never overwrites', async () => {
    const csv = ['Email,First Name,Job Title,Phone', 'ada@analytical.example,Ada,Countess,+44 20 7946 0000', 'charles@analytical.example,Charles,Inventor,'].join('\n');
    const res = await upload({ object: 'contacts' }, { name: 'update.csv', content: csv });
    const job = await finished(res.json<{ id: string }>().id);
    expect(job).toMatchObject({ status: 'completed', processed: 2, created: 0, updated: 1, unchanged: 1 });
    const ada = (await contacts()).find((c) => c.lastName === 'Lovelace');
    expect(ada?.title).toBe('Countess');
    expect(ada?.phones).toHaveLength(2);
    expect(ada?.emails).toEqual(['ada@analytical.example']);

    const fill = await upload({ object: 'contacts', onExisting: 'fill' }, { name: 'fill.csv', content: 'Email,Job Title\nada@analytical.example,Duchess\nkatherine@nasa.example,Mathematician' });
    const filled = await finished(fill.json<{ id: string }>().id);
    expect(filled).toMatchObject({ updated: 1, unchanged: 1 });
    const after = await contacts();
    expect(after.find((c) => c.lastName === 'Lovelace')?.title).toBe('Countess');
    expect(after.find((c) => c.lastName === 'Johnson')?.title).toBe('Mathematician');
  });

  it('reverts an import: created records go to the trash, updated ones get their old values back, changed ones are left', async () => {
    const first = await upload(
      { object: 'contacts' },
      { name: 'people.csv', content: 'Email,First Name,Last Name,Company Name\nrevert1@x.example,Re,One,Revert Co\nrevert2@x.example,Re,Two,Revert Co\nrevert3@x.example,Re,Three,Revert Co' },
    );
    const created = await finished(first.json<{ id: string }>().id);
    expect(created.created).toBe(3);
    const second = await upload({ object: 'contacts' }, { name: 'titles.csv', content: 'Email,Job Title\nrevert1@x.example,CEO\nrevert2@x.example,CTO' });
    const updated = await finished(second.json<{ id: string }>().id);
    expect(updated.updated).toBe(2);

    // Someone edits Two's title after the import: the revert must not undo their change.
    const two = (await contacts(owner, '&filter[lastName][eq]=Two'))[0];
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${String(two?.id)}`, headers: owner.headers, payload: { title: 'Chief Technologist' } });
    expect(edit.statusCode).toBe(200);

    const revert = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${updated.id}/revert`, headers: owner.headers });
    expect(revert.statusCode).toBe(202);
    const reverted = await finished(updated.id);
    expect(reverted.status).toBe('reverted');
    expect(reverted.revert).toEqual({ trashed: 0, restored: 1, keptChanged: 1 });
    const now = await contacts(owner, '&filter[lastName][in]=One,Two,Three');
    expect(now.find((c) => c.lastName === 'One')?.title).toBeNull();
    expect(now.find((c) => c.lastName === 'Two')?.title).toBe('Chief Technologist');

    const again = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${updated.id}/revert`, headers: owner.headers });
    expect(again.statusCode).toBe(409);

    await t.app.inject({ method: 'POST', url: `/api/v1/imports/${created.id}/revert`, headers: owner.headers });
    // The three contacts, and the company the file's company column made.
    expect((await finished(created.id)).revert).toMatchObject({ trashed: 4 });
    const companies = await t.app.inject({ method: 'GET', url: '/api/v1/companies?filter[name][eq]=Revert Co', headers: owner.headers });
    expect(companies.json<{ data: unknown[] }>().data).toHaveLength(0);
    expect(await contacts(owner, '&filter[lastName][in]=One,Two,Three')).toHaveLength(0);
    const trash = await contacts(owner, '&deleted=true&filter[lastName][in]=One,Two,Three');
    expect(trash).toHaveLength(3);
  });

  it('numbers rows in file order, so a minified JSON array resumes and quarantines row by row', async () => {
    const json = JSON.stringify([
      { Email: 'json1@x.example', 'First Name': 'Json', 'Last Name': 'One' },
      { Email: 'not an email', 'First Name': 'Json', 'Last Name': 'Bad' },
      { Email: 'json3@x.example', 'First Name': 'Json', 'Last Name': 'Three' },
      { Email: 'json4@x.example', 'First Name': 'Json\u0000', 'Last Name': 'Nul' },
      { Email: 'JSON1@x.example', 'First Name': 'Json', 'Last Name': 'One', 'Job Title': 'Twice in the file' },
    ]);
    const res = await upload({ object: 'contacts' }, { name: 'people.json', content: json, type: 'application/json' });
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json<{ id: string }>().id);
    // Row 5 has row 1's e-mail: one record, updated by the later row.
    expect(job).toMatchObject({ status: 'completed', processed: 5, created: 2, updated: 1, quarantined: 2 });
    const errors = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/errors`, headers: owner.headers })).json<{ data: { row: number; reasons: { message: string }[] }[] }>().data;
    expect(errors.map((e) => e.row)).toEqual([2, 4]);
    expect(errors[1]?.reasons[0]?.message).toMatch(/NUL/);
    const one = await contacts(owner, '&filter[lastName][eq]=One');
    expect(one).toHaveLength(1);
    expect(one[0]?.title).toBe('Twice in the file');
  });

  it('previews a dry run without writing anything', async () => {
    const before = (await contacts()).length;
    const res = await upload({ object: 'contacts', dryRun: 'true' }, { name: 'preview.csv', content: 'Full Name,E-mail Address\nMary Shelley,mary@example.com\nBad,@@' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ format: string; mapping: Record<string, string | null>; preview: { line: number; status: string; record?: Record<string, unknown> }[] }>();
    expect(body.format).toBe('csv');
    expect(body.mapping).toEqual({ 'Full Name': 'fullName', 'E-mail Address': 'emails' });
    expect(body.preview[0]).toMatchObject({ line: 2, status: 'ok', record: { firstName: 'Mary', lastName: 'Shelley', emails: ['mary@example.com'] } });
    expect(body.preview[1]?.status).toBe('quarantined');
    expect((await contacts()).length).toBe(before);
  });

  it('imports deals with stage and company names, and vCards', async () => {
    const deals = await upload({ object: 'deals' }, { name: 'deals.csv', content: 'Deal Name,Amount,Stage,Company\nBig one,"$12,500.00",Qualified,Analytical Engines\nNo stage,100,Nonexistent,' });
    const job = await finished(deals.json<{ id: string }>().id);
    expect(job).toMatchObject({ status: 'completed', created: 1, quarantined: 1 });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/deals?filter[name][eq]=Big one', headers: owner.headers });
    const deal = list.json<{ data: Record<string, unknown>[] }>().data[0];
    expect(deal).toMatchObject({ amount: '12500.00', currency: 'USD' });
    expect(deal?.companyId).toBeTruthy();

    const vcf = ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Hedy Lamarr', 'N:Lamarr;Hedy;;;', 'EMAIL:hedy@example.com', 'END:VCARD', ''].join('\r\n');
    const cards = await upload({ object: 'contacts' }, { name: 'hedy.vcf', content: vcf, type: 'text/vcard' });
    expect(cards.statusCode).toBe(202);
    expect(await finished(cards.json<{ id: string }>().id)).toMatchObject({ status: 'completed', created: 1 });
  });

  it('imports the first sheet of an Excel workbook and quarantines its bad rows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contacts');
    sheet.addRow(['First Name', 'Last Name', 'Email', 'Job Title']);
    sheet.addRow(['Mary', 'Jackson', 'mary@langley.example', 'Engineer']);
    sheet.addRow(['Dorothy', 'Vaughan', 'not an email', 'Supervisor']);
    book.addWorksheet('Notes').addRow(['ignored', 'sheet']);
    const content = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload({ object: 'contacts' }, { name: 'people.xlsx', content, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(res.statusCode).toBe(202);
    expect(await finished(res.json<{ id: string }>().id)).toMatchObject({ status: 'completed', created: 1, quarantined: 1 });
    const mary = (await contacts(owner, '&filter[lastName][eq]=Jackson'))[0];
    expect(mary).toMatchObject({ firstName: 'Mary', title: 'Engineer', emails: ['mary@langley.example'] });
  });

  it('resumes an interrupted import from its checkpoint without writing a row twice', async () => {
    const rows = Array.from({ length: 9 }, (_v, i) => `resume${i}@x.example,Resume,Row${i}`);
    const res = await upload({ object: 'contacts' }, { name: 'resume.csv', content: ['Email,First Name,Last Name', ...rows].join('\n') });
    const id = res.json<{ id: string }>().id;
    // The process stops mid-import (as on a deploy or a crash): batches committed so far stay, the import stays running.
    await t.imports.runner.stop();
    const stopped = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: owner.headers })).json<ImportView>();
    expect(stopped.status).toBe('running');
    expect(stopped.processed).toBeLessThan(9);
    expect(await t.imports.runner.resume()).toBe(1);
    const done = await finished(id);
    expect(done).toMatchObject({ status: 'completed', processed: 9, created: 9 });
    expect(await contacts(owner, '&filter[firstName][eq]=Resume')).toHaveLength(9);
    // The upload is deleted once its import is done.
    expect((await readdir(spool)).filter((f) => f.endsWith('.upload'))).toEqual([]);
  });

  it('answers bad uploads with a precise 4xx and writes nothing', async () => {
    const before = (await contacts()).length;
    const cases: { fields: Record<string, string>; file?: { name: string; content: string | Buffer }; status: number; match: RegExp }[] = [
      { fields: { object: 'contacts' }, status: 400, match: /no file/i },
      { fields: { object: 'contacts' }, file: { name: 'empty.csv', content: '' }, status: 400, match: /empty/i },
      { fields: { object: 'contacts' }, file: { name: 'header.csv', content: 'Email,First Name\n' }, status: 400, match: /no rows|column names/i },
      { fields: { object: 'contacts' }, file: { name: 'headless.csv', content: 'ada@example.com,Ada,Lovelace\ngrace@example.com,Grace,Hopper\n' }, status: 400, match: /column names/i },
      { fields: {}, file: { name: 'x.csv', content: 'Email\na@b.example' }, status: 400, match: /form fields/i },
      { fields: { object: 'unicorns' }, file: { name: 'x.csv', content: 'Email\na@b.example' }, status: 400, match: /form fields/i },
      { fields: { object: 'contacts', mapping: '{not json' }, file: { name: 'x.csv', content: 'Email\na@b.example' }, status: 400, match: /JSON/ },
      { fields: { object: 'contacts', mapping: '{"Email":"favouriteColour"}' }, file: { name: 'x.csv', content: 'Email\na@b.example' }, status: 400, match: /mapping/i },
      { fields: { object: 'contacts', mapping: '{"Nope":"emails"}' }, file: { name: 'x.csv', content: 'Email\na@b.example' }, status: 400, match: /mapping/i },
      { fields: { object: 'contacts' }, file: { name: 'old.xls', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) }, status: 400, match: /xls|format/i },
      { fields: { object: 'contacts' }, file: { name: 'fake.xlsx', content: 'not a zip at all' }, status: 400, match: /workbook/i },
    ];
    for (const c of cases) {
      const res = await upload(c.fields, c.file);
      expect({ status: res.statusCode, name: c.file?.name }).toEqual({ status: c.status, name: c.file?.name });
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(c.match);
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: owner.headers, payload: { object: 'contacts' } });
    expect(json.statusCode).toBe(415);
    expect((await contacts()).length).toBe(before);
    expect((await readdir(spool)).filter((f) => f.endsWith('.upload'))).toEqual([]);
  });

  it('keeps imports to their workspace and their role', async () => {
    const other = await t.signup();
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers: owner.headers })).json<{ data: { id: string }[] }>().data;
    const id = mine[0]?.id ?? '';
    for (const url of [`/api/v1/imports/${id}`, `/api/v1/imports/${id}/errors`]) {
      expect((await t.app.inject({ method: 'GET', url, headers: other.headers })).statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/revert`, headers: other.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers: other.headers })).json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('streams progress as server-sent events until the import ends', async () => {
    const res = await upload({ object: 'companies' }, { name: 'companies.csv', content: 'Company Name,Company Domain\nAcme,acme.example\nGlobex,globex.example\nInitech,initech.example' });
    const id = res.json<{ id: string }>().id;
    const events = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}/events?intervalMs=100`, headers: owner.headers });
    expect(events.headers['content-type']).toContain('text/event-stream');
    const frames = events.body.split('\n\n').filter(Boolean);
    expect(frames[frames.length - 1]).toMatch(/^event: done\ndata: /);
    const last = JSON.parse(frames[frames.length - 1]?.split('data: ')[1] ?? '{}') as ImportView;
    expect(last).toMatchObject({ status: 'completed', created: 3 });
  });
});

describe('imports and the services that follow records', () => {
  let t: TestApp;
  let spool: string;

  beforeAll(async () => {
    spool = await mkdtemp(join(tmpdir(), 'nexus-import-test-'));
    t = await createTestApp({ relay: true, env: { IMPORT_SPOOL_DIR: spool } });
  });
  afterAll(async () => {
    await t.close();
    await rm(spool, { recursive: true, force: true });
  });

  it('indexes imported records for search and finds duplicates among them', async () => {
    const owner = await t.signup();
    const body = multipart(
      { object: 'contacts' },
      { name: 'people.csv', content: 'First Name,Last Name,Email,Phone\nZenobia,Quillfeather,zenobia@quill.example,+1 415 555 0101\nZenobia,Quilfeather,z.quillfeather@quill.example,+1 415 555 0101' },
    );
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { ...owner.headers, ...body.headers } });
    expect(res.statusCode).toBe(202);
    await t.imports.runner.drain();
    await t.relay?.drain();
    await t.search.worker.drain();
    const search = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=Quillfeather&mode=keyword', headers: owner.headers });
    expect(search.statusCode).toBe(200);
    const hits = search.json<{ data: { type: string; title: string }[] }>().data;
    expect(hits.some((h) => h.type === 'contacts' && h.title.includes('Zenobia'))).toBe(true);
    const duplicates = await t.app.inject({ method: 'GET', url: '/api/v1/duplicates?object=contacts', headers: owner.headers });
    expect(duplicates.json<{ data: { records: string[] }[] }>().data[0]?.records).toHaveLength(2);
  });
});
