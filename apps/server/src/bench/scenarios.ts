import type { LoadRequest } from './load-client';

export type ScenarioName = 'get-by-id' | 'list-50' | 'create';

export interface Scenario {
  name: ScenarioName;
  description: string;
  request: LoadRequest;
}

export const listPath = '/api/v1/contacts?limit=50&sort=-createdAt&filter[lifecycleStage]=lead';

/** A customer, not a lead, so that rows created during the run never enter the filtered list. */
export const createBody = JSON.stringify({
  firstName: 'Bench',
  lastName: 'Created',
  emails: ['bench.created@example.com'],
  title: 'Load tester',
  lifecycleStage: 'customer',
  leadSource: 'website',
});

/**
 * The three measured requests. Both servers get the very same requests
 * (the bare one ignores the token), so request sizes match.
 */
export function buildScenarios(ids: readonly string[], token: string): Scenario[] {
  const headers = { authorization: `Bearer ${token}` };
  return [
    {
      name: 'get-by-id',
      description: `GET /api/v1/contacts/:id over ${ids.length.toLocaleString('en')} random ids`,
      request: { method: 'GET', paths: ids.map((id) => `/api/v1/contacts/${id}`), headers, expectStatus: 200 },
    },
    {
      name: 'list-50',
      description: `GET ${listPath}`,
      request: { method: 'GET', paths: [listPath], headers, expectStatus: 200 },
    },
    {
      name: 'create',
      description: 'POST /api/v1/contacts (small JSON body)',
      request: { method: 'POST', paths: ['/api/v1/contacts'], headers: { ...headers, 'content-type': 'application/json' }, body: createBody, expectStatus: 201 },
    },
  ];
}

function shapeProblem(scenario: ScenarioName, body: unknown, ids: readonly string[]): string | undefined {
  if (typeof body !== 'object' || body === null) return 'the body is not a JSON object';
  if (scenario === 'list-50') {
    const data = (body as { data?: unknown }).data;
    if (!Array.isArray(data)) return 'no data array';
    if (data.length !== 50) return `${data.length} rows instead of 50`;
    const stages = new Set(data.map((row) => (row as Record<string, unknown>).lifecycleStage ?? (row as Record<string, unknown>).lifecycle_stage));
    return stages.size === 1 && stages.has('lead') ? undefined : 'rows that are not leads';
  }
  const id = (body as { id?: unknown }).id;
  if (typeof id !== 'string') return 'no id';
  if (scenario === 'get-by-id' && id !== ids[0]) return `id ${id} instead of ${ids[0] ?? '?'}`;
  return undefined;
}

/** Sends each request once and checks status and shape, so a broken route cannot pass for a fast one. */
export async function verifyScenario(baseUrl: string, scenario: Scenario, ids: readonly string[]): Promise<void> {
  const { request } = scenario;
  const res = await fetch(`${baseUrl}${request.paths[0] ?? '/'}`, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
  const text = await res.text();
  if (res.status !== request.expectStatus) throw new Error(`${scenario.name} on ${baseUrl}: status ${res.status}, expected ${request.expectStatus}: ${text.slice(0, 300)}`);
  const problem = shapeProblem(scenario.name, JSON.parse(text) as unknown, ids);
  if (problem) throw new Error(`${scenario.name} on ${baseUrl}: ${problem}`);
}
