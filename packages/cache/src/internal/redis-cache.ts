import { Redis } from 'ioredis';
import type { Cache } from '../types';

// One round trip, atomic: the window starts with the first increment.
const incrementScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

export function createRedisCache(options: { url: string; keyPrefix?: string }): Cache & { client: Redis } {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? 'nexus:',
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  // Connection errors surface on the next command; without a listener they would crash the process.
  client.on('error', () => undefined);

  return {
    kind: 'redis',
    client,
    get: async (key) => (await client.get(key)) ?? undefined,
    set: async (key, value, ttlMs) => {
      await client.set(key, value, 'PX', ttlMs);
    },
    delete: async (key) => {
      await client.del(key);
    },
    increment: async (key, windowMs) => {
      const [count, ttl] = (await client.eval(incrementScript, 1, key, windowMs)) as [number, number];
      return { count, resetInMs: ttl };
    },
    peek: async (key) => {
      const [value, ttl] = await Promise.all([client.get(key), client.pttl(key)]);
      if (value === null || ttl <= 0) return { count: 0, resetInMs: 0 };
      return { count: Number(value), resetInMs: ttl };
    },
    ping: async () => {
      await client.ping();
    },
    close: async () => {
      client.disconnect();
    },
  };
}
