import type { RecordService } from '@nexus/crm-core';
import type { Database } from '@nexus/db';
import { AppError, type AuthContext, type Clock, type Logger } from '@nexus/platform';
import { analyzeFeature, type Analysis } from '../features/analyze';
import { briefFeature, buildBriefFacts, groundBrief, type Brief } from '../features/brief';
import { draftFeature, type Draft } from '../features/draft';
import { draftTextFeature } from '../features/draft-stream';
import { queryFeature, validateQuery, parseQuestion, type ParsedQuery, type QueryContext } from '../features/query';
import { aiClientConfig, type AiConfig } from '../providers/ai-config';
import type { AiCallContext, AiRunResult } from '../providers/client-core';
import { createAiClient } from '../providers/resilient-client';
import type { UsageRecord } from '../providers/usage';
import { createAiStore, toClientSettings, type StoredSettings } from './ai-store';
import { gatherDraft, gatherQueryContext, gatherRecord, type BriefObject } from './record-context';
import { createScoring } from './scoring/scoring';
import { scoreTasks, type ScoreTask } from './scoring/score-features';

export interface AiEngineDeps {
  db: Database;
  log: Logger;
  clock: Clock;
  config: AiConfig;
  records: RecordService;
  /** Every workspace, for the retraining schedule. */
  listWorkspaces: () => Promise<string[]>;
}

/** Which provider answered, and whether it was a fallback. */
export interface AnswerMeta {
  provider: string;
  model: string;
  fallback: boolean;
}

export interface DraftRequest {
  kind: 'follow_up' | 'intro' | 'meeting_recap';
  contactId?: string | undefined;
  dealId?: string | undefined;
  notes?: string | undefined;
}

const settingsCacheMs = 10_000;

function meta(result: AiRunResult<unknown>): AnswerMeta {
  return { provider: result.provider, model: result.model, fallback: result.fallback };
}

