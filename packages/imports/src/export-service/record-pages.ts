import { Readable } from 'node:stream';
import type { ApiRecord, ListQuery, ObjectName, RecordContext, RecordService } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import type { AuthContext, Logger } from '@nexus/platform';

export interface Page {
  data: ApiRecord[];
  nextCursor: string | null;
}

/** Where an export reads its records from: the list API's query, run page by page as the caller. */
export interface PageSource {
  db: Database;
  records: RecordService;
  auth: AuthContext;
  requestId: string | null;
  object: ObjectName;
  filter?: ListQuery['filter'];
  sort?: string | undefined;
  pageSize: number;
  /** Adds what a page needs beyond its records (contacts' company names), inside the page's own read. */
  decorate?: (ctx: RecordContext, page: ApiRecord[]) => Promise<ApiRecord[]>;
}

/**
 * One keyset page in its own short read-only unit of work, so an export of a
 * million rows never holds a transaction (on PGlite, the only connection)
 * while it waits for a slow client.
 */
export async function readPage(source: PageSource, cursor: string | undefined): Promise<Page> {
  return source.db.withWorkspace(
    source.auth.workspaceId,
    async (tx) => {
      const ctx: RecordContext = { tx, auth: source.auth, requestId: source.requestId };
      const page = await source.records.list(ctx, source.object, { limit: source.pageSize, cursor, sort: source.sort, filter: source.filter });
      return source.decorate ? { data: await source.decorate(ctx, page.data), nextCursor: page.nextCursor } : page;
    },
    { readOnly: true },
  );
}

export interface ExportProgress {
  rows: number;
  pages: number;
}

/**
 * The records of `first` and of every page after it. The next page is read
 * only when the consumer asks for more, so a paused or gone client pauses
 * or ends the query loop.
 */
export async function* recordsFrom(source: PageSource, first: Page, progress: ExportProgress): AsyncGenerator<ApiRecord> {
  let page = first;
  for (;;) {
    progress.pages += 1;
    for (const record of page.data) {
      progress.rows += 1;
      yield record;
    }
    if (page.nextCursor === null) return;
    page = await readPage(source, page.nextCursor);
  }
}

export type ExportOutcome = { status: 'finished' } | { status: 'stopped' } | { status: 'failed'; error: unknown };

/**
 * A byte stream of the text chunks, pulled on demand: Fastify pipes it to the
 * socket with back-pressure and destroys it when the client goes away, which
 * returns the generators below it and so stops the query loop. `report`
 * learns how it ended.
 */
export function downloadStream(chunks: AsyncIterable<string>, report: (outcome: ExportOutcome) => void): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    // Stays "stopped" when the stream is destroyed early: the generator is then returned at a yield.
    let outcome: ExportOutcome = { status: 'stopped' };
    try {
      for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
      outcome = { status: 'finished' };
    } catch (error) {
      outcome = { status: 'failed', error };
      throw error;
    } finally {
      report(outcome);
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

/** One log line per export: how far it got and how it ended. */
export function logOutcome(log: Logger, fields: Record<string, unknown>, outcome: ExportOutcome): void {
  if (outcome.status === 'finished') log.info(fields, 'export finished');
  else if (outcome.status === 'stopped') log.info(fields, 'export stopped before the end: the client went away');
  else log.error({ ...fields, err: outcome.error }, 'export failed part-way');
}
