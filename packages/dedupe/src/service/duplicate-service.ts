import type { MatchableObject, MatchableRecord, MergeInput, RecordContext, RecordMerger } from '@nexus/crm-core';
import { matchableRecords, visibleRecordIds } from '@nexus/crm-core';
import { importedRecordIds, type DomainEvent, type OutboxConsumer, type SqlClient, type WorkspaceTx } from '@nexus/db';
import { AppError, isAppError, type AuthContext, type Logger } from '@nexus/platform';
import { defaultThresholds, findDuplicates, matchRecord, type DuplicatePair } from '../find-duplicates';
import { matchSpecs, toDedupeRecord } from './dedupe-records';
import { keyRecords, keysOf, recordsSharingKeys, removeKeys, storeKeys } from './duplicate-keys';
import { groupPairs, pageGroups, type DuplicateGroupView } from './duplicate-groups';
import {
  dismissedAmong,
  dismissPairs,
  openPairs,
  orderedPair,
  removeRecordPairs,
  replaceOpenPairs,
  replaceRecordPairs,
  upsertPairs,
  type ScoredPair,
} from './duplicate-store';
import { findMerge, insertMerge, listMerges, markUndone, mergeUndoneBefore, type MergeView } from './merge-store';

export const duplicateObjects = ['contacts', 'companies'] as const satisfies readonly MatchableObject[];

export interface DuplicateServiceDeps {
  merger: RecordMerger;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Pairs scoring at or above this are proposed as duplicates (0..1). Default 0.5. */
  reviewScore?: number | undefined;
  /** Pairs scoring at or above this are merged without asking (0..1); unset, never. */
  autoMergeScore?: number | undefined;
  /** Records a rescan reads per object at most. Default 100,000. */
  maxRescanRecords?: number | undefined;
  /** Candidates fetched for one blocking key of a record (on create, update or import). Default 200. */
  maxCandidates?: number | undefined;
}

export interface RescanResult {
  object: MatchableObject;
  records: number;
  candidatePairs: number;
  pairs: number;
  groups: number;
  autoMerged: number;
  /** True when the object has more records than a rescan reads: the newest were left out. */
  truncated: boolean;
}

/** Largest group proposed: a survivor and the most records one merge takes. */
const maxGroupSize = 21;
/** Open pairs read to build the groups of a listing. */
const maxListedPairs = 20_000;

const systemUserId = '00000000-0000-0000-0000-000000000000';

/** Who acts for an automatic merge: the system, for the whole workspace. */
function systemAuth(workspaceId: string): AuthContext {
  return { workspaceId, userId: systemUserId, role: 'owner', actor: { type: 'system', id: null }, scopes: new Set(['read', 'write', 'admin']), visibility: 'all', sessionId: null };
}

function isDuplicateObject(value: unknown): value is MatchableObject {
  return value === 'contacts' || value === 'companies';
}

function checkDuplicateObject(value: unknown): asserts value is MatchableObject {
  if (!isDuplicateObject(value)) throw new AppError('validation_failed', 'Only contacts and companies are matched', { details: [{ path: 'object', message: 'must be contacts or companies' }] });
}

function toStored(pair: DuplicatePair): ScoredPair {
  const [a, b] = orderedPair(pair.ids[0], pair.ids[1]);
  return { a, b, score: pair.score, reasons: pair.reasons.map((r) => ({ field: r.field, similarity: r.similarity, weight: r.weight })) };
}

/**
 * A `WorkspaceTx` over the outbox relay's own transaction, for a consumer
 * that reuses CRM Core's functions. Every query those functions run names its
 * workspace, so they stay within it without row-level security. The relay
 * commits after the consumer returns; `afterCommit` work (waking the relay
 * for the events written) runs then, when it next polls.
 */
function relayTx(client: SqlClient, workspaceId: string, later: (() => void)[]): WorkspaceTx {
  return {
    workspaceId,
    query: (sql, params) => client.query(sql, params),
    finalWrite: (sql, params) => client.query(sql, params),
    afterCommit: (fn) => later.push(fn),
  };
}

