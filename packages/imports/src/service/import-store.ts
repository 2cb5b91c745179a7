import type { SqlClient, WorkspaceTx } from '@nexus/db';
import type { ObjectName } from '@nexus/crm-core';
import type { ImportFormat } from '../import-source';
import type { ColumnMapping } from '../mapping/suggest-mapping';
import type { ImportActor } from './run-import';

export const importStatuses = ['queued', 'running', 'completed', 'failed', 'reverting', 'reverted'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** What happens to a row that matches a stored record by a unique key. */
export type OnExisting = 'update' | 'fill' | 'skip';

export interface ImportOptions {
  onExisting: OnExisting;
  /** The file's columns, in order (the error download repeats them). */
  headers?: string[];
  dateOrder?: 'mdy' | 'dmy' | undefined;
  /** Who started it, with the role and visibility they had then: the job runs as them. */
  actor: ImportActor;
}

export interface ImportRow {
  id: string;
  workspaceId: string;
  object: ObjectName;
  format: ImportFormat;
  fileName: string;
  filePath: string;
  fileBytes: number;
  mapping: ColumnMapping;
  options: ImportOptions;
  status: ImportStatus;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  checkpointRow: number;
  estimatedRows: number | null;
  error: { code: string; message: string } | null;
  revertSummary: RevertSummary | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

export interface ImportCounts {
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
}

export interface QuarantinedRow {
  /** The row's number in file order (1 is the first row after any header). */
  row: number;
  /** The line of the file where it starts. */
  line: number;
  cells: Record<string, string>;
  reasons: { field?: string | undefined; column?: string | undefined; code?: string | undefined; message: string }[];
}

export interface BatchChanges {
  firstRow: number;
  lastRow: number;
  createdIds: string[];
  /** Companies made from the rows' company column. */
  createdCompanyIds: string[];
  /** Notes made from the rows' note column. */
  createdActivityIds: string[];
  /** Each updated record's changed fields as they were and as the import left them. */
  updated: { id: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
}

const columns = `id, workspace_id, object, format, file_name, file_path, file_bytes, mapping, options, status, processed, created, updated, unchanged,
  quarantined, checkpoint_row, estimated_rows, error, revert_summary, created_by, created_at, started_at, finished_at, updated_at`;

interface Raw {
  id: string;
  workspace_id: string;
  object: ObjectName;
  format: ImportFormat;
  file_name: string;
  file_path: string;
  file_bytes: string | number;
  mapping: ColumnMapping;
  options: ImportOptions;
  status: ImportStatus;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  checkpoint_row: number;
  estimated_rows: number | null;
  error: ImportRow['error'];
  revert_summary: RevertSummary | null;
  created_by: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
}

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function toRow(raw: Raw): ImportRow {
  return {
    id: raw.id,
    workspaceId: raw.workspace_id,
    object: raw.object,
    format: raw.format,
    fileName: raw.file_name,
    filePath: raw.file_path,
    fileBytes: Number(raw.file_bytes),
    mapping: raw.mapping,
    options: raw.options,
    status: raw.status,
    processed: raw.processed,
    created: raw.created,
    updated: raw.updated,
    unchanged: raw.unchanged,
    quarantined: raw.quarantined,
    checkpointRow: raw.checkpoint_row,
    estimatedRows: raw.estimated_rows,
    error: raw.error,
    revertSummary: raw.revert_summary,
    createdBy: raw.created_by,
    createdAt: date(raw.created_at),
    startedAt: raw.started_at === null ? null : date(raw.started_at),
    finishedAt: raw.finished_at === null ? null : date(raw.finished_at),
    updatedAt: date(raw.updated_at),
  };
}

export async function insertImport(
  tx: WorkspaceTx,
  row: Pick<ImportRow, 'id' | 'object' | 'format' | 'fileName' | 'filePath' | 'fileBytes' | 'mapping' | 'options' | 'createdBy' | 'estimatedRows'>,
): Promise<ImportRow> {
  const { rows } = await tx.query<Raw>(
    `insert into imports (id, workspace_id, object, format, file_name, file_path, file_bytes, mapping, options, status, created_by, estimated_rows)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10, $11) returning ${columns}`,
    [row.id, tx.workspaceId, row.object, row.format, row.fileName, row.filePath, row.fileBytes, JSON.stringify(row.mapping), JSON.stringify(row.options), row.createdBy, row.estimatedRows],
  );
  return toRow(rows[0] as Raw);
}

export async function findImport(tx: SqlClient & { workspaceId: string }, id: string, options: { forUpdate?: boolean } = {}): Promise<ImportRow | undefined> {
  const { rows } = await tx.query<Raw>(`select ${columns} from imports where workspace_id = $1 and id = $2${options.forUpdate ? ' for update' : ''}`, [tx.workspaceId, id]);
  return rows[0] ? toRow(rows[0]) : undefined;
}

export async function listImports(tx: WorkspaceTx, limit: number, before?: { createdAt: Date; id: string }): Promise<ImportRow[]> {
  const { rows } = before
    ? await tx.query<Raw>(`select ${columns} from imports where workspace_id = $1 and (created_at, id) < ($2, $3) order by created_at desc, id desc limit $4`, [
        tx.workspaceId,
        before.createdAt,
        before.id,
        limit,
      ])
    : await tx.query<Raw>(`select ${columns} from imports where workspace_id = $1 order by created_at desc, id desc limit $2`, [tx.workspaceId, limit]);
  return rows.map(toRow);
}

export async function setStatus(tx: WorkspaceTx, id: string, status: ImportStatus, extra: { error?: ImportRow['error']; started?: boolean; finished?: boolean } = {}): Promise<void> {
  await tx.query(
    `update imports set status = $3, error = coalesce($4, error), updated_at = now(),
       started_at = case when $5 then coalesce(started_at, now()) else started_at end,
       finished_at = case when $6 then now() else finished_at end
     where workspace_id = $1 and id = $2`,
    [tx.workspaceId, id, status, extra.error ? JSON.stringify(extra.error) : null, extra.started === true, extra.finished === true],
  );
}

export async function setEstimate(tx: WorkspaceTx, id: string, estimatedRows: number | null): Promise<void> {
  await tx.query('update imports set estimated_rows = $3 where workspace_id = $1 and id = $2', [tx.workspaceId, id, estimatedRows]);
}

/** Adds a batch's counts and moves the checkpoint past it, in the batch's own transaction. */
export async function advance(tx: WorkspaceTx, id: string, counts: ImportCounts, checkpointRow: number): Promise<void> {
  await tx.query(
    `update imports set processed = processed + $3, created = created + $4, updated = updated + $5, unchanged = unchanged + $6, quarantined = quarantined + $7,
       checkpoint_row = greatest(checkpoint_row, $8), updated_at = now()
     where workspace_id = $1 and id = $2`,
    [tx.workspaceId, id, counts.processed, counts.created, counts.updated, counts.unchanged, counts.quarantined, checkpointRow],
  );
}

const maxStoredCell = 32_768;
const maxStoredRow = 262_144;

/**
 * Cells as the quarantine keeps them: NUL (which jsonb cannot hold) shown as
 * U+FFFD, long cells cut, so that a hostile row cannot make its own error
 * record fail or swell.
 */
function storableCells(cells: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let total = 0;
  for (const [name, value] of Object.entries(cells)) {
    let text = value.replaceAll('\u0000', '\ufffd');
    if (text.length > maxStoredCell) text = `${text.slice(0, maxStoredCell)}…`;
    total += text.length;
    if (total > maxStoredRow) break;
    out[name.replaceAll('\u0000', '\ufffd')] = text;
  }
  return out;
}

export async function insertErrors(tx: WorkspaceTx, importId: string, rows: readonly QuarantinedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into import_errors (workspace_id, import_id, row_number, line, cells, reasons)
     select $1, $2, e.row, e.line, e.cells, e.reasons from jsonb_to_recordset($3::jsonb) as e("row" integer, line integer, cells jsonb, reasons jsonb)
     on conflict (import_id, row_number) do update set cells = excluded.cells, reasons = excluded.reasons`,
    [tx.workspaceId, importId, JSON.stringify(rows.map((r) => ({ ...r, cells: storableCells(r.cells) }))).replace(/\\u0000/g, '\\ufffd')],
  );
}

export async function listErrors(tx: WorkspaceTx, importId: string, afterRow: number, limit: number): Promise<QuarantinedRow[]> {
  const { rows } = await tx.query<QuarantinedRow>(
    'select row_number as "row", line, cells, reasons from import_errors where workspace_id = $1 and import_id = $2 and row_number > $3 order by row_number limit $4',
    [tx.workspaceId, importId, afterRow, limit],
  );
  return rows;
}

export async function insertBatch(tx: WorkspaceTx, importId: string, batch: BatchChanges): Promise<void> {
  if (batch.createdIds.length === 0 && batch.createdCompanyIds.length === 0 && batch.createdActivityIds.length === 0 && batch.updated.length === 0) return;
  await tx.query(
    `insert into import_batches (workspace_id, import_id, first_row, last_row, created_ids, created_company_ids, created_activity_ids, updated)
     values ($1, $2, $3, $4, $5::uuid[], $6::uuid[], $7::uuid[], $8)`,
    [tx.workspaceId, importId, batch.firstRow, batch.lastRow, batch.createdIds, batch.createdCompanyIds, batch.createdActivityIds, JSON.stringify(batch.updated)],
  );
}

/** The batches still to revert, last first (a revert deletes each batch's row as it goes, so a restarted revert goes on). */
export async function nextBatchToRevert(tx: WorkspaceTx, importId: string): Promise<BatchChanges | undefined> {
  const { rows } = await tx.query<{ first_row: number; last_row: number; created_ids: string[]; created_company_ids: string[]; created_activity_ids: string[]; updated: BatchChanges['updated'] }>(
    'select first_row, last_row, created_ids, created_company_ids, created_activity_ids, updated from import_batches where workspace_id = $1 and import_id = $2 order by first_row desc limit 1',
    [tx.workspaceId, importId],
  );
  const row = rows[0];
  return row
    ? { firstRow: row.first_row, lastRow: row.last_row, createdIds: row.created_ids, createdCompanyIds: row.created_company_ids, createdActivityIds: row.created_activity_ids, updated: row.updated }
    : undefined;
}

export interface RevertSummary {
  trashed: number;
  restored: number;
  /** Updated records left as they are because someone changed those fields after the import. */
  keptChanged: number;
}

export async function addRevertSummary(tx: WorkspaceTx, importId: string, add: RevertSummary): Promise<void> {
  await tx.query(
    `update imports set updated_at = now(), revert_summary = jsonb_build_object(
       'trashed', coalesce((revert_summary->>'trashed')::int, 0) + $3,
       'restored', coalesce((revert_summary->>'restored')::int, 0) + $4,
       'keptChanged', coalesce((revert_summary->>'keptChanged')::int, 0) + $5)
     where workspace_id = $1 and id = $2`,
    [tx.workspaceId, importId, add.trashed, add.restored, add.keptChanged],
  );
}

export async function deleteBatch(tx: WorkspaceTx, importId: string, firstRow: number): Promise<void> {
  await tx.query('delete from import_batches where workspace_id = $1 and import_id = $2 and first_row = $3', [tx.workspaceId, importId, firstRow]);
}
