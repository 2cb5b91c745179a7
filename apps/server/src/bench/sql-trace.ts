import type { CrmCore } from '@nexus/crm-core';
import type { Database, WorkspaceTx } from '@nexus/db';
import type { AuthContext } from '@nexus/platform';
import { createBody, type ScenarioName } from './scenarios';

const oneLine = (sql: string) => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? `${flat.slice(0, 107)}...` : flat;
};

function tracing(tx: WorkspaceTx, seen: string[]): WorkspaceTx {
  return {
    workspaceId: tx.workspaceId,
    afterCommit: (fn) => tx.afterCommit(fn),
    query<T>(sql: string, params?: readonly unknown[]) {
      seen.push(oneLine(sql));
      return tx.query<T>(sql, params);
    },
    finalWrite<T>(sql: string, params?: readonly unknown[]) {
      seen.push(`${oneLine(sql)} (final write)`);
      return tx.finalWrite<T>(sql, params);
    },
  };
}

async function traceOne(db: Database, auth: AuthContext, run: (ctx: { tx: WorkspaceTx; auth: AuthContext; requestId: string }) => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  await db.withWorkspace(auth.workspaceId, (tx) => run({ tx: tracing(tx, seen), auth, requestId: 'bench-trace' }));
  return seen;
}

/**
 * The statements one request of each scenario runs on our side (the driver
 * adds its workspace binding and, for writes, BEGIN and COMMIT; how many
 * round trips those take is the driver's business and changes with it, so
 * they are not listed), captured by
 * calling the same record service the route calls inside a traced
 * transaction (authentication is answered from the cache once warm, so it
 * adds none). This runs once, before and apart from the measurements.
 */
export async function traceOurStatements(deps: { db: Database; core: CrmCore; auth: AuthContext }, id: string): Promise<Record<ScenarioName, string[]>> {
  const { db, auth } = deps;
  const records = deps.core.records;
  return {
    'get-by-id': await traceOne(db, auth, (ctx) => records.get(ctx, 'contacts', id)),
    'list-50': await traceOne(db, auth, (ctx) => records.list(ctx, 'contacts', { limit: 50, sort: '-createdAt', filter: { lifecycleStage: 'lead' } })),
    create: await traceOne(db, auth, (ctx) => records.create(ctx, 'contacts', JSON.parse(createBody) as Record<string, unknown>)),
  };
}
