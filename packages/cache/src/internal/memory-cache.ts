import { LRUCache } from 'lru-cache';
import type { Cache, CounterState } from '../types';

interface Counter {
  count: number;
  resetAt: number;
}

export function createMemoryCache(options: { maxEntries: number; now?: () => number }): Cache {
  const now = options.now ?? Date.now;
  const values = new LRUCache<string, string>({ max: options.maxEntries, ttlAutopurge: false, perf: { now } });
  const counters = new LRUCache<string, Counter>({ max: options.maxEntries });

  function counterState(key: string): CounterState {
    const counter = counters.get(key);
    const at = now();
    if (!counter || counter.resetAt <= at) return { count: 0, resetInMs: 0 };
    return { count: counter.count, resetInMs: counter.resetAt - at };
  }

  return {
    kind: 'memory',
    get: async (key) => values.get(key),
    set: async (key, value, ttlMs) => {
      values.set(key, value, { ttl: ttlMs });
    },
    delete: async (key) => {
      values.delete(key);
      counters.delete(key);
    },
    increment: async (key, windowMs) => {
      const at = now();
      const counter = counters.get(key);
      if (!counter || counter.resetAt <= at) {
        counters.set(key, { count: 1, resetAt: at + windowMs });
        return { count: 1, resetInMs: windowMs };
      }
      counter.count += 1;
      return { count: counter.count, resetInMs: counter.resetAt - at };
    },
    peek: async (key) => counterState(key),
    ping: async () => undefined,
    close: async () => {
      values.clear();
      counters.clear();
    },
  };
}
