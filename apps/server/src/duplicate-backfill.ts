import type { Database } from '@nexus/db';
import type { DuplicateService } from '@nexus/dedupe';

interface Backfill {
  workspace_id: string;
  object: 'contacts' | 'companies';
  after_id: string;
}

/**
 * Gives blocking keys to the records stored before duplicate detection kept
 * them: the workspaces the migration listed in `duplicate_key_backfills`, a
 * page at a time (each page its own transaction in its workspace), resuming
 * from the last page done; a workspace's row goes when it is finished. Run
 * by the worker at start. Safe to run twice at once: records already keyed
 * are left as they are.
 */
export async function backfillDuplicateKeys(deps: { db: Database; duplicates: Pick<DuplicateService, 'backfillKeysPage'> }, options: { pageSize?: number } = {}): Promise<{ records: number }> {
  const { db, duplicates } = deps;
  const limit = options.pageSize ?? 2_000;
  let records = 0;
  for (;;) {
    const { rows } = await db.systemQuery<Backfill>('select workspace_id, object, after_id from duplicate_key_backfills order by workspace_id, object limit 1');
    const next = rows[0];
    if (!next) return { records };
    const page = await db.withWorkspace(next.workspace_id, (tx) => duplicates.backfillKeysPage(tx, next.object, { afterId: next.after_id, limit }));
    records += page.records;
    if (page.records < limit || page.lastId === null) {
      await db.systemQuery('delete from duplicate_key_backfills where workspace_id = $1 and object = $2', [next.workspace_id, next.object]);
    } else {
      await db.systemQuery('update duplicate_key_backfills set after_id = $3 where workspace_id = $1 and object = $2', [next.workspace_id, next.object, page.lastId]);
    }
  }
}
