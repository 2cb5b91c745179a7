import { z } from 'zod';
import { Readable } from 'node:stream';
import { defineRoute, idParams, mapError, type RouteDef } from '@nexus/http';
import { splitDraftText } from '../features/draft-stream';
import { AppError } from '@nexus/platform';
import type { AiEngine } from './ai-engine';
import { workspaceSettingsSchema } from './ai-store';
import type { BriefObject } from './record-context';
import { scoreTasks } from './scoring/score-features';

const aiMeta = z.object({ provider: z.string(), model: z.string(), fallback: z.boolean().describe('True when a provider earlier in the chain could not answer: lower quality, still an answer') });

const factor = z.object({ feature: z.string(), label: z.string(), contribution: z.number(), direction: z.enum(['raises', 'lowers']) });
const counts = z.object({ won: z.number().int(), lost: z.number().int() });
const dataFloor = z.object({ status: z.enum(['ready', 'insufficient_data']), have: counts, need: counts });
const scoreView = z.object({
  recordId: z.uuid(),
  score: z.number().int().min(0).max(100),
  probability: z.number(),
  source: z.enum(['model', 'rules']).describe('`rules` below the data floor: stage probabilities and transparent rules'),
  model: z.object({ version: z.number().int(), kind: z.string() }).nullable(),
  factors: z.array(factor),
  computedAt: z.string(),
  dataFloor,
});

const analyzeBody = z.strictObject({
  // The engine checks the configured cap and answers 413 with the limit; this bound keeps absurd bodies out of the parser.
  text: z.string().max(1_000_000),
  knownNames: z.array(z.string().min(1).max(200)).max(100).optional(),
});

const draftBody = z.strictObject({
  kind: z.enum(['follow_up', 'intro', 'meeting_recap']),
  contactId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  notes: z.string().max(100_000).optional(),
});

const usageQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  feature: z.string().max(60).optional(),
  provider: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(0).max(500).default(50),
});

const totals = z.object({ key: z.string(), calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() });

function briefRoute(engine: AiEngine, object: BriefObject): RouteDef {
  return defineRoute({
    method: 'GET',
    path: `/api/v1/${object}/:id/brief`,
    auth: 'read',
    transaction: false,
    summary: `A short summary of a ${object === 'companies' ? 'company' : object.slice(0, -1)} and its timeline, with the facts it used`,
    tags: ['AI'],
    params: idParams,
    responses: {
      200: {
        description: 'The summary cites facts by id, e.g. [f2]',
        schema: z.object({
          summary: z.string(),
          facts: z.array(z.object({ id: z.string(), label: z.string(), value: z.string(), source: z.object({ object: z.string(), id: z.string() }) })),
          ai: aiMeta,
        }),
      },
    },
    handler: async ({ auth, params, requestId, req }) => {
      const controller = new AbortController();
      req.raw.once('close', () => req.raw.complete || controller.abort());
      const { brief, meta } = await engine.brief(auth, object, params.id, requestId, controller.signal);
      return { status: 200, body: { ...brief, ai: meta } };
    },
  });
}

