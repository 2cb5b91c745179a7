/**
 * Reads a generated 1,048,576-row file (HubSpot's per-file limit) through the
 * import readers, the header mapping and the row converter, and prints the
 * rate and the peak resident memory. Not a test: run it by hand.
 *
 *   npx tsx packages/imports/src/bench/stream-check.ts [--format csv|ndjson|json|vcard|xlsx] [--rows N] [--keep]
 *
 * The file is generated here and read in a fresh child process, so the
 * memory figure is the reader's alone (plus the runtime and loaded modules).
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { createRowConverter, openImportFile, suggestMapping, type ImportFormat } from '../index';

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'csv' },
    rows: { type: 'string', default: String(1_048_576) },
    keep: { type: 'boolean', default: false },
    read: { type: 'string' },
  },
});
const format = values.format as ImportFormat | 'ndjson';
const rowCount = Number(values.rows);

const firstNames = ['Jane', 'John', 'Zoë', 'Jürgen', 'Amélie', 'Ravi', 'Mei', 'Olu', 'Sven', 'Ana'];
const lastNames = ['Doe', 'Müller', 'García', 'Smith', "O'Brien", 'Nguyen', 'Rossi', 'Kowalski', 'Tanaka', 'Dubois'];

function person(i: number) {
  const first = firstNames[i % firstNames.length] ?? 'Jane';
  const last = lastNames[(i * 7) % lastNames.length] ?? 'Doe';
  return {
    first,
    last,
    email: `user${i}@example${i % 97}.com`,
    phone: `+1 555 ${String(i % 10_000).padStart(4, '0')}`,
    company: `Company ${i % 5_000}, Inc.`,
    title: i % 3 === 0 ? 'Head of "Sales"' : 'Engineer',
    city: i % 2 === 0 ? 'Zürich' : 'New York',
  };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function* lines(): Generator<string> {
  if (format === 'csv') yield 'First Name,Last Name,Email,Phone Number,Company Name,Job Title,City\r\n';
  if (format === 'json') yield '[\n';
  for (let i = 0; i < rowCount; i++) {
    const p = person(i);
    if (format === 'csv') yield `${[p.first, p.last, p.email, p.phone, p.company, p.title, p.city].map(csvCell).join(',')}\r\n`;
    else if (format === 'vcard') {
      yield `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${p.first} ${p.last}\r\nN:${p.last};${p.first};;;\r\nEMAIL:${p.email}\r\nTEL:${p.phone}\r\nORG:${p.company.replace(',', '\\,')}\r\nTITLE:${p.title}\r\nEND:VCARD\r\n`;
    } else {
      const record = JSON.stringify({ firstName: p.first, lastName: p.last, emails: [p.email], phones: [p.phone], companyName: p.company, title: p.title, address: { city: p.city } });
      yield format === 'json' ? `${i === 0 ? '' : ',\n'}${record}` : `${record}\n`;
    }
  }
  if (format === 'json') yield '\n]\n';
}

function* batched(): Generator<string> {
  let buffer = '';
  for (const line of lines()) {
    buffer += line;
    if (buffer.length > 256 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** Shared strings, as Excel itself writes them: the reader then holds the string table in memory. */
async function writeWorkbook(path: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = book.addWorksheet('Contacts');
  sheet.addRow(['First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Job Title', 'City']).commit();
  for (let i = 0; i < rowCount; i++) {
    const p = person(i);
    sheet.addRow([p.first, p.last, p.email, p.phone, p.company, p.title, p.city]).commit();
  }
  sheet.commit();
  await book.commit();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function readFile(path: string): Promise<void> {
  let peakRss = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 20);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const source = await openImportFile(createReadStream(path, { highWaterMark: 64 * 1024 }), { filename: path });
  const openedMaxRss = process.resourceUsage().maxRSS * 1024;
  const { mapping, layout } = suggestMapping(source.headers, 'contacts');
  const convert = createRowConverter({ object: 'contacts', mapping });
  let ok = 0;
  let invalid = 0;
  for await (const row of source.rows) {
    const result = row.status === 'ok' ? convert(row) : undefined;
    if (result?.status === 'ok') ok++;
    else invalid++;
    if ((ok + invalid) % 16_384 === 0) sample();
  }
  await source.close();
  const seconds = (performance.now() - started) / 1000;
  sample();
  clearInterval(timer);
  const { size } = await stat(path);
  console.log(`format             ${format} (${mb(size)} file, layout ${layout ?? 'none'})`);
  console.log(`rows               ${(ok + invalid).toLocaleString('en')} (${ok.toLocaleString('en')} converted, ${invalid.toLocaleString('en')} invalid)`);
  console.log(`time               ${seconds.toFixed(1)} s, ${Math.round((ok + invalid) / seconds).toLocaleString('en')} rows/s`);
  console.log(`rss before reading ${mb(rssBefore)} (runtime and modules)`);
  console.log(`peak rss (sampled) ${mb(peakRss)}`);
  console.log(`max rss (kernel)   ${mb(process.resourceUsage().maxRSS * 1024)} (${mb(openedMaxRss)} once the file was open)`);
}

if (values.read) {
  await readFile(values.read);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'nexus-stream-check-'));
  const path = join(dir, `contacts.${format === 'vcard' ? 'vcf' : format}`);
  try {
    if (format === 'xlsx') await writeWorkbook(path);
    else await pipeline(Readable.from(batched()), createWriteStream(path));
    const child = fork(fileURLToPath(import.meta.url), ['--format', format, '--read', path], { execArgv: process.execArgv, stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) process.exitCode = code ?? 1;
    if (values.keep) console.log(`file kept at ${path}`);
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}
