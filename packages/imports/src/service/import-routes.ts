import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { objectNames, type BulkWriter, type ObjectName } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import { defineRoute, idParams, type RouteDef } from '@nexus/http';
import { AppError, newId, roleAtLeast, type AuthContext } from '@nexus/platform';
import { createRowConverter } from '../convert/row-converter';
import { neutraliseCell } from '../export/csv-injection';
import type { SourceRow } from '../import-source';
import { suggestMapping, type ColumnMapping } from '../mapping/suggest-mapping';
import { validateMapping } from '../mapping/validate-mapping';
import { openImportFile } from '../open-import-file';
import { findImport, insertImport, listErrors, listImports, setStatus, type ImportRow, type OnExisting } from './import-store';
import type { ImportRunner } from './import-runner';

export interface ImportServiceDeps {
  db: Database;
  bulk: BulkWriter;
  runner: ImportRunner;
  /** Where uploads are kept while their import runs. */
  spoolDir: string;
  maxFileBytes: number;
  /** The same normalisation the import applies, so the preview shows what will be stored. */
  prepareInput?: ((object: ObjectName, input: Record<string, unknown>) => Record<string, unknown>) | undefined;
}

/** Reader options for uploads: a workbook's temp copy sits beside the spooled file, under the same size limit. */
export function uploadReadOptions(deps: Pick<ImportServiceDeps, 'spoolDir' | 'maxFileBytes'>) {
  return { xlsx: { tempDir: deps.spoolDir, maxFileBytes: deps.maxFileBytes } };
}

const terminal = new Set(['completed', 'failed', 'reverted']);
const previewRows = 20;

/** The import as the API shows it, with its speed and time left. */
export function importView(job: ImportRow, now = new Date()) {
  const started = job.startedAt?.getTime();
  const end = job.finishedAt?.getTime() ?? now.getTime();
  const seconds = started === undefined ? 0 : Math.max(0.001, (end - started) / 1000);
  const rowsPerSecond = started === undefined || job.processed === 0 ? 0 : Math.round(job.processed / seconds);
  const left = job.estimatedRows === null ? null : Math.max(0, job.estimatedRows - job.processed);
  const etaSeconds = job.status === 'completed' ? 0 : left === null || rowsPerSecond === 0 || job.status !== 'running' ? null : Math.ceil(left / rowsPerSecond);
  return {
    id: job.id,
    object: job.object,
    format: job.format,
    fileName: job.fileName,
    status: job.status,
    processed: job.processed,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    quarantined: job.quarantined,
    rowsPerSecond,
    etaSeconds,
    estimatedRows: job.estimatedRows,
    mapping: job.mapping,
    onExisting: job.options.onExisting,
    error: job.error,
    revert: job.revertSummary,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

interface Upload {
  path: string;
  fileName: string;
  contentType: string;
  bytes: number;
  fields: Record<string, string>;
}

/** Streams the multipart upload to the spool folder (never into memory) and collects its text fields. */
async function receiveUpload(req: FastifyRequest, deps: ImportServiceDeps): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data, with the file in a part named "file"');
  await mkdir(deps.spoolDir, { recursive: true });
  const fields: Record<string, string> = {};
  let upload: Omit<Upload, 'fields'> | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: deps.maxFileBytes, files: 1, fields: 10, fieldSize: 1024 * 1024 } })) {
      if (part.type === 'file') {
        const path = join(deps.spoolDir, `${randomUUID()}.upload`);
        upload = { path, fileName: part.filename || 'upload', contentType: part.mimetype, bytes: 0 };
        let bytes = 0;
        part.file.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw new AppError('body_too_large', `The file is larger than the ${Math.round(deps.maxFileBytes / 1024 / 1024)} MB an import takes`, { details: { maxBytes: deps.maxFileBytes } });
        upload.bytes = bytes;
      } else {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      }
    }
  } catch (error) {
    if (upload) await rm(upload.path, { force: true });
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw new AppError('validation_failed', 'Send one file per import', { details: [{ path: 'file', message: 'only one file' }] });
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('validation_failed', 'Too many form fields', { details: [{ path: 'body', message: 'too many fields' }] });
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('body_too_large', `The file is larger than the ${Math.round(deps.maxFileBytes / 1024 / 1024)} MB an import takes`);
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION') throw new AppError('validation_failed', 'The multipart body is malformed', { cause: error });
    if (error instanceof Error && /Unexpected end of form|Malformed part header|Multipart: Boundary not found/i.test(error.message)) {
      throw new AppError('validation_failed', 'The multipart body is malformed or cut short', { cause: error });
    }
    throw error;
  }
  if (!upload) throw new AppError('validation_failed', 'The request has no file: send it in a part named "file"', { details: [{ path: 'file', message: 'is required' }] });
  if (upload.bytes === 0) {
    await rm(upload.path, { force: true });
    throw new AppError('validation_failed', 'The file is empty', { details: { reason: 'empty_file' } });
  }
  return { ...upload, fields };
}

