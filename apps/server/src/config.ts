import { z } from 'zod';
import { ConfigError, envBoolean, parseConfig } from '@nexus/platform';
import { aiConfigSchema } from '@nexus/ai';

/** Every setting of the server, read once from the environment at start. */
export const configSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Interface to listen on; `localhost` serves this machine only, `0.0.0.0` every interface. */
  HOST: z.string().default('localhost'),
  /** Folder of the embedded database (PGlite), used when DATABASE_URL is not set. */
  NEXUS_DATA_DIR: z.string().default('./data'),
  /**
   * Page cache of the embedded database, in MB. Twice PostgreSQL's default:
   * semantic search walks an HNSW graph of a few hundred MB at 250,000
   * vectors, and its p95 halves when the hot part stays cached.
   */
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(16).max(1024).default(256),
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
  /** The web app on this origin: `auto` builds it when missing or stale and serves it, `prebuilt` serves what was built, `off` serves the API only. */
  NEXUS_WEB: z.enum(['auto', 'prebuilt', 'off']).default('auto'),
  /** Folder of the web app's sources (its build lands in `out/` inside it); defaults to the one in this repository. */
  NEXUS_WEB_APP_DIR: z.string().optional(),
  /** The session cookie's Secure flag: `auto` sets it on HTTPS requests (behind a TLS proxy, set TRUST_PROXY or `true`). */
  NEXUS_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto').transform((v) => (v === 'auto' ? 'auto' : v === 'true')),
  /** Folder of a finished web build to serve instead of `<NEXUS_WEB_APP_DIR>/out` (with `NEXUS_WEB=prebuilt`). */
  NEXUS_WEB_OUT_DIR: z.string().optional(),
  /** Longest a graceful shutdown may take before the process exits anyway, in milliseconds. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),

  /** Where search embeddings come from: `lsa` (trained on each workspace's own text, offline), `openai` (any OpenAI-compatible server), `onnx` (a local model folder). */
  EMBEDDING_PROVIDER: z.enum(['lsa', 'openai', 'onnx']).default('lsa'),
  /** Base URL of the OpenAI-compatible embeddings API (e.g. https://api.openai.com/v1, http://localhost:11434/v1 for Ollama). */
  EMBEDDING_API_URL: z.url().optional(),
  /** API key for EMBEDDING_API_URL (not needed by Ollama or vLLM). */
  EMBEDDING_API_KEY: z.string().optional(),
  /** Embedding model name at EMBEDDING_API_URL. */
  EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  /** Vector length to ask for; when unset it is learnt from one probe call at start. */
  EMBEDDING_DIMENSIONS: z.coerce.number().int().min(2).max(4096).optional(),
  /** Folder of a local ONNX sentence-embedding model (EMBEDDING_PROVIDER=onnx). */
  EMBEDDING_MODEL_DIR: z.string().optional(),
  /** Dimensions of the LSA embedding model. */
  SEARCH_LSA_DIMENSIONS: z.coerce.number().int().min(8).max(1024).default(128),
  /** Documents a workspace needs before its first LSA model is trained. */
  SEARCH_LSA_MIN_DOCUMENTS: z.coerce.number().int().min(2).default(10),
  /** Vectors per model above which pgvector gets an HNSW index (exact scan below). */
  SEARCH_HNSW_THRESHOLD: z.coerce.number().int().min(1).default(2_000),
  /** Elasticsearch URL; when set, keyword search runs there (PostgreSQL keeps the documents and answers if it fails). */
  ELASTICSEARCH_URL: z.url().optional(),
  /** Major version of the Elasticsearch cluster the client speaks to (8 or 9). */
  ELASTICSEARCH_COMPATIBLE_WITH: z.enum(['8', '9']).default('9').transform(Number).pipe(z.union([z.literal(8), z.literal(9)])),
  /** Longest an Elasticsearch request may take, in milliseconds. */
  ELASTICSEARCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Index name in Elasticsearch. */
  ELASTICSEARCH_INDEX: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case index name').default('nexus-search'),
  ELASTICSEARCH_USERNAME: z.string().optional(),
  ELASTICSEARCH_PASSWORD: z.string().optional(),
  ELASTICSEARCH_API_KEY: z.string().optional(),
  /** Pinecone API key; when set, vectors live in Pinecone instead of PostgreSQL. */
  PINECONE_API_KEY: z.string().optional(),
  /** Pinecone index name (cosine metric, dimension of the embedding model). */
  PINECONE_INDEX: z.string().default('nexus-search'),
  /** The index's host, to skip the control-plane lookup. */
  PINECONE_INDEX_HOST: z.string().optional(),
  /** Control-plane URL (defaults to Pinecone's). */
  PINECONE_CONTROLLER_URL: z.url().optional(),
  ...aiConfigSchema.shape,
  /** Folder where uploaded import files wait for their import (default: NEXUS_DATA_DIR/imports). */
  IMPORT_SPOOL_DIR: z.string().optional(),
  /** Largest import file accepted, in bytes (1 GiB). */
  IMPORT_MAX_FILE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024 * 1024).default(1024 * 1024 * 1024),
  /** Rows an import writes per transaction (and per checkpoint). */
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(20_000).default(2000),
  /** Duplicate pairs scoring at or above this (0..1) are proposed at GET /api/v1/duplicates. */
  DEDUPE_REVIEW_SCORE: z.coerce.number().min(0).max(1).default(0.5),
  /** Duplicates scoring at or above this (0..1) are merged without asking (undoable); unset, never. */
  DEDUPE_AUTO_MERGE_SCORE: z.coerce.number().min(0).max(1).optional(),

  /** Country (ISO 3166-1 alpha-2) for phone numbers written without +, when the record's address names none. */
  ENRICHMENT_DEFAULT_COUNTRY: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US')
    .default('US'),
  /** Create a company from a new contact's corporate email domain when the workspace has none with that domain (an existing one is always linked). */
  ENRICHMENT_COMPANY_FROM_EMAIL: envBoolean.default(true),
  /** Let website enrichment reach private, loopback and link-local addresses and any port (on-premise installs, tests). */
  ENRICHMENT_ALLOW_PRIVATE_NETWORKS: envBoolean.default(false),
  /** Longest a company website fetch may take (DNS, robots.txt and redirects included), in milliseconds. */
  ENRICHMENT_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Largest website page read, in bytes. */
  ENRICHMENT_FETCH_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(2 * 1024 * 1024),
  /** How long a paid provider's answer is reused, in hours (a miss is remembered for at most a week). */
  ENRICHMENT_CACHE_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24 * 30),
  /** Paid lookups each workspace may spend per provider and calendar month. */
  ENRICHMENT_MONTHLY_CREDITS: z.coerce.number().int().min(0).default(1000),
  /** Per-request deadline of a paid provider, in milliseconds. */
  ENRICHMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** People Data Labs API key; enables it as a provider. */
  PDL_API_KEY: z.string().min(1).optional(),
  /** People Data Labs API base URL. */
  PDL_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.peopledatalabs.com'),
  /** Apollo API key; enables it as a provider (after People Data Labs when both are set). */
  APOLLO_API_KEY: z.string().min(1).optional(),
  /** Apollo API base URL. */
  APOLLO_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.apollo.io'),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const config = parseConfig(configSchema, env);
  const missing: string[] = [];
  if (config.EMBEDDING_PROVIDER === 'openai' && !config.EMBEDDING_API_URL) missing.push('  EMBEDDING_API_URL: required when EMBEDDING_PROVIDER=openai');
  if (config.EMBEDDING_PROVIDER === 'onnx' && !config.EMBEDDING_MODEL_DIR) missing.push('  EMBEDDING_MODEL_DIR: required when EMBEDDING_PROVIDER=onnx');
  if (config.DEDUPE_AUTO_MERGE_SCORE !== undefined && config.DEDUPE_AUTO_MERGE_SCORE < config.DEDUPE_REVIEW_SCORE) missing.push('  DEDUPE_AUTO_MERGE_SCORE: must not be below DEDUPE_REVIEW_SCORE');
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  return config;
}

/** `true`, `false`, or a comma-separated list of gateway addresses/subnets. */
export function trustProxyValue(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value.split(',').map((v) => v.trim());
}