/**
 * Duplicate detection and reversible merges for contacts and companies.
 * Records are matched as they change (the `duplicates` outbox consumer:
 * candidates that share a blocking key, scored by the matching library;
 * an import's batches as a whole, with each other and the existing records) and
 * in full on demand or after an import (`rescan`, which also learns the
 * field weights by EM when there are enough candidate pairs). Pairs at or
 * above the review score are stored and listed as groups; above the
 * auto-merge score (when configured) they are merged at once, undoably.
 *
 * @example
 * const duplicates = createDuplicateService({ merger: createRecordMerger({ signal }), log, autoMergeScore: 0.97 });
 * relay consumers: [..., duplicates.consumer]
 */
export function createDuplicateService(deps: DuplicateServiceDeps) {
  const review = deps.reviewScore ?? defaultThresholds.review;
  const autoMerge = deps.autoMergeScore;
  if (!(review >= 0 && review <= 1) || (autoMerge !== undefined && !(autoMerge >= review && autoMerge <= 1))) {
    throw new AppError('validation_failed', 'Duplicate scores need 0 ≤ review ≤ auto-merge ≤ 1', { details: { review, autoMerge } });
  }
  const thresholds = { review, autoMerge: autoMerge ?? 1 };
  const maxRescanRecords = deps.maxRescanRecords ?? 100_000;
  const maxCandidates = deps.maxCandidates ?? 200;

  async function undoneAmong(tx: WorkspaceTx, ids: readonly string[]): Promise<boolean> {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (await mergeUndoneBefore(tx, ids[i]!, ids[j]!)) return true;
    return false;
  }

  /** Merges and records it; `automatic` merges act as the system. */
  async function applyMerge(ctx: RecordContext, object: MatchableObject, input: MergeInput, automatic: boolean) {
    const { survivor, snapshot } = await deps.merger.merge(ctx, object, input, { automatic });
    const createdBy = !automatic && ctx.auth.actor.type !== 'system' ? ctx.auth.userId : null;
    const merge = await insertMerge(ctx.tx, snapshot, { automatic, createdBy });
    await removeRecordPairs(ctx.tx, snapshot.mergedIds);
    return { merge, survivor };
  }

  /**
   * Auto-merges one set of records under a savepoint: a merge refused (a
   * record changed or vanished meanwhile) leaves nothing behind and is only
   * logged; detection goes on.
   */
  async function autoMergeRecords(tx: WorkspaceTx, object: MatchableObject, ids: readonly string[]): Promise<MergeView | null> {
    const sorted = [...ids].sort();
    const [survivorId, ...mergedIds] = sorted;
    if (!survivorId || mergedIds.length === 0) return null;
    const ctx: RecordContext = { tx, auth: systemAuth(tx.workspaceId), requestId: null };
    await tx.query('savepoint dedupe_auto_merge');
    try {
      const { merge } = await applyMerge(ctx, object, { survivorId, mergedIds: mergedIds.slice(0, 20) }, true);
      await tx.query('release savepoint dedupe_auto_merge');
      deps.log.info({ workspaceId: tx.workspaceId, object, mergeId: merge.id, survivorId, mergedIds }, 'duplicates merged automatically');
      return merge;
    } catch (error) {
      await tx.query('rollback to savepoint dedupe_auto_merge');
      if (isAppError(error) && error.kind === 'user') {
        deps.log.warn({ workspaceId: tx.workspaceId, object, survivorId, mergedIds, code: error.code }, 'automatic merge skipped');
        return null;
      }
      throw error;
    }
  }

  /**
   * Matches one record against its candidates and stores its pairs; the
   * pairs of a record that is gone are forgotten. Auto-merges the best pair
   * when it reaches the auto-merge score, was never dismissed and no merge of
   * the two was undone (an undo is a person saying "not the same").
   */
  async function detect(tx: WorkspaceTx, object: MatchableObject, recordId: string): Promise<{ pairs: number; autoMerged: MergeView | null }> {
    const [record] = await matchableRecords(tx, object, { ids: [recordId] });
    if (!record) {
      await removeRecordPairs(tx, [recordId]);
      await removeKeys(tx, object, [recordId]);
      return { pairs: 0, autoMerged: null };
    }
    const keys = keysOf(object, record);
    await storeKeys(tx, object, [{ id: record.id, keys: keys.stored }]);
    // Each key brings its own share: a common surname cannot crowd out the record with the same e-mail.
    const candidateIds = await recordsSharingKeys(tx, object, keys.lookup, { excludeIds: [recordId], perKey: maxCandidates, limit: maxCandidates * keys.lookup.length });
    const candidates = await matchableRecords(tx, object, { ids: candidateIds });
    const matches =
      candidates.length === 0
        ? []
        : matchRecord(
            toDedupeRecord(object, record),
            candidates.map((c) => toDedupeRecord(object, c)),
            { fields: matchSpecs[object].fields, thresholds },
          );
    const pairs = matches.map(toStored);
    await replaceRecordPairs(tx, object, recordId, pairs);
    let autoMerged: MergeView | null = null;
    if (autoMerge !== undefined) {
      const best = pairs.find((p) => p.score >= autoMerge);
      if (best) {
        const dismissed = await dismissedAmong(tx, object, [best.a, best.b]);
        if (!dismissed.has(`${best.a}:${best.b}`) && !(await mergeUndoneBefore(tx, best.a, best.b))) autoMerged = await autoMergeRecords(tx, object, [best.a, best.b]);
      }
    }
    return { pairs: pairs.length, autoMerged };
  }

  /**
   * Matches a batch of new records (an import's) at once: one query for the
   * candidates of all of them, blocking and scoring over the batch and its
   * candidates together, so rows of one file are matched with each other too.
   * Scores use the same tuned weights as single records.
   */
  async function detectBatch(tx: WorkspaceTx, object: MatchableObject, ids: readonly string[]): Promise<{ pairs: number; autoMerged: number }> {
    const records = await matchableRecords(tx, object, { ids });
    if (records.length === 0) return { pairs: 0, autoMerged: 0 };
    const batch = new Set(records.map((r) => r.id));
    const keys = records.map((r) => ({ id: r.id, ...keysOf(object, r) }));
    await storeKeys(tx, object, keys.map((k) => ({ id: k.id, keys: k.stored })));
    const candidateIds = await recordsSharingKeys(
      tx,
      object,
      keys.flatMap((k) => k.lookup),
      { excludeIds: [...batch], perKey: maxCandidates, limit: maxCandidates * records.length },
    );
    const candidates = await matchableRecords(tx, object, { ids: candidateIds });
    const run = findDuplicates(
      [...records, ...candidates].map((r) => toDedupeRecord(object, r)),
      // Pairs of two stored candidates were judged when those were new; only the batch's pairs are new here.
      { ...matchSpecs[object], thresholds, maxGroupSize, minPairsToLearn: Number.POSITIVE_INFINITY, log: deps.log, focus: records.length },
    );
    const pairs = run.pairs.filter((p) => batch.has(p.ids[0]) || batch.has(p.ids[1])).map(toStored);
    await upsertPairs(tx, object, pairs);
    let autoMerged = 0;
    if (autoMerge !== undefined) {
      const merged = new Set<string>();
      for (const pair of pairs.filter((p) => p.score >= autoMerge)) {
        if (merged.has(pair.a) || merged.has(pair.b)) continue;
        const dismissed = await dismissedAmong(tx, object, [pair.a, pair.b]);
        if (dismissed.size > 0 || (await mergeUndoneBefore(tx, pair.a, pair.b))) continue;
        const merge = await autoMergeRecords(tx, object, [pair.a, pair.b]);
        if (merge) {
          autoMerged += 1;
          for (const id of merge.mergedIds) merged.add(id);
        }
      }
    }
    return { pairs: pairs.length, autoMerged };
  }

  /**
   * Matches every live record of one object afresh (after an import, or on
   * demand) and replaces its open pairs; dismissed pairs stay dismissed.
   * Groups whose every pair reaches the auto-merge score are merged.
   *
   * @example
   * await duplicates.rescanDuplicates(tx, 'contacts'); // { records: 1200, pairs: 31, groups: 27, autoMerged: 2, … }
   */
  async function rescanDuplicates(tx: WorkspaceTx, object: MatchableObject): Promise<RescanResult> {
    checkDuplicateObject(object);
    const records: MatchableRecord[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await matchableRecords(tx, object, { afterId, limit: Math.min(2_000, maxRescanRecords - records.length) });
      records.push(...page);
      if (page.length === 0 || records.length >= maxRescanRecords) break;
      afterId = page[page.length - 1]!.id;
    }
    const truncated = records.length >= maxRescanRecords && (await matchableRecords(tx, object, { afterId: records[records.length - 1]!.id, limit: 1 })).length > 0;
    // The rescan also keys the records that have no blocking keys yet (stored before detection kept
    // them), so later records find them; keys detection wrote meanwhile from newer values stay.
    for (let i = 0; i < records.length; i += 2_000) {
      await keyRecords(tx, object, records.slice(i, i + 2_000), { onlyMissing: true });
    }
    const run = findDuplicates(
      records.map((r) => toDedupeRecord(object, r)),
      { ...matchSpecs[object], thresholds, maxGroupSize, log: deps.log },
    );
    await replaceOpenPairs(tx, object, run.pairs.map(toStored));
    let autoMerged = 0;
    if (autoMerge !== undefined) {
      for (const group of run.groups.filter((g) => g.decision === 'auto_merge')) {
        const dismissed = await dismissedAmong(tx, object, group.ids);
        if (dismissed.size > 0 || (await undoneAmong(tx, group.ids))) continue;
        if (await autoMergeRecords(tx, object, group.ids)) autoMerged += 1;
      }
    }
    // What is proposed now: dismissed pairs and the records merged just now left out.
    const open = await openPairs(tx, object, maxListedPairs);
    const groups = groupPairs(object, open, { threshold: review, maxGroupSize });
    deps.log.info({ workspaceId: tx.workspaceId, object, records: records.length, pairs: open.length, model: run.stats.model.source, autoMerged }, 'duplicates rescanned');
    return { object, records: records.length, candidatePairs: run.stats.candidatePairs, pairs: open.length, groups: groups.length, autoMerged, truncated };
  }

  /** The caller's duplicate groups: pairs among records they can see, grouped, strongest first. */
  async function listGroups(ctx: { tx: WorkspaceTx; auth: AuthContext }, object: MatchableObject, page: { limit: number; cursor?: string | undefined }) {
    return pageGroups(await visibleGroups(ctx, object), page.limit, page.cursor);
  }

  async function visibleGroups(ctx: { tx: WorkspaceTx; auth: AuthContext }, object: MatchableObject): Promise<DuplicateGroupView[]> {
    const pairs = await openPairs(ctx.tx, object, maxListedPairs);
    if (pairs.length === 0) return [];
    // Also drops records deleted since their pairs were stored (the consumer catches up shortly).
    const visible = await visibleRecordIds(ctx.tx, ctx.auth, object, [...new Set(pairs.flatMap((p) => [p.a, p.b]))]);
    return groupPairs(
      object,
      pairs.filter((p) => visible.has(p.a) && visible.has(p.b)),
      { threshold: review, maxGroupSize },
    );
  }

  /** Dismisses a listed group: its pairs are no longer proposed nor auto-merged. */
  async function dismissGroup(ctx: { tx: WorkspaceTx; auth: AuthContext }, groupId: string) {
    for (const object of duplicateObjects) {
      const group = (await visibleGroups(ctx, object)).find((g) => g.id === groupId);
      if (!group) continue;
      const dismissed = await dismissPairs(ctx.tx, object, group.records);
      return { id: group.id, object, records: group.records, dismissedPairs: dismissed, status: 'dismissed' as const };
    }
    throw new AppError('not_found', 'Duplicate group not found; list the duplicates again, its members may have changed', { details: { id: groupId } });
  }

  async function merge(ctx: RecordContext, object: MatchableObject, input: MergeInput) {
    return applyMerge(ctx, object, input, false);
  }

  async function getMerge(ctx: { tx: WorkspaceTx; auth: AuthContext }, id: string): Promise<MergeView> {
    const found = await findMerge(ctx.tx, id);
    if (!found || !(await canSee(ctx, found.view))) throw new AppError('not_found', 'Merge not found');
    return found.view;
  }

  /** Under "only records I own", a merge is the caller's when they can see its survivor. */
  async function canSee(ctx: { tx: WorkspaceTx; auth: AuthContext }, view: MergeView): Promise<boolean> {
    if (ctx.auth.visibility === 'all') return true;
    return (await visibleRecordIds(ctx.tx, ctx.auth, view.object, [view.survivorId])).has(view.survivorId);
  }

  /** Merges newest first; under "only records I own", those whose survivor the caller can see. */
  async function merges(ctx: { tx: WorkspaceTx; auth: AuthContext }, query: { object?: MatchableObject | undefined; limit: number; cursor?: string | undefined }) {
    const page = await listMerges(ctx.tx, query);
    if (ctx.auth.visibility === 'all') return page;
    const visible = new Set<string>();
    for (const object of duplicateObjects) {
      const ids = page.data.filter((m) => m.object === object).map((m) => m.survivorId);
      for (const id of await visibleRecordIds(ctx.tx, ctx.auth, object, ids)) visible.add(id);
    }
    return { data: page.data.filter((m) => visible.has(m.survivorId)), nextCursor: page.nextCursor };
  }

  async function undo(ctx: RecordContext, id: string) {
    const found = await findMerge(ctx.tx, id, { forUpdate: true });
    if (!found || !(await canSee(ctx, found.view))) throw new AppError('not_found', 'Merge not found');
    if (found.view.status === 'undone') throw new AppError('already_undone', 'This merge was already undone', { details: { undoneAt: found.view.undoneAt } });
    const { survivor, restored } = await deps.merger.undo(ctx, found.snapshot);
    const undoneBy = ctx.auth.actor.type === 'system' ? null : ctx.auth.userId;
    const merge = await markUndone(ctx.tx, id, undoneBy);
    return { merge, survivor, restored };
  }

  /** Forgets pairs of deleted records, matches created, changed and restored ones. */
  async function handle(event: DomainEvent, client: SqlClient): Promise<void> {
    if (!isDuplicateObject(event.object)) return;
    const action = event.type.slice(event.type.lastIndexOf('.') + 1);
    const later: (() => void)[] = [];
    const tx = relayTx(client, event.workspaceId, later);
    if (action === 'imported') {
      // A batch of an import names the records it created.
      const ids = importedRecordIds(event);
      if (ids.length > 0) await detectBatch(tx, event.object, ids);
    } else if (event.recordId) {
      if (action === 'deleted') {
        await removeRecordPairs(tx, [event.recordId]);
        await removeKeys(tx, event.object, [event.recordId]);
      }
      else if (action === 'created' || action === 'updated' || action === 'restored') await detect(tx, event.object, event.recordId);
    }
    for (const fn of later) fn();
  }

  const consumer: OutboxConsumer = { name: 'duplicates', writes: true, handle };

  /**
   * Keys one page of the records stored before detection kept blocking keys
   * (in id order after `afterId`); records keyed meanwhile keep their keys.
   * The worker walks the workspaces the migration listed, page by page.
   */
  async function backfillKeysPage(tx: WorkspaceTx, object: MatchableObject, page: { afterId: string; limit: number }): Promise<{ records: number; lastId: string | null }> {
    checkDuplicateObject(object);
    const records = await matchableRecords(tx, object, { afterId: page.afterId, limit: page.limit });
    await keyRecords(tx, object, records, { onlyMissing: true });
    return { records: records.length, lastId: records[records.length - 1]?.id ?? null };
  }

  return { detect, detectBatch, backfillKeysPage, rescanDuplicates, listGroups, dismissGroup, merge, merges, getMerge, undo, consumer, thresholds: { review, autoMerge } };
}

export type DuplicateService = ReturnType<typeof createDuplicateService>;
