import { z } from 'zod';
import { objectNames, parseFilter } from '@nexus/crm-core';
import { defineRoute, type RouteDef } from '@nexus/http';
import type { ExportDownload } from './export-deps';
import type { ExportService } from './export-service';
import { recordExportFormats } from './record-export';

const exportQuery = z.strictObject({
  format: z.enum(recordExportFormats).default('csv').describe('csv (custom fields as customFields.<key> columns, formulas neutralised), json (an array), or vcard (contacts only)'),
  sort: z.string().max(100).optional().describe('As in the list API: "-createdAt", "lastName", "customFields.tier"'),
  filter: z
    .union([z.string().max(20_000), z.record(z.string(), z.unknown())])
    .optional()
    .describe('As in the list API: JSON such as {"tags":{"contains":"vip"}}, or filter[field][op]=value'),
  fields: z
    .string()
    .max(5000)
    .optional()
    .describe('Comma-separated field paths to export, in order: "firstName,emails,address.city,customFields.tier"; default all'),
  bom: z.enum(['true', 'false']).optional().describe('true starts a CSV with a UTF-8 byte order mark, for Excel on Windows'),
});

function fieldList(fields: string | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  return fields
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
}

function download(file: ExportDownload) {
  return {
    status: 200,
    body: file.body,
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    },
  };
}

/**
 * `GET /api/v1/exports/:object` and `GET /api/v1/exports/workspace`. They run
 * without the request transaction (`transaction: false`): the export reads
 * page by page while the response streams, long after a handler returns.
 */
export function exportRoutes(service: ExportService): RouteDef[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/exports/workspace',
      auth: 'admin',
      transaction: false,
      summary: 'The whole workspace as one JSON document, streamed: custom fields, pipelines, companies, contacts, deals, activities and tags',
      tags: ['Exports'],
      query: z.strictObject({ format: z.enum(['json']).default('json').describe('json only for now') }),
      responses: { 200: { description: 'application/json, streamed as it is read' } },
      handler: async (input) => download(await service.workspace(input.auth, input.requestId)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/exports/:object',
      auth: 'read',
      transaction: false,
      summary: 'Export a filtered list of companies, contacts, deals or activities as CSV, JSON or vCard, streamed; same filter, sort and visibility as the list',
      tags: ['Exports'],
      params: z.strictObject({ object: z.enum(objectNames) }),
      query: exportQuery,
      responses: { 200: { description: 'The file (text/csv, application/json or text/vcard), streamed as it is read' } },
      handler: async (input) =>
        download(
          await service.records(
            input.auth,
            {
              object: input.params.object,
              format: input.query.format,
              filter: parseFilter(input.query.filter),
              sort: input.query.sort,
              fields: fieldList(input.query.fields),
              bom: input.query.bom === 'true',
            },
            input.requestId,
          ),
        ),
    }),
  ];
}
