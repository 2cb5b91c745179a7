import { createReadStream } from 'node:fs';
import type { ApiRecord, BulkWriter, LookupTables, ObjectName, RecordContext, RecordService } from '@nexus/crm-core';
import { bulkObjects, type BulkObject } from '@nexus/crm-core';
import type { Database, WorkspaceTx } from '@nexus/db';
import { isAppError, type AuthContext, type Logger } from '@nexus/platform';
import { createRowConverter, type RowLookups } from '../convert/row-converter';
import type { SourceRow } from '../import-source';
import { openImportFile } from '../open-import-file';
import {
  addRevertSummary,
  advance,
  deleteBatch,
  findImport,
  insertBatch,
  insertErrors,
  nextBatchToRevert,
  setStatus,
  type BatchChanges,
  type ImportCounts,
  type ImportRow,
  type QuarantinedRow,
  type RevertSummary,
} from './import-store';
import { keysOf, mergeInputs, planUpdate, valuesOf, type PendingRow } from './plan-batch';

export interface ImportJobDeps {
  db: Database;
  records: RecordService;
  bulk: BulkWriter;
  log: Logger;
  /** Rows per transaction. */
  batchSize: number;
  /** Normalises and checks a record's input before it is written (the Enrichment service's rules); throws an AppError of kind user to refuse the row. */
  prepareInput?: ((object: ObjectName, input: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** Checked between batches: true leaves the import running, to resume later. */
  shouldStop?: () => boolean;
}

/** The caller an import runs as: its creator, with the role and visibility they had when they started it. */
export interface ImportActor {
  userId: string;
  role: AuthContext['role'];
  visibility: AuthContext['visibility'];
  actor: AuthContext['actor'];
}

function authOf(workspaceId: string, actor: ImportActor): AuthContext {
  return { workspaceId, userId: actor.userId, role: actor.role, actor: actor.actor, scopes: new Set(['read', 'write']), visibility: actor.visibility, sessionId: null };
}

function reasonsOf(error: unknown): QuarantinedRow['reasons'] {
  if (!isAppError(error)) throw error;
  if (error.kind !== 'user') throw error;
  const details = error.details;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((d: { path?: string; message?: string }) => ({ field: d.path, message: `${d.path ? `${d.path} ` : ''}${d.message ?? error.message}` }));
  }
  const field = typeof details === 'object' && details !== null && 'field' in details ? String(details.field) : undefined;
  return [{ code: error.code, field, message: error.message }];
}

/** Runs `fn` in a savepoint: a refused row rolls back alone, and the batch goes on. */
async function isolated<T>(tx: WorkspaceTx, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reasons: QuarantinedRow['reasons'] }> {
  await tx.query('savepoint import_row');
  try {
    const value = await fn();
    await tx.query('release savepoint import_row');
    return { ok: true, value };
  } catch (error) {
    await tx.query('rollback to savepoint import_row');
    return { ok: false, reasons: reasonsOf(error) };
  }
}

interface BatchContext {
  job: ImportRow;
  auth: AuthContext;
  convert: ReturnType<typeof createRowConverter>;
  tables: LookupTables;
}

/**
 * Writes one batch of source rows in one transaction: converts and checks
 * every row, resolves names (company, contacts, stage, owner) to ids,
 * matches rows to stored records by their unique keys, creates the new ones
 * set-wise and updates the matched ones, quarantines what is refused, and
 * moves the import's checkpoint past the batch — all or nothing, so a crash
 * resumes exactly after the last committed batch.
 */
export interface ConvertedRows {
  first: number;
  last: number;
  count: number;
  rows: (PendingRow & { lookups: RowLookups })[];
  errors: QuarantinedRow[];
}

/** Converts and checks each row on its own: no database, so it runs while the previous batch is being written. */
export function convertRows(deps: ImportJobDeps, bc: BatchContext, sourceRows: readonly SourceRow[]): ConvertedRows {
  const object = bc.job.object;
  const errors: QuarantinedRow[] = [];
  const quarantine = (row: { line: number; cells: Record<string, string> }, reasons: QuarantinedRow['reasons']) => errors.push({ line: row.line, cells: row.cells, reasons });
  // 1. Convert and check each row on its own.
  const converted: (PendingRow & { lookups: RowLookups })[] = [];
  for (const row of sourceRows) {
    if (row.status === 'invalid') {
      quarantine(row, row.issues.map((i) => ({ code: i.code, column: i.column, field: i.field, message: i.message })));
      continue;
    }
    const result = bc.convert(row);
    if (result.status === 'invalid') {
      quarantine(row, result.issues.map((i) => ({ code: i.code, column: i.column, field: i.field, message: i.message })));
      continue;
    }
    let input = result.input;
    if (deps.prepareInput) {
      try {
        input = deps.prepareInput(object, input);
      } catch (error) {
        quarantine(row, reasonsOf(error));
        continue;
      }
    }
    converted.push({ line: row.line, cells: row.cells, input, note: result.note, lookups: result.lookups });
  }
  return { first: sourceRows[0]?.line ?? 0, last: sourceRows[sourceRows.length - 1]?.line ?? 0, count: sourceRows.length, rows: converted, errors };
}

export async function writeBatch(deps: ImportJobDeps, bc: BatchContext, converted: ConvertedRows): Promise<ImportCounts> {
  const { job } = bc;
  const object = job.object;
  if (converted.count === 0) return { processed: 0, created: 0, updated: 0, unchanged: 0, quarantined: 0 };
  return deps.db.withWorkspace(job.workspaceId, async (tx) => {
    const ctx: RecordContext = { tx, auth: bc.auth, requestId: `import:${job.id}` };
    const errors: QuarantinedRow[] = [];
    const quarantine = (row: { line: number; cells: Record<string, string> }, reasons: QuarantinedRow['reasons']) => errors.push({ line: row.line, cells: row.cells, reasons });
    const counts: ImportCounts = { processed: converted.count, created: 0, updated: 0, unchanged: 0, quarantined: 0 };
    const changes: BatchChanges = { firstLine: converted.first, lastLine: converted.last, createdIds: [], createdActivityIds: [], updated: [] };

    for (const error of converted.errors) errors.push(error);
    const converted_ = converted.rows;
    // 2. Names to ids.
    const resolved = await resolveLookups(deps, ctx, bc, converted_, quarantine);

    // 3. Match to stored records, and to rows earlier in this batch.
    const externalIds = resolved.map((p) => p.input.externalId).filter((v): v is string => typeof v === 'string');
    const emails = object === 'contacts' ? resolved.flatMap((p) => ((p.input.emails as string[] | undefined) ?? []).map((e) => e.toLowerCase())) : [];
    const domains = object === 'companies' ? resolved.map((p) => p.input.domain).filter((v): v is string => typeof v === 'string').map((d) => d.toLowerCase()) : [];
    const found = await deps.bulk.findByKeys(ctx, object, { externalIds, emails, domains });
    const storedByKey = new Map<string, ApiRecord>();
    for (const record of found.records) for (const key of keysOf(object, record)) storedByKey.set(key, record);
    const creates: PendingRow[] = [];
    const createByKey = new Map<string, PendingRow>();
    const updates = new Map<string, { record: ApiRecord; rows: PendingRow[] }>();
    for (const row of resolved) {
      if (typeof row.input.externalId === 'string' && found.blockedExternalIds.has(row.input.externalId)) {
        quarantine(row, [{ field: 'externalId', code: 'already_exists', message: 'externalId belongs to a record in the trash or one you cannot change' }]);
        continue;
      }
      const keys = keysOf(object, row.input);
      const stored = [...new Map(keys.map((k) => storedByKey.get(k)).filter((r): r is ApiRecord => r !== undefined).map((r) => [r.id, r])).values()];
      if (stored.length > 1) {
        quarantine(row, [{ code: 'ambiguous_match', message: `The row matches ${stored.length} stored records (${stored.map((r) => r.id).join(', ')}); merge them first or fix the row` }]);
        continue;
      }
      const target = stored[0];
      if (target) {
        const entry = updates.get(target.id) ?? { record: target, rows: [] };
        entry.rows.push(row);
        updates.set(target.id, entry);
        continue;
      }
      const earlier = keys.map((k) => createByKey.get(k)).find((p) => p !== undefined);
      if (earlier) {
        mergeInputs(earlier.input, row.input);
        if (row.note !== undefined) earlier.note = earlier.note === undefined ? row.note : `${earlier.note}\n\n${row.note}`;
        counts.updated += 1;
        for (const key of keysOf(object, earlier.input)) createByKey.set(key, earlier);
        continue;
      }
      creates.push(row);
      for (const key of keys) createByKey.set(key, row);
    }

    // 4. Creates: set-wise for contacts and companies, one by one (each isolated) for deals and activities.
    const createdIdByLine = new Map<number, string>();
    if ((bulkObjects as readonly string[]).includes(object)) {
      const definitions = await deps.bulk.definitions(ctx, object);
      const valid: PendingRow[] = [];
      for (const row of creates) {
        const checked = deps.bulk.validate(object as BulkObject, row.input, definitions);
        if (checked.ok) valid.push({ ...row, input: checked.input });
        else quarantine(row, checked.issues);
      }
      const { records, rejected } = await deps.bulk.createMany(ctx, object as BulkObject, valid.map((r) => r.input), { importId: job.id });
      let next = 0;
      for (const [index, row] of valid.entries()) {
        const refused = rejected.get(index);
        if (refused) {
          quarantine(row, refused);
          continue;
        }
        const record = records[next];
        next += 1;
        if (!record) continue;
        createdIdByLine.set(row.line, record.id);
        changes.createdIds.push(record.id);
        counts.created += 1;
      }
    } else {
      for (const row of creates) {
        const result = await isolated(tx, () => deps.records.create(ctx, object, row.input));
        if (!result.ok) {
          quarantine(row, result.reasons);
          continue;
        }
        createdIdByLine.set(row.line, result.value.id);
        changes.createdIds.push(result.value.id);
        counts.created += 1;
      }
    }

    // 5. Updates of matched records, each isolated.
    for (const { record, rows } of updates.values()) {
      const merged: Record<string, unknown> = {};
      for (const row of rows) mergeInputs(merged, row.input);
      delete merged.externalId;
      const plan = planUpdate(record, merged, job.options.onExisting);
      const lead = rows[0];
      if (!lead) continue;
      if (Object.keys(plan.patch).length === 0) {
        counts.unchanged += rows.length;
        for (const row of rows) createdIdByLine.set(row.line, record.id);
        continue;
      }
      const result = await isolated(tx, () => deps.records.update(ctx, object, record.id, plan.patch, { source: 'body', version: record.version }));
      if (!result.ok) {
        for (const row of rows) quarantine(row, result.reasons);
        continue;
      }
      changes.updated.push({ id: record.id, before: plan.before, after: valuesOf(result.value, plan.before) });
      counts.updated += rows.length;
      for (const row of rows) createdIdByLine.set(row.line, record.id);
    }

    // 6. A row's note column becomes a note on its record.
    const relation = object === 'contacts' ? 'contactIds' : object === 'companies' ? 'companyIds' : object === 'deals' ? 'dealIds' : undefined;
    if (relation) {
      for (const row of [...creates, ...[...updates.values()].flatMap((u) => u.rows)]) {
        const id = createdIdByLine.get(row.line);
        if (row.note === undefined || id === undefined) continue;
        const note = row.note;
        const result = await isolated(tx, () => deps.records.create(ctx, 'activities', { type: 'note', body: note, [relation]: [id] }));
        if (result.ok) changes.createdActivityIds.push(result.value.id);
      }
    }

    counts.quarantined = errors.length;
    await insertErrors(tx, job.id, errors);
    await insertBatch(tx, job.id, changes);
    await advance(tx, job.id, counts, converted.last);
    return counts;
  });
}

/** Turns the names a row gives (company, contacts' e-mails, stage, owner) into ids; creates a company named but not found. */
async function resolveLookups(
  deps: ImportJobDeps,
  ctx: RecordContext,
  bc: BatchContext,
  rows: (PendingRow & { lookups: RowLookups })[],
  quarantine: (row: PendingRow, reasons: QuarantinedRow['reasons']) => void,
): Promise<PendingRow[]> {
  const object = bc.job.object;
  const out: PendingRow[] = [];
  const wantsCompany = object === 'contacts' || object === 'deals';
  const companyDomains = wantsCompany ? rows.map((r) => r.lookups.companyDomain?.toLowerCase()).filter((v): v is string => v !== undefined) : [];
  const companyNames = wantsCompany ? rows.map((r) => r.lookups.companyName).filter((v): v is string => v !== undefined) : [];
  const companyByDomain = new Map<string, string>();
  const companyByName = new Map<string, string>();
  if (companyDomains.length > 0) {
    const found = await deps.bulk.findByKeys(ctx, 'companies', { domains: companyDomains });
    for (const record of found.records) if (typeof record.domain === 'string') companyByDomain.set(record.domain.toLowerCase(), record.id);
  }
  if (companyNames.length > 0) for (const company of await deps.bulk.companiesByName(ctx, companyNames)) if (!companyByName.has(company.name)) companyByName.set(company.name, company.id);
  // Companies named but not stored are created once per batch, as a CRM import of contacts with a company column does.
  const missing = new Map<string, { name: string; domain?: string }>();
  for (const row of rows) {
    const { companyName, companyDomain } = row.lookups;
    const domain = companyDomain?.toLowerCase();
    if ((domain && companyByDomain.has(domain)) || (!domain && companyName && companyByName.has(companyName))) continue;
    if (!companyName && !domain) continue;
    const key = domain ?? `name:${companyName ?? ''}`;
    if (!missing.has(key)) missing.set(key, { name: companyName ?? domain ?? '', ...(domain ? { domain } : {}) });
  }
  if (missing.size > 0) {
    const entries = [...missing.entries()];
    const definitions: never[] = [];
    const inputs = entries.map(([, value]) => deps.bulk.validate('companies', value, definitions)).map((v) => (v.ok ? v.input : undefined));
    const valid = entries.filter((_e, i) => inputs[i] !== undefined);
    const { records } = await deps.bulk.createMany(ctx, 'companies', inputs.filter((v): v is Record<string, unknown> => v !== undefined), { importId: bc.job.id });
    valid.forEach(([key, value], i) => {
      const record = records[i];
      if (!record) return;
      if (value.domain) companyByDomain.set(key, record.id);
      else companyByName.set(value.name, record.id);
    });
  }

  const contactEmails = rows.flatMap((r) => r.lookups.contactEmails ?? []).map((e) => e.toLowerCase());
  const contactByEmail = new Map<string, string>();
  if (contactEmails.length > 0) {
    const found = await deps.bulk.findByKeys(ctx, 'contacts', { emails: contactEmails });
    for (const record of found.records) for (const email of (record.emails as string[] | null) ?? []) contactByEmail.set(email.toLowerCase(), record.id);
  }
  const memberOf = (text: string) => bc.tables.members.find((m) => m.email === text.toLowerCase() || m.name.toLowerCase() === text.toLowerCase())?.id;

  for (const row of rows) {
    const { lookups } = row;
    const input = { ...row.input };
    const reasons: QuarantinedRow['reasons'] = [];
    if (wantsCompany && input.companyId === undefined && (lookups.companyName || lookups.companyDomain)) {
      const domain = lookups.companyDomain?.toLowerCase();
      const id = (domain ? companyByDomain.get(domain) : undefined) ?? (lookups.companyName ? companyByName.get(lookups.companyName) : undefined);
      if (id) input.companyId = id;
    }
    if (lookups.contactEmails && lookups.contactEmails.length > 0 && (object === 'deals' || object === 'activities')) {
      const ids = lookups.contactEmails.map((e) => contactByEmail.get(e.toLowerCase()));
      const unknown = lookups.contactEmails.filter((_e, i) => ids[i] === undefined);
      if (unknown.length > 0) reasons.push({ field: 'contactEmails', message: `No contact has the e-mail ${unknown.join(', ')}` });
      else input.contactIds = [...new Set([...((input.contactIds as string[] | undefined) ?? []), ...(ids as string[])])];
    }
    if (object === 'deals' && (lookups.stageName || lookups.pipelineName) && input.stageId === undefined) {
      const stage = bc.tables.stages.find(
        (s) =>
          (!lookups.stageName || s.name.toLowerCase() === lookups.stageName.toLowerCase()) &&
          (lookups.pipelineName ? s.pipelineName.toLowerCase() === lookups.pipelineName.toLowerCase() : true),
      );
      if (!stage) reasons.push({ field: 'stageName', message: `No stage "${lookups.stageName ?? ''}"${lookups.pipelineName ? ` in pipeline "${lookups.pipelineName}"` : ''}` });
      else {
        input.stageId = stage.id;
        input.pipelineId = stage.pipelineId;
      }
    }
    for (const [lookup, field] of [
      ['owner', 'ownerId'],
      ['assignee', 'assigneeId'],
    ] as const) {
      const text = lookups[lookup];
      if (!text || input[field] !== undefined) continue;
      const id = memberOf(text);
      if (id) input[field] = id;
      else reasons.push({ field: lookup, message: `"${text}" is not a member of this workspace` });
    }
    if (reasons.length > 0) quarantine(row, reasons);
    else out.push({ line: row.line, cells: row.cells, input, note: row.note });
  }
  return out;
}

export type ImportProgress = (job: ImportRow) => void;

/**
 * Runs an import from its checkpoint to the end of its file. Returns when
 * the file is done (completed) or cannot be read on (failed); rows written
 * before a failure stay, and a revert undoes them.
 */
export async function runImport(deps: ImportJobDeps, workspaceId: string, importId: string, actor: ImportActor): Promise<void> {
  const job = await deps.db.withWorkspace(workspaceId, async (tx) => {
    const row = await findImport(tx, importId, { forUpdate: true });
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
    await setStatus(tx, importId, 'running', { started: true });
    return row;
  });
  if (!job) return;
  const auth = authOf(workspaceId, actor);
  try {
    const { definitions, tables } = await deps.db.withWorkspace(
      workspaceId,
      async (tx) => {
        const ctx: RecordContext = { tx, auth, requestId: null };
        return { definitions: await deps.bulk.definitions(ctx, job.object), tables: await deps.bulk.lookupTables(ctx) };
      },
      { readOnly: true },
    );
    const convert = createRowConverter({ object: job.object, mapping: job.mapping, customFields: definitions, ...(job.options.dateOrder ? { dateOrder: job.options.dateOrder } : {}) });
    const source = await openImportFile(createReadStream(job.filePath), { format: job.format, filename: job.fileName });
    try {
      // One batch is written while the next is read and converted: the database and the parser work at the same time.
      // Batches still commit one after another, so the checkpoint always marks a prefix of the file.
      let inflight: Promise<unknown> | undefined;
      const context = { job, auth, convert, tables };
      const flush = async (rows: SourceRow[]) => {
        const converted = convertRows(deps, context, rows);
        await inflight;
        inflight = writeBatch(deps, context, converted);
        inflight.catch(() => undefined);
      };
      let batch: SourceRow[] = [];
      for await (const row of source.rows) {
        if (row.line <= job.checkpointLine) continue;
        batch.push(row);
        if (batch.length >= deps.batchSize) {
          if (deps.shouldStop?.()) {
            await inflight;
            return;
          }
          await flush(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await flush(batch);
      await inflight;
    } finally {
      await source.close();
    }
    await deps.db.withWorkspace(workspaceId, (tx) => setStatus(tx, importId, 'completed', { finished: true }));
  } catch (error) {
    const user = isAppError(error) && error.kind === 'user';
    if (!user) deps.log.error({ err: error, importId }, 'import failed');
    const reason = user ? { code: error.code, message: error.message } : { code: 'import_failed', message: 'The import stopped on an unexpected error; rows written so far are kept and can be reverted' };
    await deps.db.withWorkspace(workspaceId, (tx) => setStatus(tx, importId, 'failed', { error: reason, finished: true }));
  }
}

/**
 * Undoes an import batch by batch, last first: records it created go to the
 * trash (restorable), records it updated get their old values back unless
 * someone changed those fields since (then they are left and counted). Each
 * batch is undone in one transaction and then forgotten, so a revert
 * interrupted by a crash goes on where it stopped.
 */
export async function revertImport(deps: ImportJobDeps, workspaceId: string, importId: string, actor: ImportActor): Promise<void> {
  const auth = authOf(workspaceId, actor);
  for (;;) {
    const done = await deps.db.withWorkspace(workspaceId, async (tx) => {
      const job = await findImport(tx, importId, { forUpdate: true });
      if (!job || job.status !== 'reverting') return true;
      const batch = await nextBatchToRevert(tx, importId);
      if (!batch) {
        await setStatus(tx, importId, 'reverted', { finished: true });
        return true;
      }
      const ctx: RecordContext = { tx, auth, requestId: `import-revert:${importId}` };
      const summary: RevertSummary = { trashed: 0, restored: 0, keptChanged: 0 };
      for (const change of batch.updated) {
        const current = await isolated(tx, () => deps.records.get(ctx, job.object, change.id));
        if (!current.ok || JSON.stringify(valuesOf(current.value, change.before)) !== JSON.stringify(change.after)) {
          summary.keptChanged += 1;
          continue;
        }
        const restored = await isolated(tx, () => deps.records.update(ctx, job.object, change.id, change.before, { source: 'body', version: current.value.version }));
        if (restored.ok) summary.restored += 1;
        else summary.keptChanged += 1;
      }
      for (const id of batch.createdActivityIds) {
        const removed = await isolated(tx, () => deps.records.remove(ctx, 'activities', id));
        if (removed.ok) summary.trashed += 1;
      }
      if ((bulkObjects as readonly string[]).includes(job.object)) {
        summary.trashed += await deps.bulk.softDeleteMany(ctx, job.object as BulkObject, batch.createdIds, { importId });
      } else {
        for (const id of batch.createdIds) {
          const removed = await isolated(tx, () => deps.records.remove(ctx, job.object, id));
          if (removed.ok) summary.trashed += 1;
        }
      }
      await addRevertSummary(tx, importId, summary);
      await deleteBatch(tx, importId, batch.firstLine);
      return false;
    });
    if (done) return;
  }
}