/** The AI Engine's HTTP API: features, scores, models, usage, providers and settings. */
export function aiRoutes(engine: AiEngine): RouteDef[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/ai/analyze',
      auth: 'read',
      transaction: false,
      summary: 'Sentiment, entities, intent, keywords and a one-line summary of a message',
      tags: ['AI'],
      body: analyzeBody,
      responses: { 200: { description: 'The analysis, and which provider made it' } },
      handler: async ({ auth, body }) => {
        const { analysis, meta } = await engine.analyze({ workspaceId: auth.workspaceId, userId: auth.userId }, body.text, body.knownNames);
        return { status: 200, body: { ...analysis, ai: meta } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/ai/query',
      auth: 'read',
      transaction: false,
      summary: 'A question in plain English as a list query (resource, filter, sort) to show before running it',
      tags: ['AI'],
      body: z.strictObject({ question: z.string().max(100_000), timeZone: z.string().max(64).optional() }),
      responses: { 200: { description: 'A query in the list API filter language' } },
      handler: async ({ auth, body }) => {
        if (body.timeZone !== undefined && !validTimeZone(body.timeZone)) {
          throw new AppError('validation_failed', `Unknown time zone ${JSON.stringify(body.timeZone.slice(0, 64))}`, { details: { field: 'timeZone' } });
        }
        const { query, meta } = await engine.query(auth, body.question, body.timeZone);
        return { status: 200, body: { ...query, ai: meta } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/ai/draft',
      auth: 'read',
      transaction: false,
      summary: 'Draft a follow-up, an introduction or a meeting recap grounded in a contact or deal',
      tags: ['AI'],
      body: draftBody,
      responses: { 200: { description: 'Subject and body', schema: z.object({ subject: z.string(), body: z.string(), ai: aiMeta }) } },
      handler: async ({ auth, body, requestId }) => {
        const { draft, meta } = await engine.draft(auth, body, requestId);
        return { status: 200, body: { ...draft, ai: meta } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/ai/draft/stream',
      auth: 'read',
      transaction: false,
      summary: 'The same draft as server-sent events while it is written: `delta` events with text, then `done` with subject, body and provider',
      tags: ['AI'],
      body: draftBody,
      responses: { 200: { description: 'text/event-stream: `delta` {text}, then `done` {subject, body, ai} or `error` {code, message}' } },
      handler: async ({ auth, body, requestId, req }) => {
        const controller = new AbortController();
        req.raw.once('close', () => req.raw.complete || controller.abort());
        const pieces = await engine.draftStream(auth, body, requestId, controller.signal);
        return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }, body: Readable.from(sseFrames(pieces, requestId)) };
      },
    }),
    briefRoute(engine, 'contacts'),
    briefRoute(engine, 'companies'),
    briefRoute(engine, 'deals'),
    defineRoute({
      method: 'GET',
      path: '/api/v1/contacts/:id/score',
      auth: 'read',
      transaction: false,
      summary: "Lead score 0–100 with its top factors, from the workspace's own model or, below the data floor, transparent rules",
      tags: ['AI'],
      params: idParams,
      responses: { 200: { description: 'The score', schema: z.object({ data: scoreView }) } },
      handler: async ({ auth, params, requestId }) => ({ status: 200, body: { data: await engine.scoreRecord(auth, 'contacts', params.id, requestId) } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/deals/:id/insights',
      auth: 'read',
      transaction: false,
      summary: "Win probability of a deal with its top factors, from the workspace's own model or, below the data floor, stage probabilities and rules",
      tags: ['AI'],
      params: idParams,
      responses: { 200: { description: 'The win probability', schema: z.object({ data: scoreView }) } },
      handler: async ({ auth, params, requestId }) => ({ status: 200, body: { data: await engine.scoreRecord(auth, 'deals', params.id, requestId) } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/ai/models',
      auth: 'read',
      transaction: false,
      summary: 'Every trained version of the scoring models with its hold-out metrics, and the data floor of each task',
      tags: ['AI'],
      responses: { 200: { description: 'Versions, newest first per task' } },
      handler: async ({ auth }) => {
        const floors = Object.fromEntries(await Promise.all(scoreTasks.map(async (task) => [task, await engine.scoring.dataFloor(auth.workspaceId, task)] as const)));
        return { status: 200, body: { data: await engine.scoring.models(auth.workspaceId), dataFloor: floors } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/ai/models/retrain',
      auth: 'admin',
      transaction: false,
      summary: 'Retrain the scoring models now; a new version serves only if it beats the current one on a time-based hold-out',
      tags: ['AI'],
      body: z.strictObject({ task: z.enum(scoreTasks).optional() }).optional(),
      responses: { 200: { description: 'What each task did: insufficient_data, activated (the new version serves) or kept (a new version is stored as rejected)' } },
      handler: async ({ auth, body }) => {
        const results = [];
        for (const task of body?.task ? [body.task] : scoreTasks) results.push(await engine.scoring.retrain(auth.workspaceId, task));
        return { status: 200, body: { data: results } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/ai/usage',
      auth: 'admin',
      transaction: false,
      summary: 'Every AI call of the workspace (feature, provider, model, tokens, cost, latency, outcome), with totals; this month by default',
      tags: ['AI'],
      query: usageQuery,
      responses: {
        200: {
          description: 'Recent calls newest first, and totals over the period',
          schema: z.object({
            from: z.string(),
            to: z.string(),
            totals: totals.omit({ key: true }),
            byProvider: z.array(totals),
            byFeature: z.array(totals),
            byOutcome: z.array(totals),
            budget: z.object({ monthlyBudgetUsd: z.number().nullable(), spentThisMonthUsd: z.number() }),
            data: z.array(z.record(z.string(), z.unknown())),
          }),
        },
      },
      handler: async ({ auth, query }) => {
        const now = engine.now();
        const from = query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
        const to = query.to ? new Date(query.to) : new Date(now.getTime() + 1);
        if (from >= to) throw new AppError('validation_failed', '`from` must be before `to`', { details: { field: 'from' } });
        const usage = await engine.store.usage(auth.workspaceId, { from, to, feature: query.feature, provider: query.provider, limit: query.limit });
        const budget = await engine.budget(auth.workspaceId);
        return { status: 200, body: { from: from.toISOString(), to: to.toISOString(), ...usage, budget } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/ai/providers',
      auth: 'read',
      transaction: false,
      summary: "Each AI provider as this workspace sees it: healthy, open circuit, over budget or forbidden",
      tags: ['AI'],
      responses: { 200: { description: 'Providers in the order of the workspace chain' } },
      handler: async ({ auth }) => ({ status: 200, body: { data: await engine.providers(auth.workspaceId) } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/ai/settings',
      auth: 'read',
      transaction: false,
      summary: "The workspace's AI settings (unset fields follow the server's defaults)",
      tags: ['AI'],
      responses: { 200: { description: 'Settings and the defaults they override' } },
      handler: async ({ auth }) => ({ status: 200, body: await engine.settingsView(auth.workspaceId) }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/ai/settings',
      auth: 'admin',
      transaction: false,
      summary: "Replace the workspace's AI settings: provider chain, model per provider and feature, monthly budget, cloud switch, redaction",
      tags: ['AI'],
      body: workspaceSettingsSchema,
      responses: { 200: { description: 'The saved settings' } },
      handler: async ({ auth, body }) => {
        await engine.saveSettings(auth, body);
        return { status: 200, body: await engine.settingsView(auth.workspaceId) };
      },
    }),
  ];
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Text pieces as `delta` events, then the whole draft as `done`; a failure after the start is an `error` event. */
async function* sseFrames(pieces: AsyncGenerator<string, { provider: string; model: string; fallback: boolean }, undefined>, requestId: string): AsyncGenerator<string> {
  let whole = '';
  try {
    for (;;) {
      const step = await pieces.next();
      if (step.done) {
        const { provider, model, fallback } = step.value;
        yield sse('done', { ...splitDraftText(whole), ai: { provider, model, fallback } });
        return;
      }
      whole += step.value;
      yield sse('delta', { text: step.value });
    }
  } catch (error) {
    const { body } = mapError(error, requestId);
    yield sse('error', body.error);
  } finally {
    await pieces.return(undefined as never);
  }
}
