import { z } from 'zod';
import { defineRoute, type RouteDef } from '@nexus/http';
import { AppError } from '@nexus/platform';
import type { ConsistencyReport } from './internal/consistency';
import type { ModelView } from './internal/models';
import { maxQueryLength } from './internal/query';
import { searchTypes, type SearchType } from './ports';
import { searchModes, type SearchService } from './search-service';

const typesParam = z
  .string()
  .max(200)
  .optional()
  .transform((value, ctx): SearchType[] => {
    if (value === undefined || value.trim() === '') return [...searchTypes];
    const list = [...new Set(value.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
    const unknown = list.filter((t) => !(searchTypes as readonly string[]).includes(t));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown type ${unknown.map((t) => JSON.stringify(t)).join(', ')}; use ${searchTypes.join(', ')}` });
      return z.NEVER;
    }
    return list as SearchType[];
  });

const searchQuery = z.strictObject({
  // Checked for length in the service too, with a message that says so; this cap keeps huge values out of the parser.
  q: z.string().max(10 * maxQueryLength).optional(),
  types: typesParam,
  mode: z.enum(searchModes).default('hybrid'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const searchResult = z.object({
  type: z.enum(searchTypes),
  id: z.uuid(),
  title: z.string(),
  snippet: z.string().describe('HTML-safe text; matched words are wrapped in <mark></mark>'),
  score: z.number().describe('Relevance, higher first; comparable only within one response'),
});

const modelView = z.object({
  model: z.string(),
  provider: z.string(),
  state: z.enum(['building', 'active', 'retired']),
  dimensions: z.number().int(),
  documentCount: z.number().int(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
});

const countsView = z.object({ records: z.number().int(), documents: z.number().int() });
const consistencyView = z.object({
  workspaceId: z.uuid(),
  consistent: z.boolean(),
  repaired: z.boolean(),
  engines: z.array(
    z.object({
      engine: z.string(),
      counts: z.object(Object.fromEntries(searchTypes.map((t) => [t, countsView])) as Record<SearchType, typeof countsView>),
      sampled: z.number().int(),
      mismatched: z.number().int(),
      consistent: z.boolean(),
    }),
  ),
});

export interface SearchRouteDeps {
  service: SearchService;
  models(workspaceId: string): Promise<ModelView[]>;
  checkConsistency(workspaceId: string): Promise<ConsistencyReport>;
}

/** `GET /api/v1/search` and the search administration endpoints. */
export function searchRoutes(deps: SearchRouteDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/search',
      auth: 'read',
      // The engines open their own read units (several at once on PostgreSQL).
      transaction: false,
      // Hybrid (the default) fuses full-text, typo-tolerant and semantic results by reciprocal rank.
      summary: 'Search records and activities by words, typos and meaning (hybrid by default)',
      tags: ['Search'],
      query: searchQuery,
      responses: { 200: { description: 'Ranked results', schema: z.object({ data: z.array(searchResult) }) } },
      handler: async ({ auth, query }) => {
        if (query.q === undefined) throw new AppError('validation_failed', 'Type something to search for', { details: { field: 'q' } });
        const data = await deps.service.search(auth, { q: query.q, types: query.types, mode: query.mode, limit: query.limit });
        return { status: 200, body: { data } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/search/models',
      auth: 'read',
      transaction: false,
      summary: "The workspace's embedding models: the active one, one being built, retired ones",
      tags: ['Search'],
      responses: { 200: { description: 'Models, newest first', schema: z.object({ data: z.array(modelView) }) } },
      handler: async ({ auth }) => ({ status: 200, body: { data: await deps.models(auth.workspaceId) } }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/search/consistency',
      auth: 'admin',
      transaction: false,
      summary: 'Compare the records with the search index and rebuild what drifted',
      tags: ['Search'],
      responses: { 200: { description: 'What was compared and whether it was repaired', schema: consistencyView } },
      handler: async ({ auth }) => ({ status: 200, body: await deps.checkConsistency(auth.workspaceId) }),
    }),
  ];
}
