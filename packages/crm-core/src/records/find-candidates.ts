import type { WorkspaceTx } from '@nexus/db';
import { AppError, type AuthContext } from '@nexus/platform';
import { objectSpecs, type ObjectName } from '../objects/object-specs';
import { Params } from './list-query';
import { existingIds, toApi, type ApiRecord, type Row } from './record-repo';

/** A live contact or company as duplicate detection reads it: the API view, and for contacts the name of their company. */
export type MatchableRecord = ApiRecord & { companyName: string | null };

export type MatchableObject = 'contacts' | 'companies';

/**
 * What a record is compared on, as keys other records may share (blocking):
 * contacts by email, mailbox name, phone tail or name; companies by domain or name.
 */
export interface CandidateProbe {
  /** Exact addresses, lower case (contacts store them lower-cased). */
  emails?: readonly string[];
  /** The part before the `@`, lower case. */
  emailLocalParts?: readonly string[];
  /** Last 7 digits of a phone number. */
  phoneTails?: readonly string[];
  /** First names and surnames: candidates share a surname's first three letters and (when given) its first initial. */
  people?: readonly { firstName: string | null; lastName: string | null }[];
  /** Contacts' companies: candidates at the same company with the same first initial. */
  colleagues?: readonly { companyId: string; firstName: string }[];
  /** Web domains (no scheme, no `www.`), lower case: matched against domain and website. */
  domains?: readonly string[];
  /** Company names: candidates whose name starts with the same four letters or digits. */
  companyNames?: readonly string[];
}

const companyNameColumn = `(select c.name from companies c where c.workspace_id = t.workspace_id and c.id = t.company_id) as company_name`;

function selectMatchable(object: MatchableObject): string {
  return object === 'contacts' ? `t.*, ${companyNameColumn}` : 't.*, null as company_name';
}

function toMatchable(object: MatchableObject, row: Row): MatchableRecord {
  return { ...toApi(objectSpecs[object], row), companyName: (row.company_name as string | null | undefined) ?? null };
}

function checkObject(object: string): asserts object is MatchableObject {
  if (object !== 'contacts' && object !== 'companies') throw new AppError('validation_failed', 'Only contacts and companies are matched', { details: [{ path: 'object', message: 'must be contacts or companies' }] });
}

/**
 * Live contacts or companies that share a blocking key with a probe, for
 * duplicate detection on create and update. Visibility is not applied: the
 * detection acts for the workspace. At most `limit` records (default 200), oldest first.
 *
 * @example
 * await findCandidateRecords(tx, 'contacts', { emails: ['ada@example.com'], phoneTails: ['5550123'] }, { excludeIds: [ada.id] });
 */
export async function findCandidateRecords(
  tx: WorkspaceTx,
  object: MatchableObject,
  probe: CandidateProbe,
  options: { excludeIds?: readonly string[]; limit?: number } = {},
): Promise<MatchableRecord[]> {
  checkObject(object);
  const params = new Params();
  const any: string[] = [];
  const list = (values: readonly string[] | undefined) => [...new Set((values ?? []).filter((v) => v.length > 0))];
  if (object === 'contacts') {
    const emails = list(probe.emails);
    if (emails.length > 0) any.push(`t.emails && ${params.add(emails)}::text[]`);
    const locals = list(probe.emailLocalParts);
    if (locals.length > 0) any.push(`exists (select 1 from unnest(t.emails) e where split_part(e, '@', 1) = any(${params.add(locals)}::text[]))`);
    const tails = list(probe.phoneTails);
    if (tails.length > 0) any.push(`exists (select 1 from unnest(t.phones) p where right(regexp_replace(p, '\\D', '', 'g'), 7) = any(${params.add(tails)}::text[]))`);
    // Name and colleague keys are worked out by the database once, then matched against each stored
    // contact by hash: a batch's thousands of keys cost one lookup per contact, not one comparison per key.
    const people = (probe.people ?? []).filter((p) => (p.lastName?.trim() ?? '') !== '');
    const colleagues = (probe.colleagues ?? []).filter((c) => c.firstName.trim() !== '');
    if (people.length > 0 || colleagues.length > 0) {
      const keys = await blockingKeys(tx, people, colleagues);
      if (keys.surnames.length > 0) any.push(`lower(left(t.last_name, 3)) = any(${params.add(keys.surnames)}::text[])`);
      if (keys.names.length > 0) any.push(`lower(left(t.last_name, 3)) || '|' || lower(left(t.first_name, 1)) = any(${params.add(keys.names)}::text[])`);
      if (keys.colleagues.length > 0) any.push(`t.company_id::text || '|' || lower(left(t.first_name, 1)) = any(${params.add(keys.colleagues)}::text[])`);
    }
  } else {
    const domains = list(probe.domains);
    if (domains.length > 0) {
      const d = params.add(domains);
      any.push(`lower(t.domain) = any(${d}::text[])`, `substring(lower(t.website) from '^(?:[a-z]+://)?(?:www\\.)?([^/:?#]+)') = any(${d}::text[])`);
    }
    const names = list(probe.companyNames?.map((n) => n.trim()));
    if (names.length > 0) {
      any.push(`lower(left(regexp_replace(t.name, '[^[:alnum:]]', '', 'g'), 4)) in (select lower(left(regexp_replace(n, '[^[:alnum:]]', '', 'g'), 4)) from unnest(${params.add(names)}::text[]) as n)`);
    }
  }
  if (any.length === 0) return [];
  const where = [`t.workspace_id = ${params.add(tx.workspaceId)}`, 't.deleted_at is null', `(${any.join(' or ')})`];
  if (options.excludeIds && options.excludeIds.length > 0) where.push(`not (t.id = any(${params.add([...options.excludeIds])}::uuid[]))`);
  const spec = objectSpecs[object];
  const { rows } = await tx.query<Row>(
    `select ${selectMatchable(object)} from ${spec.table} t where ${where.join(' and ')} order by t.id limit ${params.add(options.limit ?? 200)}`,
    params.values,
  );
  return rows.map((row) => toMatchable(object, row));
}

