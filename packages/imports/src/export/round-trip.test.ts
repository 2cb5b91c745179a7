import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRowConverter, type ConversionResult } from '../convert/row-converter';
import type { ImportSource } from '../import-source';
import type { ImportCustomField } from '../mapping/field-catalog';
import { suggestMapping } from '../mapping/suggest-mapping';
import { openImportFile } from '../open-import-file';
import { writeCsv } from './write-csv';
import { writeJson } from './write-json';
import { writeVcards } from './write-vcard';

const customFields: ImportCustomField[] = [
  { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] },
  { key: 'score', label: 'Score', type: 'number', options: null },
  { key: 'partner', label: 'Partner', type: 'boolean', options: null },
];

/** Contacts as the API returns them, with the values that break naive writers. */
const contacts = [
  {
    id: '4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
    externalId: 'HS-1',
    firstName: '=HYPERLINK("http://evil.example","Click")',
    lastName: 'Doe, "JD"',
    emails: ['jane@example.com', 'j@work.example'],
    phones: ['+1 555 0100', '+44 20 7946 0958'],
    title: 'Head of Sales\nEMEA',
    address: { street: '1 Main St', street2: 'Suite 5', city: 'Zürich', region: null, postalCode: '8001', country: 'CH' },
    lifecycleStage: '-customer-',
    leadSource: '@conference',
    tags: ['vip', 'fair 2024'],
    companyId: null,
    companyIds: [],
    dealIds: ['0c8e2d4e-7f36-4f67-b7c8-0a6ab0d4f9a1'],
    customFields: { tier: 'gold', score: 7.5, partner: true },
    ownerId: null,
    createdBy: null,
    createdAt: '2024-03-05T10:00:00.000Z',
    updatedAt: '2024-03-06T10:00:00.000Z',
    version: 3,
  },
  {
    id: '0d9f7b62-1c1e-4d5f-9a3b-6f1e2d3c4b5a',
    externalId: null,
    firstName: 'Łukasz',
    lastName: null,
    emails: ['lukasz@example.pl'],
    phones: [],
    title: null,
    address: null,
    lifecycleStage: null,
    leadSource: null,
    tags: [],
    companyId: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    companyIds: ['a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d'],
    dealIds: [],
    customFields: {},
    ownerId: null,
    createdBy: null,
    createdAt: '2024-03-05T10:00:00.000Z',
    updatedAt: '2024-03-05T10:00:00.000Z',
    version: 1,
  },
];

/** What importing a contact should recreate: its writable, non-empty values. */
function writable(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = record[key];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
      if (entries.length > 0) out[key] = Object.fromEntries(entries);
    } else out[key] = value;
  }
  return out;
}

async function bytes(chunks: AsyncIterable<string>): Promise<Buffer> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return Buffer.from(text, 'utf8');
}

async function reimport(source: ImportSource): Promise<ConversionResult[]> {
  const { mapping } = suggestMapping(source.headers, 'contacts', { customFields });
  const convert = createRowConverter({ object: 'contacts', mapping, customFields });
  const results: ConversionResult[] = [];
  for await (const row of source.rows) results.push(row.status === 'ok' ? convert(row) : { status: 'invalid', issues: row.issues });
  return results;
}

const fieldKeys = ['externalId', 'firstName', 'lastName', 'emails', 'phones', 'title', 'address', 'lifecycleStage', 'leadSource', 'tags', 'companyId', 'companyIds', 'customFields'];

describe('export then import gives the same records', () => {
  it('through CSV, formulas neutralised on the way out and restored on the way in', async () => {
    const file = await bytes(writeCsv(contacts, { object: 'contacts', customFields, bom: true }));
    expect(file.toString('utf8')).toContain(`"'=HYPERLINK(`);
    const results = await reimport(await openImportFile(Readable.from([file]), { filename: 'contacts.csv' }));
    expect(results).toEqual(contacts.map((c) => ({ status: 'ok', input: writable(c, fieldKeys), lookups: {} })));
  });

  it('through JSON and NDJSON', async () => {
    for (const format of ['array', 'ndjson'] as const) {
      const file = await bytes(writeJson(contacts, { format }));
      const results = await reimport(await openImportFile(Readable.from([file]), { filename: `contacts.${format === 'array' ? 'json' : 'ndjson'}` }));
      expect(results).toEqual(contacts.map((c) => ({ status: 'ok', input: writable(c, fieldKeys), lookups: {} })));
    }
  });

  it('through vCard, for the fields a card holds', async () => {
    const file = await bytes(writeVcards(contacts, { companyName: (c) => (c.companyId ? 'Acme, Inc.' : null) }));
    const results = await reimport(await openImportFile(Readable.from([file]), { filename: 'contacts.vcf' }));
    const cardKeys = ['externalId', 'firstName', 'lastName', 'emails', 'phones', 'title', 'address', 'tags'];
    expect(results).toEqual([
      { status: 'ok', input: writable(contacts[0] ?? {}, cardKeys), lookups: {} },
      // Without an external id the card's UID is the record's URN, which comes back as the external id.
      { status: 'ok', input: { ...writable(contacts[1] ?? {}, cardKeys), externalId: 'urn:uuid:0d9f7b62-1c1e-4d5f-9a3b-6f1e2d3c4b5a' }, lookups: { companyName: 'Acme, Inc.' } },
    ]);
  });
});
