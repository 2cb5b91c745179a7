import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { WorkspaceTx } from '@nexus/db';
import type { AuthContext } from '@nexus/platform';

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `session`: a signed-in user (not an API key), any role;
 * - `read` / `write` / `admin`: a user or API key whose effective scopes include it
 *   (write needs the member role or above, admin the admin role or above);
 * - `owner`: the workspace owner, signed in.
 */
export type AuthRequirement = 'public' | 'session' | 'read' | 'write' | 'admin' | 'owner';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PublicInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
  requestId: string;
}

export interface AuthedInput<P, Q, B> extends PublicInput<P, Q, B> {
  auth: AuthContext;
}

export interface WorkspaceInput<P, Q, B> extends AuthedInput<P, Q, B> {
  /** One transaction per request, bound to the caller's workspace. */
  tx: WorkspaceTx;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

interface RouteBase<P, Q, B> {
  method: HttpMethod;
  /** Fastify-style path: `/api/v1/contacts/:id`. */
  path: string;
  summary: string;
  tags: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  responses: Record<number, ResponseDoc>;
  /** Body size limit for this route, when it differs from the server's. */
  bodyLimitBytes?: number;
}

export interface PublicRoute<P, Q, B> extends RouteBase<P, Q, B> {
  auth: 'public';
  handler(input: PublicInput<P, Q, B>): Promise<RouteResult>;
}

export interface WorkspaceRoute<P, Q, B> extends RouteBase<P, Q, B> {
  auth: Exclude<AuthRequirement, 'public'>;
  transaction?: true;
  /** Honour `Idempotency-Key`: a retried request with the same key and body gets the first answer. */
  idempotent?: boolean;
  handler(input: WorkspaceInput<P, Q, B>): Promise<RouteResult>;
}

/**
 * An authenticated route that manages its own transactions (identity and
 * workspace administration, which touch global tables). It gets no workspace
 * transaction: on PGlite a second transaction inside one would wait forever.
 */
export interface AccountRoute<P, Q, B> extends RouteBase<P, Q, B> {
  auth: Exclude<AuthRequirement, 'public'>;
  transaction: false;
  handler(input: AuthedInput<P, Q, B>): Promise<RouteResult>;
}

export type RouteDef<P = unknown, Q = unknown, B = unknown> = PublicRoute<P, Q, B> | WorkspaceRoute<P, Q, B> | AccountRoute<P, Q, B>;

/**
 * Declares a route: its schemas validate requests and generate the OpenAPI document.
 *
 * @example
 * defineRoute({ method: 'GET', path: '/api/v1/contacts/:id', auth: 'read', params: idParams, ...,
 *   handler: async ({ params, tx, auth }) => ({ status: 200, body: await getRecord(tx, auth, 'contacts', params.id) }) });
 */
export function defineRoute<P = undefined, Q = undefined, B = undefined>(route: WorkspaceRoute<P, Q, B>): RouteDef;
export function defineRoute<P = undefined, Q = undefined, B = undefined>(route: PublicRoute<P, Q, B>): RouteDef;
export function defineRoute<P = undefined, Q = undefined, B = undefined>(route: AccountRoute<P, Q, B>): RouteDef;
export function defineRoute(route: RouteDef): RouteDef {
  return route;
}
