import type { MatchableObject, MatchableRecord } from '@nexus/crm-core';
import type { WorkspaceTx } from '@nexus/db';
import { probeOf } from './dedupe-records';

/**
 * A record's blocking keys: those it is stored under, so that others find
 * it, and those it looks others up by. They differ only for names: a contact
 * is stored under its bare surname prefix (`s:lov`) and, with a first name,
 * under the prefix and initial (`n:lov|a`); it looks up by the latter when it
 * has a first name, by the former when it has none. So "A. Lovelace" finds
 * "Ada Lovelace", and a probe without a first name finds every Lovelace.
 */
export interface RecordKeys {
  stored: string[];
  lookup: string[];
}

/** Longest key kept (the column allows 400): a longer value is no useful key. */
const maxKeyLength = 300;

/** The first `n` characters (code points, as the database counts them), lower case. */
const start = (text: string, n: number) => Array.from(text.trim().toLowerCase()).slice(0, n).join('');

const unique = (keys: string[]) => [...new Set(keys.filter((k) => k.length <= maxKeyLength))];

/**
 * The keys of one contact or company, from the same normalised values the
 * comparison uses (e-mails lower-cased and with provider aliases removed,
 * phone tails, domains of domain and website).
 *
 * @example
 * keysOf('contacts', ada); // { stored: ['e:ada@example.com', 'l:ada', 'p:5550123', 's:lov', 'n:lov|a', ...], lookup: [...] }
 */
export function keysOf(object: MatchableObject, record: MatchableRecord): RecordKeys {
  const probe = probeOf(object, record);
  if (object === 'companies') {
    const stems = (probe.companyNames ?? []).map((name) => start(name.replace(/[^\p{L}\p{N}]+/gu, ''), 4)).filter((stem) => stem !== '');
    const keys = unique([...(probe.domains ?? []).map((d) => `d:${d}`), ...stems.map((s) => `m:${s}`)]);
    return { stored: keys, lookup: keys };
  }
  const shared = [
    ...(probe.emails ?? []).filter((e) => e !== '').map((e) => `e:${e}`),
    ...(probe.emailLocalParts ?? []).map((l) => `l:${l}`),
    ...(probe.phoneTails ?? []).map((t) => `p:${t}`),
    ...(probe.colleagues ?? []).filter((c) => start(c.firstName, 1) !== '').map((c) => `c:${c.companyId}|${start(c.firstName, 1)}`),
  ];
  const stored = [...shared];
  const lookup = [...shared];
  for (const person of probe.people ?? []) {
    const surname = start(person.lastName ?? '', 3);
    if (surname === '') continue;
    const initial = start(person.firstName ?? '', 1);
    stored.push(`s:${surname}`);
    if (initial === '') lookup.push(`s:${surname}`);
    else {
      stored.push(`n:${surname}|${initial}`);
      lookup.push(`n:${surname}|${initial}`);
    }
  }
  return { stored: unique(stored), lookup: unique(lookup) };
}

/**
 * Replaces the stored keys of these records (all of the given object); with
 * `onlyMissing`, stores keys only for records that have none yet, leaving
 * alone those detection keyed meanwhile from newer values (a rescan's
 * backfill, which read the records earlier).
 */
export async function storeKeys(
  tx: WorkspaceTx,
  object: MatchableObject,
  records: readonly { id: string; keys: readonly string[] }[],
  options: { onlyMissing?: boolean } = {},
): Promise<void> {
  if (records.length === 0) return;
  if (!options.onlyMissing) await removeKeys(tx, object, records.map((r) => r.id));
  const rows = records.flatMap((r) => r.keys.map((key) => [key, r.id] as const));
  if (rows.length === 0) return;
  const missing = options.onlyMissing
    ? 'where not exists (select 1 from duplicate_keys d where d.workspace_id = $1 and d.object = $2 and d.record_id = k.record_id)'
    : '';
  await tx.query(
    `insert into duplicate_keys (workspace_id, object, key, record_id)
     select $1, $2, k.key, k.record_id from unnest($3::text[], $4::uuid[]) as k(key, record_id) ${missing}
     on conflict do nothing`,
    [tx.workspaceId, object, rows.map(([key]) => key), rows.map(([, id]) => id)],
  );
}

/** Stores the keys of these records as read (`onlyMissing`: only for records that have none yet; see `storeKeys`). */
export async function keyRecords(tx: WorkspaceTx, object: MatchableObject, records: readonly MatchableRecord[], options: { onlyMissing?: boolean } = {}): Promise<void> {
  await storeKeys(tx, object, records.map((r) => ({ id: r.id, keys: keysOf(object, r).stored })), options);
}

/** Forgets the keys of records that are gone. */
export async function removeKeys(tx: WorkspaceTx, object: MatchableObject, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('delete from duplicate_keys where workspace_id = $1 and object = $2 and record_id = any($3::uuid[])', [tx.workspaceId, object, [...ids]]);
}

/**
 * Ids of the records stored under any of `keys`: at most `perKey` for each
 * key, oldest first (ids are time-ordered), so a common surname cannot crowd
 * out the candidates of a rare one; at most `limit` in all, oldest first.
 */
export async function recordsSharingKeys(
  tx: WorkspaceTx,
  object: MatchableObject,
  keys: readonly string[],
  options: { excludeIds: readonly string[]; perKey: number; limit: number },
): Promise<string[]> {
  if (keys.length === 0 || options.limit <= 0) return [];
  const { rows } = await tx.query<{ record_id: string }>(
    `select distinct c.record_id from unnest($3::text[]) as k(key)
       cross join lateral (
         select d.record_id from duplicate_keys d
          where d.workspace_id = $1 and d.object = $2 and d.key = k.key and not (d.record_id = any($4::uuid[]))
          order by d.record_id limit $5
       ) as c
      order by c.record_id limit $6`,
    [tx.workspaceId, object, [...new Set(keys)], [...options.excludeIds], options.perKey, options.limit],
  );
  return rows.map((r) => r.record_id);
}
