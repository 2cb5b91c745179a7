import { createMemoryCache } from './internal/memory-cache';
import { createRedisCache } from './internal/redis-cache';
import type { Cache } from './types';

export type { Cache, CounterState } from './types';

export type CacheConfig = { kind: 'memory'; maxEntries?: number; now?: () => number } | { kind: 'redis'; url: string; keyPrefix?: string };

/**
 * @example
 * const cache = createCache(process.env.REDIS_URL ? { kind: 'redis', url } : { kind: 'memory' });
 */
export function createCache(config: CacheConfig): Cache {
  if (config.kind === 'memory') return createMemoryCache({ maxEntries: config.maxEntries ?? 100_000, ...(config.now ? { now: config.now } : {}) });
  return createRedisCache(config);
}

/** The Redis client behind a Redis cache, for libraries that take one (rate limiting). */
export function redisClientOf(cache: Cache): unknown {
  return (cache as { client?: unknown }).client;
}
