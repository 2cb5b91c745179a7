import type { FieldProvenance, ObjectName } from '@nexus/crm-core';
import type { WorkspaceTx } from '@nexus/db';

/** One field's provenance as the API shows it. */
export interface StoredProvenance {
  value: unknown;
  source: string;
  confidence: number;
  at: string;
}

interface ProvenanceRow {
  field: string;
  value: unknown;
  source: string;
  confidence: number;
  recorded_at: Date | string;
}

/** Every field's provenance of one record, by field name. */
export async function readProvenance(tx: WorkspaceTx, recordId: string): Promise<Record<string, StoredProvenance>> {
  const { rows } = await tx.query<ProvenanceRow>(
    'select field, value, source, confidence, recorded_at from field_provenance where workspace_id = $1 and record_id = $2 order by field',
    [tx.workspaceId, recordId],
  );
  const out: Record<string, StoredProvenance> = {};
  for (const row of rows) {
    const at = row.recorded_at instanceof Date ? row.recorded_at.toISOString() : new Date(row.recorded_at).toISOString();
    out[row.field] = { value: row.value, source: row.source, confidence: Number(row.confidence), at };
  }
  return out;
}

/** Records (or replaces) the provenance of some fields of one record. */
export async function saveProvenance(tx: WorkspaceTx, object: ObjectName, recordId: string, entries: readonly FieldProvenance[]): Promise<void> {
  // The last entry for a field wins, as it would in a sequence of writes.
  const byField = new Map(entries.map((entry) => [entry.field, entry]));
  if (byField.size === 0) return;
  const list = [...byField.values()];
  await tx.query(
    `insert into field_provenance (workspace_id, object, record_id, field, value, source, confidence, recorded_at)
     select $1, $2, $3, e.field, e.value::jsonb, e.source, e.confidence, e.at
       from unnest($4::text[], $5::text[], $6::text[], $7::float8[], $8::timestamptz[]) as e(field, value, source, confidence, at)
     on conflict (workspace_id, record_id, field) do update
       set object = excluded.object, value = excluded.value, source = excluded.source, confidence = excluded.confidence, recorded_at = excluded.recorded_at`,
    [
      tx.workspaceId,
      object,
      recordId,
      list.map((e) => e.field),
      list.map((e) => JSON.stringify(e.value ?? null)),
      list.map((e) => e.source),
      list.map((e) => Math.min(1, Math.max(0, Number.isFinite(e.confidence) ? e.confidence : 0))),
      list.map((e) => e.at),
    ],
  );
}

/** Forgets the provenance of fields whose value no longer comes from its source (a user typed over it). */
export async function removeProvenance(tx: WorkspaceTx, recordId: string, fields: readonly string[]): Promise<void> {
  if (fields.length === 0) return;
  await tx.query('delete from field_provenance where workspace_id = $1 and record_id = $2 and field = any($3::text[])', [tx.workspaceId, recordId, [...new Set(fields)]]);
}
