import { z } from 'zod';
import type { RouteDef } from './define-route';
import { statusByCode } from './error-mapper';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(statusByCode) },
        message: { type: 'string' },
        details: {},
        requestId: { type: 'string' },
      },
    },
  },
};

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that
 * validate requests, so the two cannot drift apart.
 */
export function buildOpenApi(routes: readonly RouteDef[], info: OpenApiInfo): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, doc] of Object.entries(route.responses)) {
      responses[status] = {
        description: doc.description,
        ...(doc.schema ? { content: { 'application/json': { schema: toSchema(doc.schema, 'output') } } } : {}),
      };
    }
    responses.default = { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
    if (route.auth !== 'public' && route.transaction !== false && route.idempotent === true) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Retrying with the same key and body returns the first answer instead of acting twice.',
        schema: { type: 'string', maxLength: 255 },
      });
    }
    if (route.method === 'PATCH') {
      parameters.push({
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'The version (ETag) the change is based on; a stale one answers 412.',
        schema: { type: 'string' },
      });
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: route.tags,
      operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } } : {}),
      responses,
      ...(route.auth === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token from /api/v1/auth/login, or an API key (nx_...)' },
      },
      schemas: { Error: errorSchema },
    },
  };
}
