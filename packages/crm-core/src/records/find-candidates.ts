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
    const people = (probe.people ?? []).filter((p) => (p.lastName?.trim() ?? '') !== '');
    if (people.length > 0) {
      const lasts = params.add(people.map((p) => p.lastName!.trim()));
      const firsts = params.add(people.map((p) => p.firstName?.trim() ?? ''));
      any.push(`exists (select 1 from unnest(${lasts}::text[], ${firsts}::text[]) as p(l, f)
                 where lower(left(t.last_name, 3)) = lower(left(p.l, 3)) and (p.f = '' or lower(left(t.first_name, 1)) = lower(left(p.f, 1))))`);
    }
    const colleagues = (probe.colleagues ?? []).filter((c) => c.firstName.trim() !== '');
    if (colleagues.length > 0) {
      const companies = params.add(colleagues.map((c) => c.companyId));
      const firsts = params.add(colleagues.map((c) => c.firstName.trim()));
      any.push(`exists (select 1 from unnest(${companies}::uuid[], ${firsts}::text[]) as c(k, f)
                 where t.company_id = c.k and lower(left(t.first_name, 1)) = lower(left(c.f, 1)))`);
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
