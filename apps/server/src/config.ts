import { z } from 'zod';
import { envBoolean, parseConfig } from '@nexus/platform';

/** Every setting of the server, read once from the environment at start. */
export const configSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Interface to listen on; `localhost` serves this machine only, `0.0.0.0` every interface. */
  HOST: z.string().default('localhost'),
  /** Folder of the embedded database (PGlite), used when DATABASE_URL is not set. */
  NEXUS_DATA_DIR: z.string().default('./data'),
  /** PostgreSQL connection string; when set, PostgreSQL replaces the embedded database. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Connections in the PostgreSQL pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Longest a single SQL statement may run, in milliseconds. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Redis connection string; when set, the cache and rate limits live in Redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** What this process does: `api` serves HTTP, `worker` relays events to background consumers. */
  NEXUS_ROLES: z
    .string()
    .default('api,worker')
    .transform((value) => value.split(',').map((role) => role.trim()))
    .pipe(z.array(z.enum(['api', 'worker'])).min(1)),
  /** How long a session token stays valid, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24 * 7),
  /** How long an invitation can be accepted, in hours. */
  INVITATION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(24 * 7),
  /** Largest accepted request body, in bytes (batch routes allow five times this). */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  /** Requests per minute per client (token or address) before 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Failed sign-ins per account within the window before sign-in is refused with 429. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins per client address within the window. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  /** Login throttle window, in milliseconds. */
  LOGIN_THROTTLE_WINDOW_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  /** Create a demo workspace on the first start of an empty database. */
  NEXUS_DEMO: envBoolean.default(true),
  /** Sign-in of the demo workspace. */
  NEXUS_DEMO_EMAIL: z.email().default('demo@nexuscrm.local'),
  NEXUS_DEMO_PASSWORD: z.string().min(10).default('nexus-demo-password'),
  /** Trust X-Forwarded-For from the gateway in front: true, false, or its addresses (comma-separated). */
  TRUST_PROXY: z.string().default('false'),
  /** Longest a graceful shutdown may take before the process exits anyway, in milliseconds. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  return parseConfig(configSchema, env);
}

/** `true`, `false`, or a comma-separated list of gateway addresses/subnets. */
export function trustProxyValue(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value.split(',').map((v) => v.trim());
}