const uploadFields = z.strictObject({
  object: z.enum(objectNames),
  mapping: z.string().max(100_000).optional(),
  onExisting: z.enum(['update', 'fill', 'skip']).optional(),
  dateOrder: z.enum(['mdy', 'dmy']).optional(),
  dryRun: z.enum(['true', 'false']).optional(),
});

function parseMappingField(text: string | undefined): ColumnMapping | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', 'mapping is not valid JSON', { details: [{ path: 'mapping', message: 'is not valid JSON' }] });
  }
  const parsed = z.record(z.string().max(500), z.string().max(200).nullable()).safeParse(value);
  if (!parsed.success) throw new AppError('validation_failed', 'mapping must be an object of "<file header>": "<field>"', { details: [{ path: 'mapping', message: 'must map headers to field names' }] });
  return parsed.data;
}

/**
 * The import API: upload (with a dry-run preview), status, live progress,
 * quarantined rows (JSON or CSV to fix and re-import), revert.
 */
export function importRoutes(deps: ImportServiceDeps): RouteDef[] {
  const tags = ['Imports'];

  async function start(req: FastifyRequest, auth: AuthContext) {
    const upload = await receiveUpload(req, deps);
    let keep = false;
    try {
      const parsedFields = uploadFields.safeParse(upload.fields);
      if (!parsedFields.success) {
        throw new AppError('validation_failed', 'The form fields are invalid', {
          details: parsedFields.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })),
        });
      }
      const fields = parsedFields.data;
      const object: ObjectName = fields.object;
      const given = parseMappingField(fields.mapping);
      const definitions = await deps.db.withWorkspace(auth.workspaceId, (tx) => deps.bulk.definitions({ tx, auth, requestId: null }, object), { readOnly: true });
      const source = await openImportFile(createReadStream(upload.path), { ...uploadReadOptions(deps), filename: upload.fileName, contentType: upload.contentType });
      const sample: SourceRow[] = [];
      try {
        for await (const row of source.rows) {
          sample.push(row);
          if (sample.length >= previewRows) break;
        }
      } finally {
        await source.close();
      }
      const suggestion = suggestMapping(source.headers, object, { customFields: definitions });
      const mapping: ColumnMapping = given ?? suggestion.mapping;
      const checked = validateMapping(mapping, object, definitions, { headers: source.headers });
      if (!checked.ok) {
        const unmatched = given === undefined && checked.errors.every((e) => e.code === 'empty_mapping');
        throw new AppError(
          'validation_failed',
          unmatched
            ? 'No column of the file matches a field: does its first row hold column names? Send a mapping ({ "<column>": "<field>" }) to say which is which'
            : 'The mapping names fields or columns that do not exist',
          { details: checked.errors },
        );
      }
      const onExisting: OnExisting = fields.onExisting ?? 'update';
      if (fields.dryRun === 'true') {
        const convert = createRowConverter({ object, mapping, customFields: definitions, ...(fields.dateOrder ? { dateOrder: fields.dateOrder } : {}) });
        return {
          status: 200,
          body: {
            dryRun: true,
            object,
            format: source.format,
            headers: source.headers,
            layout: suggestion.layout,
            mapping,
            confidence: suggestion.confidence,
            meta: source.meta,
            preview: sample.map((row) => {
              if (row.status === 'invalid') return { line: row.line, status: 'quarantined', reasons: row.issues };
              const result = convert(row);
              if (result.status !== 'ok') return { line: row.line, status: 'quarantined', reasons: result.issues };
              try {
                const record = deps.prepareInput ? deps.prepareInput(object, result.input) : result.input;
                return { line: row.line, status: 'ok', record, lookups: result.lookups };
              } catch (error) {
                return { line: row.line, status: 'quarantined', reasons: [{ message: error instanceof Error ? error.message : 'refused' }] };
              }
            }),
          },
        };
      }
      const job = await deps.db.withWorkspace(auth.workspaceId, (tx) =>
        insertImport(tx, {
          id: newId(),
          object,
          format: source.format,
          fileName: upload.fileName.slice(0, 255),
          filePath: upload.path,
          fileBytes: upload.bytes,
          mapping,
          options: {
            onExisting,
            headers: source.headers,
            ...(fields.dateOrder ? { dateOrder: fields.dateOrder } : {}),
            actor: { userId: auth.userId, role: auth.role, visibility: auth.visibility, actor: auth.actor },
          },
          createdBy: auth.userId,
          estimatedRows: null,
        }),
      );
      keep = true;
      deps.runner.enqueue({ workspaceId: auth.workspaceId, importId: job.id });
      return { status: 202, body: importView(job), headers: { location: `/api/v1/imports/${job.id}` } };
    } finally {
      if (!keep) await rm(upload.path, { force: true });
    }
  }

  async function mustFind(workspaceId: string, id: string): Promise<ImportRow> {
    const job = await deps.db.withWorkspace(workspaceId, (tx) => findImport(tx, id), { readOnly: true });
    if (!job) throw new AppError('not_found', 'Import not found');
    return job;
  }

  /** The rows of a file, and undoing it, belong to whoever imported it and to admins. */
  function assertOwnImport(job: ImportRow, auth: AuthContext, what: string): void {
    if (job.createdBy !== auth.userId && !roleAtLeast(auth.role, 'admin')) throw new AppError('forbidden', `Only the member who started this import, or an admin, can ${what}`);
  }

  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/imports',
      auth: 'write',
      transaction: false,
      summary:
        'Import a CSV, .xlsx, vCard or JSON file (multipart: `file`, `object`, optional `mapping` JSON {"<header>": "<field>"}, `onExisting` update|fill|skip, `dateOrder` mdy|dmy, `dryRun` true for a preview)',
      tags,
      responses: { 202: { description: 'The import is queued: `{ id, status, … }`' }, 200: { description: 'Dry run: the detected format, mapping and a converted preview' } },
      handler: async ({ req, auth }) => start(req, auth),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/imports',
      auth: 'read',
      transaction: false,
      summary: "The workspace's imports, newest first",
      tags,
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      responses: { 200: { description: '`{ data: [import] }`' } },
      handler: async ({ auth, query }) => {
        const rows = await deps.db.withWorkspace(auth.workspaceId, (tx) => listImports(tx, query.limit), { readOnly: true });
        return { status: 200, body: { data: rows.map((row) => importView(row)) } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/imports/:id',
      auth: 'read',
      transaction: false,
      summary: 'An import: status (queued, running, completed, failed, reverting, reverted), counts, rows per second and time left',
      tags,
      params: idParams,
      responses: { 200: { description: 'The import' } },
      handler: async ({ auth, params }) => ({ status: 200, body: importView(await mustFind(auth.workspaceId, params.id)) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/imports/:id/events',
      auth: 'read',
      transaction: false,
      summary: 'Live progress as server-sent events: `progress` with the import, until it ends (`done`)',
      tags,
      params: idParams,
      query: z.object({ intervalMs: z.coerce.number().int().min(100).max(10_000).default(500) }),
      responses: { 200: { description: 'text/event-stream' } },
      handler: async ({ auth, params, query, req }) => {
        await mustFind(auth.workspaceId, params.id);
        const out = new PassThrough();
        let closed = false;
        req.raw.on('close', () => {
          closed = true;
        });
        // A stream ends when its import does, or after an hour (a client reconnects for more).
        const until = Date.now() + 3_600_000;
        void (async () => {
          let last = '';
          try {
            while (!closed && Date.now() < until) {
              const job = await deps.db.withWorkspace(auth.workspaceId, (tx) => findImport(tx, params.id), { readOnly: true });
              if (!job) break;
              const view = JSON.stringify(importView(job));
              if (view !== last) out.write(`event: progress\ndata: ${view}\n\n`);
              last = view;
              if (terminal.has(job.status)) {
                out.write(`event: done\ndata: ${view}\n\n`);
                break;
              }
              await new Promise((resolve) => setTimeout(resolve, query.intervalMs));
            }
          } catch {
            out.write(`event: error\ndata: ${JSON.stringify({ code: 'service_unavailable', message: 'Progress could not be read' })}\n\n`);
          } finally {
            out.end();
          }
        })();
        return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }, body: out };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/imports/:id/errors',
      auth: 'read',
      transaction: false,
      summary: 'Quarantined rows with their reasons; `format=csv` downloads them with the original columns and a `Reasons` column, to fix and import again',
      tags,
      params: idParams,
      query: z.object({
        format: z.enum(['json', 'csv']).default('json'),
        cursor: z.coerce.number().int().min(0).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      responses: { 200: { description: '`{ data: [{ line, cells, reasons }], nextCursor }` or a CSV file' } },
      handler: async ({ auth, params, query }) => {
        const job = await mustFind(auth.workspaceId, params.id);
        assertOwnImport(job, auth, 'see its rows');
        if (query.format === 'json') {
          const rows = await deps.db.withWorkspace(auth.workspaceId, (tx) => listErrors(tx, job.id, query.cursor ?? 0, query.limit + 1), { readOnly: true });
          const page = rows.slice(0, query.limit);
          const last = page[page.length - 1];
          return { status: 200, body: { data: page, nextCursor: rows.length > query.limit && last ? String(last.row) : null } };
        }
        const headers = [...(job.options.headers ?? Object.keys(job.mapping)), 'Reasons'];
        const line = (cells: readonly string[]) => `${cells.map((c) => csvCell(neutraliseCell(c))).join(',')}\r\n`;
        async function* csv(): AsyncGenerator<string> {
          yield `\ufeff${line(headers)}`;
          let after = 0;
          for (;;) {
            const rows = await deps.db.withWorkspace(auth.workspaceId, (tx) => listErrors(tx, job.id, after, 1000), { readOnly: true });
            for (const row of rows) yield line([...headers.slice(0, -1).map((h) => row.cells[h] ?? ''), row.reasons.map((r) => r.message).join('; ')]);
            const last = rows[rows.length - 1];
            if (!last || rows.length < 1000) return;
            after = last.row;
          }
        }
        const name = `${job.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import'}-errors.csv`;
        return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` }, body: Readable.from(csv()) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/imports/:id/revert',
      auth: 'write',
      transaction: false,
      summary: 'Undo an import: records it created go to the trash, records it updated get their old values back unless changed since',
      tags,
      params: idParams,
      responses: { 202: { description: 'The revert is under way' } },
      handler: async ({ auth, params }) => {
        const job = await deps.db.withWorkspace(auth.workspaceId, async (tx) => {
          const row = await findImport(tx, params.id, { forUpdate: true });
          if (!row) throw new AppError('not_found', 'Import not found');
          assertOwnImport(row, auth, 'revert it');
          if (row.status === 'reverted' || row.status === 'reverting') throw new AppError('already_undone', 'The import is already reverted', { details: { status: row.status } });
          if (row.status === 'queued' || row.status === 'running') throw new AppError('invalid_state', 'The import is still running; revert it when it has finished', { details: { status: row.status } });
          await setStatus(tx, row.id, 'reverting');
          return { ...row, status: 'reverting' as const };
        });
        deps.runner.enqueue({ workspaceId: auth.workspaceId, importId: job.id });
        return { status: 202, body: importView(job) };
      },
    }),
  ];
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
