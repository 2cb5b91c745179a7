import type { ApiRecord, BulkWriter, LookupTables, ObjectName, RecordContext, RecordService } from '@nexus/crm-core';
import { bulkObjects, type BulkObject } from '@nexus/crm-core';
import { classifyDbError, type Database, type WorkspaceTx } from '@nexus/db';
import { isAppError, type AuthContext, type Logger } from '@nexus/platform';
import type { createRowConverter, RowLookups } from '../convert/row-converter';
import type { SourceRow } from '../import-source';
import { advance, insertBatch, insertErrors, type BatchChanges, type ImportCounts, type ImportRow, type QuarantinedRow } from './import-store';
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

/** A source row with its number in file order (1 for the first row), which checkpoints and the quarantine key on. */
export type NumberedRow = SourceRow & { row: number };

type Reasons = QuarantinedRow['reasons'];

/** What a refused row is told: the AppError's details, or what a constraint said. Anything else is not the row's fault, and is thrown. */
export function reasonsOf(error: unknown): Reasons {
  if (isAppError(error)) {
    if (error.kind !== 'user') throw error;
    const details = error.details;
    if (Array.isArray(details) && details.length > 0) {
      return details.map((d: { path?: string; message?: string }) => ({ field: d.path, message: `${d.path ? `${d.path} ` : ''}${d.message ?? error.message}` }));
    }
    const field = typeof details === 'object' && details !== null && 'field' in details ? String(details.field) : undefined;
    return [{ code: error.code, field, message: error.message }];
  }
  const db = classifyDbError(error);
  if (db.type === 'unique_violation') return [{ code: 'already_exists', message: 'Another record already has one of this row\u2019s unique values (an externalId taken meanwhile?)' }];
  if (db.type === 'invalid_input' || db.type === 'check_violation') return [{ code: 'invalid_value', message: 'A value cannot be stored in its field (too long, out of range or malformed)' }];
  if (db.type === 'foreign_key_violation') return [{ code: 'invalid_reference', message: 'The row refers to a record that no longer exists' }];
  throw error;
}

