import { importedRecordIds, type Database, type DomainEvent, type OutboxConsumer, type SqlClient } from '@nexus/db';
import { newId, type Clock, type Logger } from '@nexus/platform';
import { evaluateHoldout, compareModels, type HoldoutMetrics, type ModelDecision, type OutcomeCounts } from '../../models/model-selection';
import type { FeatureRow, FeatureSpec } from '../../models/features';
import { loadScorer, trainScorer, type BinaryModelKind, type Scorer, type ScorerJson } from '../../models/scorer';
import { contactRuleScore, dealRuleScore, describeFeature, type RuleScore, type ScoreFactor } from './rules';
import {
  closedDeals,
  contactFeatureRow,
  contactFeatureSpecs,
  contactSnapshots,
  dealFeatureRow,
  dealFeatureSpecs,
  dealSnapshots,
  decidedContacts,
  type LabelledPoint,
  type ScoreTask,
} from './score-features';

export interface DataFloor {
  status: 'ready' | 'insufficient_data';
  /** Known outcomes: won and lost deals, or converted and unconverted leads. */
  have: OutcomeCounts;
  need: OutcomeCounts;
}

export interface ScoreView {
  recordId: string;
  task: ScoreTask;
  /** 0–100. */
  score: number;
  probability: number;
  /** `model`: the workspace's own trained model; `rules`: stage probabilities and transparent rules. */
  source: 'model' | 'rules';
  model: { version: number; kind: string } | null;
  factors: ScoreFactor[];
  computedAt: string;
}

export interface ModelVersionView {
  id: string;
  task: ScoreTask;
  version: number;
  kind: string;
  state: 'active' | 'retired' | 'rejected';
  trainedAt: string;
  activatedAt: string | null;
  training: { rows: number; trainRows: number; holdoutRows: number; have: OutcomeCounts; holdoutFrom: string; latestOutcomeAt?: string };
  metrics: { candidate: HoldoutMetrics; against: { contender: string; metrics: HoldoutMetrics } };
  decision: ModelDecision;
}

export type RetrainResult =
  | { task: ScoreTask; status: 'insufficient_data'; dataFloor: DataFloor }
  | { task: ScoreTask; status: 'unchanged'; dataFloor: DataFloor }
  | { task: ScoreTask; status: 'activated' | 'kept'; dataFloor: DataFloor; model: ModelVersionView };

export interface ScoringOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Known outcomes of each kind needed before a workspace trains its own model. */
  dataFloor: OutcomeCounts;
  /** Share of the newest outcomes held out to judge models. Default 0.25. */
  holdoutShare?: number;
  /** Fewest hold-out rows of each outcome for a comparison to count. Default 20. */
  minHoldoutPerClass?: number;
}

interface ActiveModel {
  version: number;
  kind: string;
  scorer: Scorer;
}

interface TaskSpec {
  specs: FeatureSpec[];
  labelled(client: SqlClient, workspaceId: string): Promise<LabelledPoint[]>;
  /**
   * Feature rows and the rule score of each record at its snapshot. For
   * training, the rules see what the model sees: nothing of how the record
   * ended, so that the hold-out compares like with like.
   */
  snapshots(
    client: SqlClient,
    workspaceId: string,
    points: ReadonlyArray<{ id: string; at: Date }>,
    purpose: 'score' | 'train',
  ): Promise<Array<{ id: string; row: FeatureRow; rules: RuleScore; decided: boolean }>>;
}

const tasks: Record<ScoreTask, TaskSpec> = {
  win_probability: {
    specs: dealFeatureSpecs,
    labelled: closedDeals,
    async snapshots(client, workspaceId, points) {
      const deals = await dealSnapshots(client, workspaceId, points);
      // "Today" is the snapshot's day: a closed deal's close date had not passed while it was still open.
      return deals.map((deal) => ({ id: deal.id, row: dealFeatureRow(deal), rules: dealRuleScore(deal, deal.at.toISOString().slice(0, 10)), decided: deal.stageType !== 'open' }));
    },
  },
  lead_score: {
    specs: contactFeatureSpecs,
    labelled: decidedContacts,
    async snapshots(client, workspaceId, points, purpose) {
      const contacts = await contactSnapshots(client, workspaceId, points);
      return contacts.map((contact) => ({
        id: contact.id,
        row: contactFeatureRow(contact),
        // A decided lead's lifecycle stage and deals are its outcome (see decidedContacts): rules that read them would score the hold-out perfectly and no model could ever replace them.
        rules: contactRuleScore(purpose === 'train' ? { ...contact, lifecycleStage: null, openDeals: 0 } : contact),
        decided: contact.lifecycleStage?.toLowerCase() === 'customer',
      }));
    },
  },
};

