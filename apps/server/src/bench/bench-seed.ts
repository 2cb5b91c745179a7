import { seedContacts } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import type { IdentityService } from '@nexus/identity';

export interface BenchWorkspace {
  workspaceId: string;
  ownerId: string;
  /** Session token of the owner, sent as `Authorization: Bearer ...`. */
  token: string;
  contacts: number;
}

export interface SeedReport {
  workspaces: BenchWorkspace[];
  signupSeconds: number;
  loadSeconds: number;
  analyzeSeconds: number;
  rowsPerSecond: number;
}

interface SeedDeps {
  db: Database;
  identity: IdentityService;
  say: (line: string) => void;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Splits `total` into `parts` counts that differ by at most one. */
export function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_v, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** Runs fn over items with at most `limit` at a time, keeping the input order in the results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Each workspace and its owner come from the real sign-up, as a user would create them. */
async function signupOwners(identity: IdentityService, counts: number[], runId: string): Promise<BenchWorkspace[]> {
  const workspaces: BenchWorkspace[] = [];
  for (const [i, contacts] of counts.entries()) {
    const session = await identity.signup(
      { email: `bench-owner-${runId}-${i + 1}@example.com`, password: 'bench-password-not-secret', name: `Bench Owner ${i + 1}`, workspaceName: `Bench Workspace ${i + 1}` },
      { ip: '127.0.0.1' },
    );
    workspaces.push({ workspaceId: session.workspace.id, ownerId: session.user.id, token: session.token, contacts });
  }
  return workspaces;
}

/**
 * Creates the workspaces and bulk-loads their contacts, then refreshes the
 * planner's statistics so the first measured queries get realistic plans.
 * PostgreSQL loads two workspaces at once (one per core); PGlite has a
 * single connection, so it loads them one after another.
 */
export async function seedBench(deps: SeedDeps, options: { contacts: number; workspaces: number }): Promise<SeedReport> {
  const { db, say } = deps;
  let started = performance.now();
  const workspaces = await signupOwners(deps.identity, spread(options.contacts, options.workspaces), Date.now().toString(36));
  const signupSeconds = seconds(started);

  started = performance.now();
  let loaded = 0;
  await mapLimit(workspaces, db.kind === 'postgres' ? 2 : 1, async (workspace) => {
    await db.withWorkspace(workspace.workspaceId, (tx) => seedContacts(tx, { count: workspace.contacts, ownerId: workspace.ownerId }));
    loaded += workspace.contacts;
    say(`  ${loaded.toLocaleString('en')} / ${options.contacts.toLocaleString('en')} contacts (${seconds(started).toFixed(1)} s)`);
  });
  const loadSeconds = seconds(started);

  started = performance.now();
  await db.systemQuery('analyze');
  const analyzeSeconds = seconds(started);
  return { workspaces, signupSeconds, loadSeconds, analyzeSeconds, rowsPerSecond: options.contacts / loadSeconds };
}

/** Random existing contact ids of one workspace, for the get-by-id scenario. */
export async function sampleContactIds(db: Database, workspaceId: string, count: number): Promise<string[]> {
  const { rows } = await db.systemQuery<{ id: string }>('select id from contacts where workspace_id = $1 order by random() limit $2', [workspaceId, count]);
  return rows.map((row) => row.id);
}