/** Runs `fn` in a savepoint: a refused row rolls back alone, and the batch goes on. */
export async function isolated<T>(tx: WorkspaceTx, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; reasons: Reasons }> {
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

export interface BatchContext {
  job: ImportRow;
  auth: AuthContext;
  convert: ReturnType<typeof createRowConverter>;
  tables: LookupTables;
}

type Converted = PendingRow & { lookups: RowLookups };

export interface ConvertedRows {
  first: number;
  last: number;
  count: number;
  rows: Converted[];
  errors: QuarantinedRow[];
}

const issueReasons = (issues: readonly { code?: string; column?: string | undefined; field?: string | undefined; message: string }[]): Reasons =>
  issues.map((i) => ({ code: i.code, column: i.column, field: i.field, message: i.message }));

/** Converts and checks each row on its own: no database, so it runs while the previous batch is being written. */
export function convertRows(deps: ImportJobDeps, bc: BatchContext, sourceRows: readonly NumberedRow[]): ConvertedRows {
  const object = bc.job.object;
  const errors: QuarantinedRow[] = [];
  const quarantine = (row: NumberedRow, reasons: Reasons) => errors.push({ row: row.row, line: row.line, cells: row.cells, reasons });
  const rows: Converted[] = [];
  for (const row of sourceRows) {
    if (row.status === 'invalid') {
      quarantine(row, issueReasons(row.issues));
      continue;
    }
    // The database cannot store NUL; a file with them was most likely read in the wrong encoding.
    const nul = Object.entries(row.cells).find(([, value]) => value.includes('\u0000'));
    if (nul) {
      quarantine(row, [{ code: 'invalid_value', column: nul[0], message: `Column "${nul[0]}" holds a NUL character: is the file in another encoding?` }]);
      continue;
    }
    const result = bc.convert(row);
    if (result.status === 'invalid') {
      quarantine(row, issueReasons(result.issues));
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
    rows.push({ row: row.row, line: row.line, cells: row.cells, input, note: result.note, lookups: result.lookups, merged: [] });
  }
  return { first: sourceRows[0]?.row ?? 0, last: sourceRows[sourceRows.length - 1]?.row ?? 0, count: sourceRows.length, rows, errors };
}

/**
 * Writes one batch of rows in one transaction: resolves names (company,
 * contacts, stage, owner) to ids, matches rows to stored records by their
 * unique keys and to earlier rows of the batch, creates the new records
 * (set-wise for contacts and companies) and updates the matched ones,
 * quarantines what is refused with its reasons, and moves the import's
 * checkpoint past the batch — all or nothing, so a crash resumes exactly
 * after the last committed batch.
 */
export async function writeBatch(deps: ImportJobDeps, bc: BatchContext, converted: ConvertedRows): Promise<ImportCounts> {
  const { job } = bc;
  const object = job.object;
  if (converted.count === 0) return { processed: 0, created: 0, updated: 0, unchanged: 0, quarantined: 0 };
  return deps.db.withWorkspace(job.workspaceId, async (tx) => {
    const ctx: RecordContext = { tx, auth: bc.auth, requestId: `import:${job.id}` };
    const errors: QuarantinedRow[] = [...converted.errors];
    const quarantine = (row: PendingRow, reasons: Reasons) => {
      errors.push({ row: row.row, line: row.line, cells: row.cells, reasons });
      // Rows folded into this one (the same key further down the file) share its fate.
      for (const merged of row.merged) {
        errors.push({ row: merged.row, line: merged.line, cells: merged.cells, reasons: [{ code: 'refused_with_row', message: `Same record as line ${row.line}, which was refused` }, ...reasons] });
      }
    };
    const counts: ImportCounts = { processed: converted.count, created: 0, updated: 0, unchanged: 0, quarantined: 0 };
    const changes: BatchChanges = { firstRow: converted.first, lastRow: converted.last, createdIds: [], createdCompanyIds: [], createdActivityIds: [], updated: [] };

    const resolved = await resolveLookups(deps, ctx, bc, converted.rows, quarantine, changes);

    // Match to stored records, and to rows earlier in this batch.
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
      const earlier = keys.map((k) => createByKey.get(k)).find((p) => p !== undefined);
      if (stored.length > 1 || (stored.length === 1 && earlier)) {
        const ids = stored.map((r) => r.id);
        quarantine(row, [{ code: 'ambiguous_match', message: `The row matches ${ids.length > 1 ? `${ids.length} stored records (${ids.join(', ')})` : `a stored record (${ids[0] ?? ''}) and line ${earlier?.line ?? '?'} of the file`}; merge them first or fix the row` }]);
        continue;
      }
      const target = stored[0];
      if (target) {
        const entry = updates.get(target.id) ?? { record: target, rows: [] };
        entry.rows.push(row);
        updates.set(target.id, entry);
        continue;
      }
      if (earlier) {
        mergeInputs(earlier.input, row.input);
        if (row.note !== undefined) earlier.note = earlier.note === undefined ? row.note : `${earlier.note}\n\n${row.note}`;
        earlier.merged.push(row);
        for (const key of keysOf(object, earlier.input)) createByKey.set(key, earlier);
        continue;
      }
      creates.push(row);
      for (const key of keys) createByKey.set(key, row);
    }

    // Creates: set-wise for contacts and companies, one by one (each isolated) for deals and activities.
    const recordIdOf = new Map<number, string>();
    const created = (row: PendingRow, id: string) => {
      recordIdOf.set(row.row, id);
      changes.createdIds.push(id);
      counts.created += 1;
      // Later rows of the file with the same key updated the record this row created.
      counts.updated += row.merged.length;
    };
    if ((bulkObjects as readonly string[]).includes(object)) {
      const bulkObject = object as BulkObject;
      const definitions = await deps.bulk.definitions(ctx, object);
      const valid: PendingRow[] = [];
      for (const row of creates) {
        const checked = deps.bulk.validate(bulkObject, row.input, definitions);
        if (checked.ok) valid.push({ ...row, input: checked.input });
        else quarantine(row, checked.issues);
      }
      const all = await isolated(tx, () => deps.bulk.createMany(ctx, bulkObject, valid.map((r) => r.input), { importId: job.id }));
      if (all.ok) {
        let next = 0;
        for (const [index, row] of valid.entries()) {
          const refused = all.value.rejected.get(index);
          if (refused) {
            quarantine(row, refused);
            continue;
          }
          const id = all.value.ids[next];
          next += 1;
          if (id) created(row, id);
        }
      } else {
        // A constraint refused the set (a value too long for its column, an externalId taken meanwhile): row by row, to find which.
        for (const row of valid) {
          const one = await isolated(tx, () => deps.bulk.createMany(ctx, bulkObject, [row.input], { importId: job.id }));
          const refused = one.ok ? one.value.rejected.get(0) : one.reasons;
          const id = one.ok ? one.value.ids[0] : undefined;
          if (refused || !id) quarantine(row, refused ?? [{ message: 'The row could not be written' }]);
          else created(row, id);
        }
      }
    } else {
      for (const row of creates) {
        const result = await isolated(tx, () => deps.records.create(ctx, object, row.input));
        if (result.ok) created(row, result.value.id);
        else quarantine(row, result.reasons);
      }
    }

    // Updates of matched records, each isolated.
    for (const { record, rows } of updates.values()) {
      const merged: Record<string, unknown> = {};
      for (const row of rows) mergeInputs(merged, row.input);
      // An external id fills a record that has none; it never replaces one.
      if (record.externalId !== null && record.externalId !== undefined) delete merged.externalId;
      const plan = planUpdate(record, merged, job.options.onExisting);
      for (const row of rows) recordIdOf.set(row.row, record.id);
      if (Object.keys(plan.patch).length === 0) {
        counts.unchanged += rows.length;
        continue;
      }
      const result = await isolated(tx, () => deps.records.update(ctx, object, record.id, plan.patch, { source: 'body', version: record.version }));
      if (!result.ok) {
        for (const row of rows) {
          recordIdOf.delete(row.row);
          quarantine(row, result.reasons);
        }
        continue;
      }
      changes.updated.push({ id: record.id, before: plan.before, after: valuesOf(result.value, plan.before) });
      counts.updated += rows.length;
    }

    // A row's note column becomes a note on its record.
    const relation = object === 'contacts' ? 'contactIds' : object === 'companies' ? 'companyIds' : object === 'deals' ? 'dealIds' : undefined;
    if (relation) {
      for (const row of [...creates, ...[...updates.values()].flatMap((u) => u.rows)]) {
        const id = recordIdOf.get(row.row);
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

/**
 * Turns the names a row gives (contacts' e-mails, stage, owner, company) into
 * ids. A company named but not stored is created, once per batch and only for
 * rows that nothing else refused, and recorded so that a revert removes it.
 */
async function resolveLookups(
  deps: ImportJobDeps,
  ctx: RecordContext,
  bc: BatchContext,
  rows: readonly Converted[],
  quarantine: (row: PendingRow, reasons: Reasons) => void,
  changes: BatchChanges,
): Promise<PendingRow[]> {
  const object = bc.job.object;
  const contactEmails = rows.flatMap((r) => r.lookups.contactEmails ?? []).map((e) => e.toLowerCase());
  const contactByEmail = new Map<string, string>();
  if (contactEmails.length > 0 && (object === 'deals' || object === 'activities')) {
    const found = await deps.bulk.findByKeys(ctx, 'contacts', { emails: contactEmails });
    for (const record of found.records) for (const email of (record.emails as string[] | null) ?? []) contactByEmail.set(email.toLowerCase(), record.id);
  }
  const memberOf = (text: string) => bc.tables.members.find((m) => m.email === text.toLowerCase() || m.name.toLowerCase() === text.toLowerCase())?.id;

  const survivors: Converted[] = [];
  for (const row of rows) {
    const { lookups } = row;
    const input = { ...row.input };
    const reasons: Reasons = [];
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
    else survivors.push({ ...row, input });
  }

  const wantsCompany = object === 'contacts' || object === 'deals';
  const named = wantsCompany ? survivors.filter((r) => r.input.companyId === undefined && (r.lookups.companyName || r.lookups.companyDomain)) : [];
  if (named.length === 0) return survivors;
  const companyByDomain = new Map<string, string>();
  const companyByName = new Map<string, string>();
  const domains = named.map((r) => r.lookups.companyDomain?.toLowerCase()).filter((v): v is string => v !== undefined);
  const names = named.map((r) => r.lookups.companyName).filter((v): v is string => v !== undefined);
  if (domains.length > 0) {
    const found = await deps.bulk.findByKeys(ctx, 'companies', { domains });
    for (const record of found.records) if (typeof record.domain === 'string') companyByDomain.set(record.domain.toLowerCase(), record.id);
  }
  if (names.length > 0) for (const company of await deps.bulk.companiesByName(ctx, names)) if (!companyByName.has(company.name)) companyByName.set(company.name, company.id);
  const missing = new Map<string, { name: string; domain?: string }>();
  for (const row of named) {
    const { companyName, companyDomain } = row.lookups;
    const domain = companyDomain?.toLowerCase();
    if ((domain && companyByDomain.has(domain)) || (!domain && companyName && companyByName.has(companyName))) continue;
    const key = domain ?? `name:${companyName ?? ''}`;
    if (!missing.has(key)) missing.set(key, { name: companyName ?? domain ?? '', ...(domain ? { domain } : {}) });
  }
  if (missing.size > 0) {
    const checked = [...missing.entries()].flatMap(([key, value]) => {
      const result = deps.bulk.validate('companies', deps.prepareInput ? safePrepare(deps, value) : value, []);
      return result.ok ? [{ key, value, input: result.input }] : [];
    });
    const made = await isolated(ctx.tx, () => deps.bulk.createMany(ctx, 'companies', checked.map((c) => c.input), { importId: bc.job.id }));
    if (made.ok) {
      // The ids are those of the companies written, in order: a refused one has none.
      let next = 0;
      checked.forEach(({ key, value }, i) => {
        if (made.value.rejected.has(i)) return;
        const id = made.value.ids[next];
        next += 1;
        if (!id) return;
        changes.createdCompanyIds.push(id);
        if (value.domain) companyByDomain.set(key, id);
        else companyByName.set(value.name, id);
      });
    }
  }
  return survivors.map((row) => {
    if (row.input.companyId !== undefined || (!row.lookups.companyName && !row.lookups.companyDomain)) return row;
    const domain = row.lookups.companyDomain?.toLowerCase();
    const id = (domain ? companyByDomain.get(domain) : undefined) ?? (row.lookups.companyName ? companyByName.get(row.lookups.companyName) : undefined);
    return id ? { ...row, input: { ...row.input, companyId: id } } : row;
  });
}

function safePrepare(deps: ImportJobDeps, input: Record<string, unknown>): Record<string, unknown> {
  try {
    return deps.prepareInput?.('companies', input) ?? input;
  } catch {
    return input;
  }
}