const chunk = 1000;
const modelCacheMs = 60_000;

/**
 * Lead scores and win probabilities from each workspace's own history.
 * Below the data floor they come from stage probabilities and transparent
 * rules, and say so; above it, a model trained on the workspace's closed
 * deals (or decided leads) takes over once it beats what serves on a
 * time-based hold-out. Every trained version is kept with its metrics.
 * Stored scores follow record and activity events through the outbox.
 *
 * @example
 * const scoring = createScoring({ db, clock, log, dataFloor: { won: 200, lost: 200 } });
 * const view = await scoring.score(workspaceId, 'win_probability', dealId);
 */
export function createScoring(options: ScoringOptions) {
  const { db, clock, log } = options;
  const holdoutShare = options.holdoutShare ?? 0.25;
  const minHoldoutPerClass = options.minHoldoutPerClass ?? 20;
  const active = new Map<string, { loadedAt: number; model: ActiveModel | null }>();
  const floors = new Map<string, { at: number; floor: DataFloor }>();

  async function activeModel(client: SqlClient, workspaceId: string, task: ScoreTask): Promise<ActiveModel | null> {
    const key = `${workspaceId}:${task}`;
    const cached = active.get(key);
    if (cached && clock.now().getTime() - cached.loadedAt < modelCacheMs) return cached.model;
    const { rows } = await client.query<{ version: number; kind: string; model: ScorerJson }>(
      `select version, kind, model from ai_models where workspace_id = $1 and task = $2 and state = 'active'`,
      [workspaceId, task],
    );
    let model: ActiveModel | null = null;
    const row = rows[0];
    if (row) {
      try {
        model = { version: row.version, kind: row.kind, scorer: loadScorer(row.model) };
      } catch (error) {
        log.error({ err: error, workspaceId, task, version: row.version }, 'A stored scoring model could not be loaded; scores fall back to rules');
      }
    }
    active.set(key, { loadedAt: clock.now().getTime(), model });
    return model;
  }

  async function compute(client: SqlClient, workspaceId: string, task: ScoreTask, ids: readonly string[]): Promise<ScoreView[]> {
    const now = clock.now();
    const spec = tasks[task];
    const model = await activeModel(client, workspaceId, task);
    const views: ScoreView[] = [];
    for (let i = 0; i < ids.length; i += chunk) {
      const snapshots = await spec.snapshots(
        client,
        workspaceId,
        ids.slice(i, i + chunk).map((id) => ({ id, at: now })),
        'score',
      );
      for (const snapshot of snapshots) {
        let probability = snapshot.rules.probability;
        let factors = snapshot.rules.factors.slice(0, 5);
        let source: ScoreView['source'] = 'rules';
        if (model && !snapshot.decided) {
          const scored = model.scorer.score(snapshot.row, 5);
          probability = scored.probability;
          factors = scored.factors.map((f) => ({ feature: f.feature, label: describeFeature(f.feature), contribution: Math.round(f.contribution * 1000) / 1000, direction: f.direction }));
          source = 'model';
        }
        views.push({
          recordId: snapshot.id,
          task,
          score: Math.round(probability * 100),
          probability: Math.round(probability * 10_000) / 10_000,
          source,
          model: source === 'model' && model ? { version: model.version, kind: model.kind } : null,
          factors,
          computedAt: now.toISOString(),
        });
      }
    }
    return views;
  }

  async function store(client: SqlClient, workspaceId: string, views: readonly ScoreView[]): Promise<void> {
    if (views.length === 0) return;
    await client.query(
      `insert into ai_scores (workspace_id, task, record_id, probability, source, model_version, factors, computed_at)
       select $1, v.task, v.record_id, v.probability, v.source, v.model_version, v.factors, v.computed_at
       from jsonb_to_recordset($2::jsonb) as v (task text, record_id uuid, probability double precision, source text, model_version integer, factors jsonb, computed_at timestamptz)
       on conflict (workspace_id, task, record_id) do update set probability = excluded.probability, source = excluded.source,
         model_version = excluded.model_version, factors = excluded.factors, computed_at = excluded.computed_at`,
      [
        workspaceId,
        JSON.stringify(
          views.map((v) => ({
            task: v.task,
            record_id: v.recordId,
            probability: v.probability,
            source: v.source,
            model_version: v.model?.version ?? null,
            factors: v.factors,
            computed_at: v.computedAt,
          })),
        ),
      ],
    );
  }

  /** The stored score of one record, computed and stored first when there is none yet. */
  async function score(workspaceId: string, task: ScoreTask, recordId: string): Promise<ScoreView | null> {
    const stored = await db.withWorkspace(
      workspaceId,
      (tx) =>
        tx.query<{ probability: number; source: 'model' | 'rules'; model_version: number | null; factors: ScoreFactor[]; computed_at: Date | string; kind: string | null }>(
          `select s.probability, s.source, s.model_version, s.factors, s.computed_at, m.kind
           from ai_scores s left join ai_models m on m.workspace_id = s.workspace_id and m.task = s.task and m.version = s.model_version
           where s.workspace_id = $1 and s.task = $2 and s.record_id = $3`,
          [workspaceId, task, recordId],
        ),
      { readOnly: true },
    );
    const row = stored.rows[0];
    if (row) {
      return {
        recordId,
        task,
        score: Math.round(row.probability * 100),
        probability: row.probability,
        source: row.source,
        model: row.model_version === null ? null : { version: row.model_version, kind: row.kind ?? 'unknown' },
        factors: row.factors,
        computedAt: new Date(row.computed_at).toISOString(),
      };
    }
    return db.withWorkspace(workspaceId, async (tx) => {
      const [view] = await compute(tx, workspaceId, task, [recordId]);
      if (view) await store(tx, workspaceId, [view]);
      return view ?? null;
    });
  }

  async function dataFloor(workspaceId: string, task: ScoreTask): Promise<DataFloor> {
    const key = `${workspaceId}:${task}`;
    const cached = floors.get(key);
    if (cached && clock.now().getTime() - cached.at < modelCacheMs) return cached.floor;
    const points = await db.withWorkspace(workspaceId, (tx) => tasks[task].labelled(tx, workspaceId), { readOnly: true });
    const floor = floorOf(points);
    floors.set(key, { at: clock.now().getTime(), floor });
    return floor;
  }

  function floorOf(points: readonly LabelledPoint[]): DataFloor {
    const won = points.filter((p) => p.label === 1).length;
    const have = { won, lost: points.length - won };
    const need = options.dataFloor;
    return { status: have.won >= need.won && have.lost >= need.lost ? 'ready' : 'insufficient_data', have, need };
  }

  /** Recomputes and stores the scores of open records (after a new model, and on the schedule). */
  async function refreshAll(workspaceId: string, task: ScoreTask): Promise<number> {
    const table = task === 'win_probability' ? 'deals' : 'contacts';
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      const { rows } = await db.withWorkspace(
        workspaceId,
        (tx) => tx.query<{ id: string }>(`select id from ${table} where workspace_id = $1 and deleted_at is null and id > $2 order by id limit ${chunk}`, [workspaceId, after]),
        { readOnly: true },
      );
      if (rows.length === 0) return count;
      await db.withWorkspace(workspaceId, async (tx) => store(tx, workspaceId, await compute(tx, workspaceId, task, rows.map((r) => r.id))));
      count += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * One round of self-improvement for one task: train candidates on the
   * older outcomes, judge them with what serves now (the current model, or
   * the rules) on the newest ones, and activate a candidate only if it is
   * better. Every candidate is kept, rejected or active, with its metrics.
   */
  /**
   * With `onlyIfNew` (the schedule), a round whose outcomes are the same as
   * the newest version's is skipped: it could only train the same model again.
   */
  async function retrain(workspaceId: string, task: ScoreTask, options: { onlyIfNew?: boolean } = {}): Promise<RetrainResult> {
    // One round per workspace and task at a time, across processes: two at once (two admins, or a click during the
    // schedule) would both take the next version number, and the later one must be judged against what the earlier activated.
    return db.withLock(`ai-retrain:${workspaceId}:${task}`, () => trainAndJudge(workspaceId, task, options.onlyIfNew === true));
  }

  async function trainAndJudge(workspaceId: string, task: ScoreTask, onlyIfNew: boolean): Promise<RetrainResult> {
    const spec = tasks[task];
    const now = clock.now();
    const points = await db.withWorkspace(workspaceId, (tx) => spec.labelled(tx, workspaceId), { readOnly: true });
    const floor = floorOf(points);
    floors.set(`${workspaceId}:${task}`, { at: now.getTime(), floor });
    if (floor.status === 'insufficient_data') return { task, status: 'insufficient_data', dataFloor: floor };

    points.sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime() || (a.id < b.id ? -1 : 1));
    const byId = new Map<string, { row: FeatureRow; rules: RuleScore; decided: boolean }>();
    await db.withWorkspace(
      workspaceId,
      async (tx) => {
        for (let i = 0; i < points.length; i += chunk) {
          for (const s of await spec.snapshots(tx, workspaceId, points.slice(i, i + chunk), 'train')) byId.set(s.id, s);
        }
      },
      { readOnly: true },
    );
    // A deal that was never open at its snapshot (created won or lost, as imports do) teaches nothing about open deals.
    const usable = points.filter((p) => {
      const snapshot = byId.get(p.id);
      return snapshot !== undefined && (task !== 'win_probability' || !snapshot.decided);
    });
    const usableFloor = floorOf(usable);
    if (usableFloor.status === 'insufficient_data') {
      floors.set(`${workspaceId}:${task}`, { at: now.getTime(), floor: usableFloor });
      return { task, status: 'insufficient_data', dataFloor: usableFloor };
    }
    if (onlyIfNew) {
      const { rows: latest } = await db.withWorkspace(
        workspaceId,
        (tx) => tx.query<{ training: ModelVersionView['training'] }>(`select training from ai_models where workspace_id = $1 and task = $2 order by version desc limit 1`, [workspaceId, task]),
        { readOnly: true },
      );
      const last = latest[0]?.training;
      if (last && last.rows === usable.length && last.latestOutcomeAt === usable.at(-1)?.decidedAt.toISOString()) return { task, status: 'unchanged', dataFloor: usableFloor };
    }
    const rows = usable.map((p) => byId.get(p.id)!.row);
    const labels = usable.map((p) => p.label);
    const split = Math.floor(usable.length * (1 - holdoutShare));
    const train = { rows: rows.slice(0, split), labels: labels.slice(0, split) };
    const holdout = { rows: rows.slice(split), labels: labels.slice(split), points: usable.slice(split) };
    const measure = (predict: (row: FeatureRow, index: number) => number) =>
      evaluateHoldout(
        holdout.rows.map((row, index) => predict(row, index)),
        holdout.labels,
      );

    // Read afresh: another process may have activated a model since this one cached what serves.
    active.delete(`${workspaceId}:${task}`);
    const current = await db.withWorkspace(workspaceId, (tx) => activeModel(tx, workspaceId, task), { readOnly: true });
    const serving = current
      ? { contender: `model v${current.version}`, metrics: measure((row) => current.scorer.predict(row)) }
      : { contender: 'rules', metrics: measure((_row, index) => byId.get(holdout.points[index]!.id)!.rules.probability) };
    const policy = { minAucGain: 0.001, brierTolerance: 0.002, minRowsPerClass: minHoldoutPerClass };

    let best: { kind: BinaryModelKind; metrics: HoldoutMetrics; decision: ModelDecision } | undefined;
    for (const kind of ['logistic-regression', 'gradient-boosting'] as const) {
      const candidate = trainScorer(train.rows, train.labels, spec.specs, { model: kind });
      const metrics = measure((row) => candidate.predict(row));
      const decision = compareModels(serving.metrics, metrics, policy);
      const better = !best || (decision.decision === 'replace' && best.decision.decision !== 'replace') || (decision.decision === best.decision.decision && metrics.auc > best.metrics.auc);
      if (better) best = { kind, metrics, decision };
    }
    const chosen = best!;
    const activate = chosen.decision.decision === 'replace';
    // The candidate serves exactly as judged: its metrics are the serving model's, and a later round's hold-out
    // (newer outcomes) is data it never saw.
    const scorer = trainScorer(train.rows, train.labels, spec.specs, { model: chosen.kind });
    const training = {
      rows: usable.length,
      trainRows: train.rows.length,
      holdoutRows: holdout.rows.length,
      have: floor.have,
      holdoutFrom: holdout.points[0]?.decidedAt.toISOString() ?? now.toISOString(),
      latestOutcomeAt: usable.at(-1)?.decidedAt.toISOString() ?? now.toISOString(),
    };
    const model = await db.withWorkspace(workspaceId, async (tx) => {
      const { rows: versions } = await tx.query<{ next: number }>(`select coalesce(max(version), 0) + 1 as next from ai_models where workspace_id = $1 and task = $2`, [workspaceId, task]);
      const version = Number(versions[0]?.next ?? 1);
      if (activate) await tx.query(`update ai_models set state = 'retired' where workspace_id = $1 and task = $2 and state = 'active'`, [workspaceId, task]);
      const id = newId();
      const { rows: inserted } = await tx.query<ModelRow>(
        `insert into ai_models (id, workspace_id, task, version, kind, state, trained_at, activated_at, training, metrics, decision, model)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${modelColumns}`,
        [
          id,
          workspaceId,
          task,
          version,
          chosen.kind,
          activate ? 'active' : 'rejected',
          now,
          activate ? now : null,
          JSON.stringify(training),
          JSON.stringify({ candidate: chosen.metrics, against: serving }),
          JSON.stringify(chosen.decision),
          JSON.stringify(scorer.toJSON()),
        ],
      );
      return toModelView(inserted[0]!);
    });
    log.info({ workspaceId, task, version: model.version, kind: model.kind, state: model.state, auc: chosen.metrics.auc, against: serving.contender }, 'Scoring model trained');
    if (activate) {
      active.delete(`${workspaceId}:${task}`);
      await refreshAll(workspaceId, task);
    }
    return { task, status: activate ? 'activated' : 'kept', dataFloor: floor, model };
  }

  async function models(workspaceId: string): Promise<ModelVersionView[]> {
    const { rows } = await db.withWorkspace(
      workspaceId,
      (tx) => tx.query<ModelRow>(`select ${modelColumns} from ai_models where workspace_id = $1 order by task, version desc`, [workspaceId]),
      { readOnly: true },
    );
    return rows.map(toModelView);
  }

  /** Records whose score an event may change. */
  function affected(event: DomainEvent): Array<{ task: ScoreTask; id: string; removed: boolean }> {
    const payload = event.payload as { record?: Record<string, unknown>; changes?: Record<string, { before?: unknown } | undefined> } | null;
    const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    // Records linked before the change too: a contact taken off a deal has one open deal fewer.
    const linked = (field: 'contactIds' | 'dealIds') => [...ids(payload?.record?.[field]), ...ids(payload?.changes?.[field]?.before)];
    const removed = event.type.endsWith('.deleted');
    const out: Array<{ task: ScoreTask; id: string; removed: boolean }> = [];
    if (event.type.endsWith('.imported')) {
      // An import's batch event names the records it created.
      const created = importedRecordIds(event);
      const task: ScoreTask | undefined = event.object === 'contacts' ? 'lead_score' : event.object === 'deals' ? 'win_probability' : undefined;
      if (task) for (const id of created) out.push({ task, id, removed: false });
      return out;
    }
    if (event.object === 'deals' && event.recordId) {
      out.push({ task: 'win_probability', id: event.recordId, removed });
      for (const id of linked('contactIds')) out.push({ task: 'lead_score', id, removed: false });
    } else if (event.object === 'contacts' && event.recordId) {
      out.push({ task: 'lead_score', id: event.recordId, removed });
    } else if (event.object === 'activities') {
      for (const id of linked('dealIds')) out.push({ task: 'win_probability', id, removed: false });
      for (const id of linked('contactIds')) out.push({ task: 'lead_score', id, removed: false });
    }
    return out;
  }

  /** The outbox consumer that keeps stored scores in step with records and their activity. */
  const consumer: OutboxConsumer = {
    name: 'ai-scores',
    writes: true,
    async handle(event, tx) {
      const targets = affected(event);
      if (targets.length === 0) return;
      for (const task of ['win_probability', 'lead_score'] as const) {
        const own = targets.filter((t) => t.task === task);
        const gone = own.filter((t) => t.removed).map((t) => t.id);
        if (gone.length > 0) await tx.query('delete from ai_scores where workspace_id = $1 and task = $2 and record_id = any($3::uuid[])', [event.workspaceId, task, gone]);
        const live = [...new Set(own.filter((t) => !t.removed).map((t) => t.id))];
        if (live.length > 0) await store(tx, event.workspaceId, await compute(tx, event.workspaceId, task, live));
      }
    },
  };

  return { score, compute, dataFloor, retrain, models, refreshAll, consumer };
}

export type Scoring = ReturnType<typeof createScoring>;

const modelColumns = 'id, task, version, kind, state, trained_at, activated_at, training, metrics, decision';

interface ModelRow {
  id: string;
  task: ScoreTask;
  version: number;
  kind: string;
  state: ModelVersionView['state'];
  trained_at: Date | string;
  activated_at: Date | string | null;
  training: ModelVersionView['training'];
  metrics: ModelVersionView['metrics'];
  decision: ModelDecision;
}

function toModelView(row: ModelRow): ModelVersionView {
  return {
    id: row.id,
    task: row.task,
    version: row.version,
    kind: row.kind,
    state: row.state,
    trainedAt: new Date(row.trained_at).toISOString(),
    activatedAt: row.activated_at === null ? null : new Date(row.activated_at).toISOString(),
    training: row.training,
    metrics: row.metrics,
    decision: row.decision,
  };
}