/**
 * A probe's name keys in the database's own case folding: surnames' first
 * three letters (for people without a first name), those with the first
 * initial, and company id with the first initial.
 */
async function blockingKeys(
  tx: WorkspaceTx,
  people: readonly { firstName: string | null; lastName: string | null }[],
  colleagues: readonly { companyId: string; firstName: string }[],
): Promise<{ surnames: string[]; names: string[]; colleagues: string[] }> {
  const { rows } = await tx.query<{ surnames: string[]; names: string[]; colleagues: string[] }>(
    `select array(select distinct lower(left(p.l, 3)) from unnest($1::text[], $2::text[]) as p(l, f) where p.f = '') as surnames,
            array(select distinct lower(left(p.l, 3)) || '|' || lower(left(p.f, 1)) from unnest($1::text[], $2::text[]) as p(l, f) where p.f <> '') as names,
            array(select distinct c.k::text || '|' || lower(left(c.f, 1)) from unnest($3::uuid[], $4::text[]) as c(k, f)) as colleagues`,
    [people.map((p) => p.lastName!.trim()), people.map((p) => p.firstName?.trim() ?? ''), colleagues.map((c) => c.companyId), colleagues.map((c) => c.firstName.trim())],
  );
  const row = rows[0];
  return { surnames: row?.surnames ?? [], names: row?.names ?? [], colleagues: row?.colleagues ?? [] };
}

/**
 * Live contacts or companies to match: the records with these ids, or a page
 * of all of them in id order (a full rescan).
 */
export async function matchableRecords(
  tx: WorkspaceTx,
  object: MatchableObject,
  query: { ids: readonly string[] } | { afterId?: string | undefined; limit: number },
): Promise<MatchableRecord[]> {
  checkObject(object);
  const spec = objectSpecs[object];
  const select = `select ${selectMatchable(object)} from ${spec.table} t where t.workspace_id = $1 and t.deleted_at is null`;
  const { rows } =
    'ids' in query
      ? await tx.query<Row>(`${select} and t.id = any($2::uuid[]) order by t.id`, [tx.workspaceId, [...query.ids]])
      : await tx.query<Row>(`${select} and t.id > $2::uuid order by t.id limit $3`, [tx.workspaceId, query.afterId ?? '00000000-0000-0000-0000-000000000000', query.limit]);
  return rows.map((row) => toMatchable(object, row));
}

/**
 * The ids among `ids` of live records this caller may see (under "only
 * records I own", their own); the rest are missing, deleted, foreign or
 * someone else's, and the caller cannot tell which.
 */
export async function visibleRecordIds(tx: WorkspaceTx, auth: AuthContext, object: ObjectName, ids: readonly string[]): Promise<Set<string>> {
  return existingIds(tx, objectSpecs[object], auth, ids);
}
