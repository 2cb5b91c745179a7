import type { WorkspaceTx } from '@nexus/db';
import { AppError } from '@nexus/platform';
import { objectSpecs, type FieldSpec, type ObjectName } from '../objects/object-specs';

/**
 * One measure over a type's live records:
 * - `filled`: the field holds something (a non-blank text, a non-empty list,
 *   a set reference); `address.country` reaches into a JSON field;
 * - `matches`: the field is filled and matches a PostgreSQL regular
 *   expression (for a list: every item does).
 */
export type ProfileCheck = { name: string; kind: 'filled'; field: string } | { name: string; kind: 'matches'; field: string; pattern: string };

export interface RecordProfile {
  /** Live records of the type. */
  total: number;
  /** Records passing each check, by check name. */
  counts: Record<string, number>;
}

const jsonKey = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;
const maxChecks = 40;

function fieldOf(object: ObjectName, path: string): { field: FieldSpec; key?: string } {
  const [name = '', key, ...rest] = path.split('.');
  const field = Object.hasOwn(objectSpecs[object].fields, name) ? objectSpecs[object].fields[name] : undefined;
  const fine = field && rest.length === 0 && (key === undefined || (field.type === 'json' && jsonKey.test(key)));
  if (!field || !fine) throw new AppError('internal_error', `Cannot profile ${object}.${path}`, { kind: 'unexpected' });
  return key === undefined ? { field } : { field, key };
}

/**
 * Counts, in one aggregate query over a type's live records, how many pass
 * each check: what data-quality scores are made of, without reading the
 * records into memory (100,000 contacts are one sequential scan).
 *
 * @example
 * await profileRecords(tx, 'contacts', [{ name: 'hasEmail', kind: 'filled', field: 'emails' }, { name: 'e164', kind: 'matches', field: 'phones', pattern: '^\\+[1-9][0-9]{6,14}$' }]);
 * // { total: 1200, counts: { hasEmail: 1100, e164: 950 } }
 */
export async function profileRecords(tx: WorkspaceTx, object: ObjectName, checks: readonly ProfileCheck[]): Promise<RecordProfile> {
  if (checks.length > maxChecks) throw new AppError('internal_error', `At most ${maxChecks} checks per profile`, { kind: 'unexpected' });
  const spec = objectSpecs[object];
  const params: unknown[] = [tx.workspaceId];
  const conditions = checks.map((check) => {
    const { field, key } = fieldOf(object, check.field);
    const column = `t.${field.column}`;
    const text = key === undefined ? column : `(${column} ->> '${key}')`;
    const isList = key === undefined && field.type === 'text[]';
    if (check.kind === 'filled') {
      if (isList) return `coalesce(cardinality(${column}), 0) > 0`;
      if (key === undefined && field.type !== 'text') return `${column} is not null`;
      return `nullif(btrim(${text}), '') is not null`;
    }
    params.push(check.pattern);
    const pattern = `$${params.length}`;
    if (isList) return `coalesce(cardinality(${column}), 0) > 0 and not exists (select 1 from unnest(${column}) as item where item !~ ${pattern})`;
    return `coalesce(${text}::text ~ ${pattern}, false)`;
  });
  const selects = conditions.map((condition, i) => `count(*) filter (where ${condition}) as c${i}`);
  const { rows } = await tx.query<Record<string, string | number>>(
    `select count(*) as total${selects.map((s) => `, ${s}`).join('')} from ${spec.table} t where t.workspace_id = $1 and t.deleted_at is null`,
    params,
  );
  const row = rows[0] ?? {};
  const counts: Record<string, number> = {};
  checks.forEach((check, i) => {
    counts[check.name] = Number(row[`c${i}`] ?? 0);
  });
  return { total: Number(row.total ?? 0), counts };
}
