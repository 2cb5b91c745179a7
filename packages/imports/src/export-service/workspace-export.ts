import { listDefinitions, objectNames, type ApiRecord, type ObjectName, type RecordContext } from '@nexus/crm-core';
import type { AuthContext } from '@nexus/platform';
import { writeJson } from '../export/write-json';
import { defaultExportPageSize, exportFilename, type ExportDownload, type ExportServiceDeps } from './export-deps';
import { downloadStream, logOutcome, readPage, recordsFrom, type ExportProgress, type PageSource } from './record-pages';

/** Names the document's shape, so a later importer can tell versions apart. */
export const workspaceExportFormat = 'nexuscrm.workspace-export';
export const workspaceExportVersion = 1;

async function* countingTags(records: AsyncIterable<ApiRecord>, tags: Map<string, number>): AsyncGenerator<ApiRecord> {
  for await (const record of records) {
    if (Array.isArray(record.tags)) for (const tag of record.tags) if (typeof tag === 'string') tags.set(tag, (tags.get(tag) ?? 0) + 1);
    yield record;
  }
}

/**
 * The whole workspace as one JSON document, written as it is read:
 * `{ format, version, exportedAt, workspaceId, customFields, pipelines,
 * companies, contacts, deals, activities, tags }`. Records are live ones (not
 * the trash) as the API shows them, relations as id lists (an activity's
 * contactIds, companyIds, dealIds); tags are counted on the way, so they come
 * last.
 *
 * @example
 * const file = await exportWorkspace(deps, adminAuth);
 * file.body.pipe(createWriteStream(file.filename));
 */
export async function exportWorkspace(deps: ExportServiceDeps, auth: AuthContext, requestId: string | null = null): Promise<ExportDownload> {
  const now = deps.clock.now();
  // Settings are small: read up front, so a failure here is still a clean error response.
  const settings = await deps.db.withWorkspace(
    auth.workspaceId,
    async (tx) => {
      const ctx: RecordContext = { tx, auth, requestId };
      return { customFields: await listDefinitions(tx), pipelines: await deps.pipelines.list(ctx) };
    },
    { readOnly: true },
  );
  const progress: ExportProgress = { rows: 0, pages: 0 };
  const tags = new Map<string, number>();
  const sourceOf = (object: ObjectName): PageSource => ({
    db: deps.db,
    records: deps.records,
    auth,
    requestId,
    object,
    // Id order: stable under concurrent edits, and served by the primary key.
    sort: 'id',
    pageSize: deps.pageSize ?? defaultExportPageSize,
  });

  async function* document(): AsyncGenerator<string> {
    const head = { format: workspaceExportFormat, version: workspaceExportVersion, exportedAt: now.toISOString(), workspaceId: auth.workspaceId, ...settings };
    yield `${JSON.stringify(head).slice(0, -1)}`;
    for (const object of objectNames) {
      yield `,\n${JSON.stringify(object)}:`;
      const source = sourceOf(object);
      const first = await readPage(source, undefined);
      yield* writeJson(countingTags(recordsFrom(source, first, progress), tags));
    }
    const tagList = [...tags].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag, count]) => ({ tag, count }));
    yield `,\n"tags":${JSON.stringify(tagList)}}\n`;
  }

  const started = Date.now();
  const body = downloadStream(document(), (outcome) => {
    logOutcome(deps.log, { object: 'workspace', format: 'json', rows: progress.rows, pages: progress.pages, ms: Date.now() - started, reqId: requestId }, outcome);
  });
  return { filename: exportFilename('workspace', now, 'json'), contentType: 'application/json; charset=utf-8', body };
}