/** Refuses text that is not text: NUL bytes, or mostly control characters. */
export function checkText(text: string, field: string, maxChars: number): void {
  if (text.length > maxChars) throw new AppError('body_too_large', `${field} is longer than ${maxChars.toLocaleString('en')} characters; send less text`, { details: { field, maxChars } });
  if (text.includes('\u0000')) throw new AppError('validation_failed', `${field} looks like binary data, not text`, { details: { field } });
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const controls = text.match(/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  if (text.length > 0 && controls / text.length > 0.1) throw new AppError('validation_failed', `${field} looks like binary data, not text`, { details: { field } });
}

/**
 * The AI Engine as the rest of the product uses it: the resilient client
 * over the configured providers (local last), each workspace's settings and
 * usage, the scoring models, and the features as functions other services
 * call in-process (the HTTP routes call the same ones).
 *
 * @example
 * const ai = createAiEngine({ db, log, clock, config, records: core.records, listWorkspaces });
 * const { analysis } = await ai.analyze({ workspaceId }, email.body);
 */
export function createAiEngine(deps: AiEngineDeps) {
  const { db, log, clock, config, records } = deps;
  const clientConfig = aiClientConfig(config);
  const kinds = new Map(clientConfig.providers.map((entry) => [entry.provider.name, entry.provider.kind]));
  const store = createAiStore({ db, log, providerKind: (name) => kinds.get(name) ?? 'cloud' });
  const settingsCache = new Map<string, { at: number; settings: StoredSettings }>();
  const listeners: Array<(usage: UsageRecord) => void> = [];

  async function storedSettings(workspaceId: string): Promise<StoredSettings> {
    const cached = settingsCache.get(workspaceId);
    if (cached && clock.now().getTime() - cached.at < settingsCacheMs) return cached.settings;
    const { settings } = await store.getSettings(workspaceId);
    settingsCache.set(workspaceId, { at: clock.now().getTime(), settings });
    return settings;
  }

  const client = createAiClient({
    ...clientConfig,
    clock,
    log,
    workspaceSettings: async (workspaceId) => toClientSettings(await storedSettings(workspaceId)),
    monthlySpendUsd: (workspaceId) => store.spentThisMonth(workspaceId, clock.now()),
    onUsage: (usage) => {
      store.record(usage);
      for (const listener of listeners) listener(usage);
    },
  });

  const scoring = createScoring({ db, clock, log, dataFloor: { won: config.AI_SCORE_MIN_OUTCOMES, lost: config.AI_SCORE_MIN_OUTCOMES } });
  const maxChars = config.AI_MAX_TEXT_CHARS;

  async function analyze(context: AiCallContext, text: string, knownNames: readonly string[] = []): Promise<{ analysis: Analysis; meta: AnswerMeta }> {
    checkText(text, 'text', maxChars);
    if (text.trim() === '') throw new AppError('validation_failed', 'Send some text to analyse', { details: { field: 'text' } });
    const result = await client.run(analyzeFeature, { text, knownNames, now: clock.now() }, context);
    return { analysis: result.output, meta: meta(result) };
  }

  async function brief(auth: AuthContext, object: BriefObject, id: string, requestId: string | null, signal?: AbortSignal): Promise<{ brief: Brief; meta: AnswerMeta }> {
    const bundle = await gatherRecord(db, records, auth, object, id, requestId);
    const input = { ...bundle, now: clock.now() };
    const facts = buildBriefFacts(input);
    const result = await client.run(briefFeature, input, { workspaceId: auth.workspaceId, userId: auth.userId, ...(signal ? { signal } : {}) });
    return { brief: groundBrief(result.output, facts), meta: meta(result) };
  }

  async function draft(auth: AuthContext, request: DraftRequest, requestId: string | null, signal?: AbortSignal): Promise<{ draft: Draft; meta: AnswerMeta }> {
    if (request.notes !== undefined) checkText(request.notes, 'notes', Math.min(maxChars, 5_000));
    const bundle = await gatherDraft(db, records, auth, request, requestId);
    const input = { kind: request.kind, ...bundle, ...(request.notes === undefined ? {} : { notes: request.notes }), now: clock.now() };
    const result = await client.run(draftFeature, input, { workspaceId: auth.workspaceId, userId: auth.userId, ...(signal ? { signal } : {}) });
    return { draft: result.output, meta: meta(result) };
  }

  /**
   * The draft as text while the model writes it; the generator's return
   * value says which provider answered. Missing records and bad input fail
   * before the first piece.
   */
  async function draftStream(auth: AuthContext, request: DraftRequest, requestId: string | null, signal?: AbortSignal) {
    if (request.notes !== undefined) checkText(request.notes, 'notes', Math.min(maxChars, 5_000));
    const bundle = await gatherDraft(db, records, auth, request, requestId);
    const input = { kind: request.kind, ...bundle, ...(request.notes === undefined ? {} : { notes: request.notes }), now: clock.now() };
    return client.stream(draftTextFeature, input, { workspaceId: auth.workspaceId, userId: auth.userId, ...(signal ? { signal } : {}) });
  }

  async function query(auth: AuthContext, question: string, timeZone?: string): Promise<{ query: ParsedQuery; meta: AnswerMeta }> {
    checkText(question, 'question', 1_000);
    if (question.trim() === '') throw new AppError('validation_failed', 'Ask a question, e.g. "my deals over 50k closing this quarter"', { details: { field: 'question' } });
    const gathered = await gatherQueryContext(db, auth);
    const context: QueryContext = { now: clock.now(), userId: auth.userId, ...(timeZone ? { timeZone } : {}), ...gathered };
    const result = await client.run(queryFeature, { question, context }, { workspaceId: auth.workspaceId, userId: auth.userId });
    const checked = validateQuery(result.output, context);
    if (checked.ok) return { query: result.output, meta: meta(result) };
    // A model's answer that names fields this workspace does not have is replaced by the offline parser's.
    log.warn({ provider: result.provider, workspaceId: auth.workspaceId }, 'A model answered the plain-English query with fields the list API does not know; the offline parser answers instead');
    const local = parseQuestion(question, context) ?? (await queryFeature.local({ question, context }));
    return { query: local, meta: { provider: 'local', model: 'local-rules', fallback: true } };
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  /** Retrains every workspace's models whose data has reached the floor, and recomputes the stored scores. */
  async function retrainAll(): Promise<void> {
    for (const workspaceId of await deps.listWorkspaces()) {
      for (const task of scoreTasks) {
        try {
          const result = await scoring.retrain(workspaceId, task, { onlyIfNew: true });
          // Scores also change with no event to announce it (a close date passes, a deal goes quiet, a stage's
          // probability is edited); a newly activated model has just recomputed them.
          if (result.status !== 'activated') await scoring.refreshAll(workspaceId, task);
        } catch (error) {
          log.error({ err: error, workspaceId, task }, 'Scheduled retraining failed');
        }
      }
    }
  }

  const worker = {
    start() {
      const minutes = config.AI_RETRAIN_INTERVAL_MINUTES;
      if (minutes === 0 || timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = retrainAll().finally(() => (running = undefined));
      }, minutes * 60_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
      await store.flush();
    },
  };

  return {
    client,
    store,
    scoring,
    analyze,
    brief,
    draft,
    draftStream,
    query,
    retrainAll,
    worker,
    /** Loads the offline analysis (language models, the intent classifier) so the first request does not wait for it. */
    async warmUp() {
      const started = performance.now();
      try {
        await analyzeFeature.local({ text: 'Hi, could we schedule a call next Tuesday to discuss pricing?', now: clock.now() });
        log.info({ ms: Math.round(performance.now() - started) }, 'Offline AI models loaded');
      } catch (error) {
        log.error({ err: error }, 'Loading the offline AI models failed; the first analysis will try again');
      }
    },
    async settings(workspaceId: string) {
      return store.getSettings(workspaceId);
    },
    /** Saves a workspace's settings; they apply to the next call in this process. */
    async saveSettings(auth: AuthContext, settings: StoredSettings) {
      for (const name of settings.chain ?? []) {
        if (!kinds.has(name)) {
          throw new AppError('validation_failed', `No AI provider named ${name} is configured on this server; configured: ${[...kinds.keys()].join(', ')}`, { details: { field: 'chain' } });
        }
      }
      const version = await db.withWorkspace(auth.workspaceId, (tx) => store.putSettings(tx, settings, auth.userId));
      settingsCache.delete(auth.workspaceId);
      return version;
    },
    onUsage(listener: (usage: UsageRecord) => void) {
      listeners.push(listener);
    },
    providerNames: () => [...kinds.keys()],
    now: () => clock.now(),
    /** A record's stored score (computed on first need) with the task's data floor; 404 when the caller may not see the record. */
    async scoreRecord(auth: AuthContext, object: 'contacts' | 'deals', id: string, requestId: string | null) {
      await db.withWorkspace(auth.workspaceId, (tx) => records.get({ tx, auth, requestId }, object, id), { readOnly: true });
      const task: ScoreTask = object === 'deals' ? 'win_probability' : 'lead_score';
      const view = await scoring.score(auth.workspaceId, task, id);
      if (!view) throw new AppError('not_found', `${object === 'deals' ? 'Deal' : 'Contact'} not found`);
      const { task: _task, ...rest } = view;
      return { ...rest, dataFloor: await scoring.dataFloor(auth.workspaceId, task) };
    },
    /** The monthly budget that applies to the workspace and what it has spent on cloud providers this month. */
    async budget(workspaceId: string) {
      const settings = toClientSettings(await storedSettings(workspaceId));
      const limit = settings.monthlyBudgetUsd ?? config.AI_MONTHLY_BUDGET_USD;
      return {
        monthlyBudgetUsd: limit === undefined || !Number.isFinite(limit) ? null : limit,
        spentThisMonthUsd: Math.round((await store.spentThisMonth(workspaceId, clock.now())) * 1e6) / 1e6,
      };
    },
    /** Each provider as the workspace sees it, in the order of its chain (providers it does not use last). */
    async providers(workspaceId: string) {
      const states = await client.workspaceProviderStates(workspaceId);
      const chain = toClientSettings(await storedSettings(workspaceId)).chain ?? clientConfig.chain;
      const order = (name: string) => {
        const at = chain.indexOf(name);
        return at === -1 ? (name === 'local' ? chain.length : chain.length + 1) : at;
      };
      return states
        .map((state) => ({ ...state, status: state.skipped ?? (state.state === 'healthy' ? 'healthy' : state.state), inChain: chain.includes(state.name) || state.kind === 'local' }))
        .sort((a, b) => order(a.name) - order(b.name));
    },
    /** The workspace's own settings beside the server defaults they override. */
    async settingsView(workspaceId: string) {
      const { settings, version, updatedAt } = await store.getSettings(workspaceId);
      return {
        settings,
        version,
        updatedAt,
        defaults: {
          chain: clientConfig.chain,
          allowCloud: config.AI_ALLOW_CLOUD,
          redact: config.AI_REDACT,
          monthlyBudgetUsd: config.AI_MONTHLY_BUDGET_USD ?? null,
          providers: [...kinds.entries()].map(([name, kind]) => ({ name, kind })),
        },
      };
    },
    tasks: scoreTasks as readonly ScoreTask[],
  };
}

export type AiEngine = ReturnType<typeof createAiEngine>;
