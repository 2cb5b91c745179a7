import { listDefinitions, objectSpecs, type ApiRecord, type ListQuery, type ObjectName, type RecordContext, type RecordService } from '@nexus/crm-core';
import { AppError, type AuthContext } from '@nexus/platform';
import { exportColumns, valueAt } from '../export/export-columns';
import { writeCsv } from '../export/write-csv';
import { writeJson } from '../export/write-json';
import { writeVcards } from '../export/write-vcard';
import { defaultExportPageSize, exportFilename, type ExportDownload, type ExportServiceDeps } from './export-deps';
import { downloadStream, logOutcome, readPage, recordsFrom, type ExportProgress, type PageSource } from './record-pages';

export const recordExportFormats = ['csv', 'json', 'vcard'] as const;
export type RecordExportFormat = (typeof recordExportFormats)[number];

export interface RecordExportRequest {
  object: ObjectName;
  format: RecordExportFormat;
  /** The list API's filter language, already parsed. */
  filter?: ListQuery['filter'];
  sort?: string | undefined;
  /** Field paths to export, in order ("firstName", "address.city", "customFields.tier"); default all. */
  fields?: readonly string[] | undefined;
  /** Start a CSV with a UTF-8 BOM, for Excel on Windows. */
  bom?: boolean | undefined;
}

const contentTypes: Record<RecordExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  vcard: 'text/vcard; charset=utf-8',
};
const extensions: Record<RecordExportFormat, string> = { csv: 'csv', json: 'json', vcard: 'vcf' };

/** A contact's primary company by name, looked up per page as the caller (a company they may not see stays unnamed). */
async function withCompanyNames(records: RecordService, ctx: RecordContext, page: ApiRecord[]): Promise<ApiRecord[]> {
  const ids = [...new Set(page.map((r) => r.companyId).filter((id): id is string => typeof id === 'string'))];
  const names = new Map<string, unknown>();
  // The filter language takes at most 500 values per `in`.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const { data } = await records.list(ctx, 'companies', { limit: chunk.length, filter: { id: { in: chunk } } });
    for (const company of data) names.set(company.id, company.name);
  }
  return page.map((r) => ({ ...r, companyName: typeof r.companyId === 'string' ? (names.get(r.companyId) ?? null) : null }));
}

function defaultColumns(object: ObjectName, customFields: readonly { key: string }[]): string[] {
  const columns = exportColumns(object, customFields);
  if (object === 'contacts') columns.splice(columns.indexOf('companyId') + 1, 0, 'companyName');
  return columns;
}

/** The fields a caller may name: every column, the record's own (grouped) fields and relations. */
function checkFields(object: ObjectName, fields: readonly string[], columns: readonly string[]): void {
  const spec = objectSpecs[object];
  const known = new Set([...columns, ...Object.keys(spec.fields), ...Object.keys(spec.relations)]);
  for (const field of fields) {
    if (!known.has(field)) throw new AppError('validation_failed', `Unknown field "${field}" for ${object}`, { details: { field } });
  }
  if (new Set(fields).size !== fields.length) throw new AppError('validation_failed', 'A field is named twice in fields');
}

/** Only the named paths, nested again: `address.city` becomes `{ address: { city } }`. */
function project(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    const dot = path.indexOf('.');
    const value = valueAt(record, path) ?? null;
    if (dot < 0) {
      out[path] = value;
      continue;
    }
    const parent = path.slice(0, dot);
    const group = (out[parent] ??= {}) as Record<string, unknown>;
    group[path.slice(dot + 1)] = value;
  }
  return out;
}

async function* mapRecords(records: AsyncIterable<ApiRecord>, fn: (record: ApiRecord) => Record<string, unknown>): AsyncGenerator<Record<string, unknown>> {
  for await (const record of records) yield fn(record);
}

/**
 * Opens a streamed export of one record type: the list API's filter, sort
 * and visibility, page by page. The request is checked and the first page
 * read before this returns, so a bad filter answers 400 rather than a
 * truncated file.
 *
 * @example
 * const file = await exportRecords(deps, auth, { object: 'contacts', format: 'csv', filter: { tags: { contains: 'vip' } } }, requestId);
 * reply.type(file.contentType).send(file.body);
 */
export async function exportRecords(deps: ExportServiceDeps, auth: AuthContext, request: RecordExportRequest, requestId: string | null = null): Promise<ExportDownload> {
  const { object, format } = request;
  if (format === 'vcard' && object !== 'contacts') {
    throw new AppError('validation_failed', 'vCard export is for contacts only; use csv or json', { details: { field: 'format', object } });
  }
  if (format === 'vcard' && request.fields !== undefined) {
    throw new AppError('validation_failed', 'A vCard has a fixed set of properties; fields applies to csv and json', { details: { field: 'fields' } });
  }
  const definitions = await deps.db.withWorkspace(auth.workspaceId, (tx) => listDefinitions(tx, object), { readOnly: true });
  const columns = defaultColumns(object, definitions);
  const fields = request.fields;
  if (fields !== undefined) checkFields(object, fields, columns);

  const source: PageSource = {
    db: deps.db,
    records: deps.records,
    auth,
    requestId,
    object,
    filter: request.filter,
    sort: request.sort,
    pageSize: deps.pageSize ?? defaultExportPageSize,
    ...(object === 'contacts' ? { decorate: (ctx, page) => withCompanyNames(deps.records, ctx, page) } : {}),
  };
  const first = await readPage(source, undefined);
  const progress: ExportProgress = { rows: 0, pages: 0 };
  const records = recordsFrom(source, first, progress);

  let chunks: AsyncIterable<string>;
  if (format === 'csv') chunks = writeCsv(records, { object, columns: fields ?? columns, bom: request.bom === true });
  else if (format === 'json') chunks = writeJson(fields ? mapRecords(records, (r) => project(r, fields)) : records);
  else chunks = writeVcards(records, { companyName: (c) => (typeof c.companyName === 'string' ? c.companyName : null) });

  const started = Date.now();
  const body = downloadStream(chunks, (outcome) => {
    logOutcome(deps.log, { object, format, rows: progress.rows, pages: progress.pages, ms: Date.now() - started, reqId: requestId }, outcome);
  });
  return { filename: exportFilename(object, deps.clock.now(), extensions[format]), contentType: contentTypes[format], body };
}
