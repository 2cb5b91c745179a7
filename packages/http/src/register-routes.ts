import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '@nexus/db';
import type { AuthContext } from '@nexus/platform';
import type { RouteDef, RouteResult } from './define-route';
import { authorize } from './internal/authorize';
import { checkIdempotencyKey, claimOrReplay, requestHash, storeResponse } from './internal/idempotency';
import { parseInput } from './internal/validate';

export interface RouteDeps {
  db: Database;
  /** Resolves the caller from the request (bearer session token or API key); throws 401 when absent or invalid. */
  authenticate(req: FastifyRequest): Promise<AuthContext>;
}

function send(reply: FastifyReply, result: RouteResult): FastifyReply {
  reply.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  if (result.body === undefined || result.status === 204) return reply.send();
  return reply.send(result.body);
}

/**
 * Mounts routes on Fastify: authentication, authorisation, validation, one
 * workspace transaction per request and Idempotency-Key handling, the same
 * way for every route.
 */
export function registerRoutes(app: FastifyInstance, routes: readonly RouteDef[], deps: RouteDeps): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      ...(route.bodyLimitBytes === undefined ? {} : { bodyLimit: route.bodyLimitBytes }),
      handler: async (req, reply) => {
        const params = parseInput(route.params, req.params, 'path');
        const query = parseInput(route.query, req.query, 'query');
        const base = { params, query, req, reply, requestId: req.id };
        if (route.auth === 'public') {
          const body = parseInput(route.body, req.body, 'body');
          return send(reply, await route.handler({ ...base, body }));
        }
        const auth = await deps.authenticate(req);
        authorize(auth, route.auth);
        const body = parseInput(route.body, req.body, 'body');
        if (route.transaction === false) return send(reply, await route.handler({ ...base, body, auth }));
        const idempotencyKey = route.idempotent ? checkIdempotencyKey(req.headers['idempotency-key']) : undefined;
        // GET never writes: on PostgreSQL it runs without a transaction, in one round trip per statement.
        const readOnly = route.method === 'GET';
        const result = await deps.db.withWorkspace(auth.workspaceId, async (tx) => {
          if (idempotencyKey !== undefined) {
            const replay = await claimOrReplay(tx, auth, idempotencyKey, requestHash(route.method, req.url, req.body));
            if (replay) return replay;
          }
          const answer = await route.handler({ ...base, body, auth, tx });
          if (idempotencyKey !== undefined) await storeResponse(tx, auth, idempotencyKey, answer);
          return answer;
        }, { readOnly });
        return send(reply, result);
      },
    });
  }
}
