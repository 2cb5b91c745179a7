import Fastify from 'fastify';
import pg from 'pg';
import { newId } from '@nexus/platform';
import type { BenchDatabase } from './bench-db';

type Row = Record<string, unknown>;

/** Runs one statement; the bare server has no transactions, roles or workspace binding. */
export type BareQuery = (sql: string, params: unknown[]) => Promise<{ rows: Row[] }>;

/**
 * The statements our API ends up running for each scenario, copied from
 * packages/crm-core/src/records/record-repo.ts (`selectList`, `findRecord`,
 * `insertRow`) and record-service.ts (`list`) as they stand for contacts:
 * the same columns, relation arrays, filter, order and limit. Our request
 * wraps them in a transaction with more statements around; the bare route
 * runs just this one.
 */
const contactColumns = `t.*,
  array(select l.company_id from contact_companies l where l.contact_id = t.id order by l.company_id) as "rel_companyIds",
  array(select l.deal_id from deal_contacts l where l.contact_id = t.id order by l.deal_id) as "rel_dealIds"`;

export const bareSql = {
  getById: `select ${contactColumns} from contacts t where t.workspace_id = $1 and t.id = $2 and t.deleted_at is null`,
  list: `select ${contactColumns}, t.created_at as sort_value from contacts t
    where t.workspace_id = $1 and t.deleted_at is null and (t.lifecycle_stage = $2::text)
    order by t.created_at desc, t.id desc limit $3`,
  // Ours inserts, then reloads the row with its relation arrays; `returning *` is the single-statement equivalent.
  create: `insert into contacts (id, workspace_id, created_by, first_name, last_name, emails, title, lifecycle_stage, lead_source, owner_id)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
} as const;

export interface BareTarget {
  workspaceId: string;
  ownerId: string;
}

interface ContactBody {
  firstName?: string;
  lastName?: string;
  emails?: string[];
  title?: string;
  lifecycleStage?: string;
  leadSource?: string;
}

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

/** Plain Fastify, no hooks, no plugins, no validation: the floor our API is compared with. */
export async function startBareServer(query: BareQuery, target: BareTarget): Promise<BareServer> {
  const app = Fastify();
  app.get<{ Params: { id: string } }>('/api/v1/contacts/:id', async (req, reply) => {
    const { rows } = await query(bareSql.getById, [target.workspaceId, req.params.id]);
    return rows[0] ?? reply.status(404).send({ error: { code: 'not_found' } });
  });
  app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/contacts', async (req) => {
    const limit = Number(req.query.limit ?? 50);
    const { rows } = await query(bareSql.list, [target.workspaceId, req.query['filter[lifecycleStage]'] ?? null, limit + 1]);
    return { data: rows.slice(0, limit), nextCursor: null };
  });
  app.post<{ Body: ContactBody }>('/api/v1/contacts', async (req, reply) => {
    const b = req.body;
    const { rows } = await query(bareSql.create, [
      newId(),
      target.workspaceId,
      target.ownerId,
      b.firstName ?? null,
      b.lastName ?? null,
      b.emails ?? [],
      b.title ?? null,
      b.lifecycleStage ?? null,
      b.leadSource ?? null,
      target.ownerId,
    ]);
    return reply.status(201).send(rows[0]);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/**
 * The bare server's database access: its own `pg.Pool` of the same size on
 * PostgreSQL; on PGlite the one PGlite handle (it cannot be shared with a
 * second connection), through owner-rights single statements.
 */
export function bareQueryFor(bench: BenchDatabase, poolSize: number): { query: BareQuery; close(): Promise<void> } {
  if (bench.url === undefined) {
    return { query: (sql, params) => bench.db.systemQuery<Row>(sql, params), close: async () => undefined };
  }
  const pool = new pg.Pool({ connectionString: bench.url, max: poolSize });
  pool.on('error', () => undefined);
  return { query: (sql, params) => pool.query<Row>(sql, params), close: () => pool.end() };
}
