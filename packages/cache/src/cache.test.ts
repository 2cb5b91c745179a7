import { afterAll, describe, expect, it } from 'vitest';
import { createCache, type Cache } from './index';

// The same contract for both adapters; Redis runs when TEST_REDIS_URL is set (CI).
const redisUrl = process.env.TEST_REDIS_URL;
const adapters: [string, () => Cache][] = [['memory', () => createCache({ kind: 'memory' })]];
if (redisUrl) adapters.push(['redis', () => createCache({ kind: 'redis', url: redisUrl, keyPrefix: `nexus-test:${process.pid}:` })]);

describe.each(adapters)('cache (%s)', (_name, make) => {
  const cache = make();
  afterAll(() => cache.close());

  it('returns what was set until it is deleted', async () => {
    await cache.set('a', 'one', 10_000);
    expect(await cache.get('a')).toBe('one');
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('forgets a value after its time to live', async () => {
    await cache.set('short', 'x', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get('short')).toBeUndefined();
  });

  it('counts increments within a window and starts again after it', async () => {
    const key = `counter-${Math.random()}`;
    expect((await cache.increment(key, 100)).count).toBe(1);
    const second = await cache.increment(key, 100);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(0);
    expect(second.resetInMs).toBeLessThanOrEqual(100);
    expect((await cache.peek(key)).count).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await cache.peek(key)).count).toBe(0);
    expect((await cache.increment(key, 100)).count).toBe(1);
  });

  it('answers a ping', async () => {
    await expect(cache.ping()).resolves.toBeUndefined();
  });
});
