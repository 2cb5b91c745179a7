import { createManualClock } from '@nexus/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker';
import { analyzeFeature } from './testing/analyze-feature';
import { createHarness, sampleAnswer, type Harness } from './testing/client-harness';

const options = { failureThreshold: 3, windowMs: 10_000, openMs: 5_000, halfOpenMax: 1 };

describe('createCircuitBreaker', () => {
  it('opens after the threshold of failures within the window and refuses calls', () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker(options, clock);
    breaker.failure();
    breaker.failure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();

    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.snapshot()).toEqual({ state: 'open', failures: 3, openedUntil: new Date(clock.now().getTime() + 5_000) });
  });

  it('forgets failures older than the window', () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker(options, clock);
    breaker.failure();
    breaker.failure();
    clock.advance(10_001);
    breaker.failure();

    expect(breaker.snapshot()).toMatchObject({ state: 'closed', failures: 1 });
  });

  it('lets a limited number of trial calls through once open time has passed, and closes on success', () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ ...options, failureThreshold: 1, halfOpenMax: 2 }, clock);
    breaker.failure();
    clock.advance(4_999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);

    expect(breaker.snapshot().state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.success();
    expect(breaker.snapshot()).toEqual({ state: 'closed', failures: 0, openedUntil: null });
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens again when a trial call fails', () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ ...options, failureThreshold: 1 }, clock);
    breaker.failure();
    clock.advance(5_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();

    expect(breaker.snapshot().state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('gives a released trial slot back', () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ ...options, failureThreshold: 1 }, clock);
    breaker.failure();
    clock.advance(5_000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });
});

describe('createAiClient: circuit breaker per provider', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('skips a provider whose circuit is open without sending it anything, then tries it again after openMs', async () => {
    const h = (harness = await createHarness());
    const ctx = { workspaceId: 'ws-1' };
    const input = { text: 'Any news on our order?' };
    h.server.setDefault('openai', { status: 500 });
    h.server.setDefault('anthropic', { text: sampleAnswer });

    // Two failures (two attempts), then a third on the next call opens the circuit (threshold 3).
    await h.client.run(analyzeFeature, input, ctx);
    await h.client.run(analyzeFeature, input, ctx);
    expect(h.server.requestsFor('openai')).toHaveLength(3);
    const openedAt = h.clock.now().getTime();
    expect(h.client.providerStates().find((state) => state.name === 'openai')).toEqual({
      name: 'openai',
      kind: 'cloud',
      state: 'open',
      failures: 3,
      openedUntil: new Date(openedAt + 30_000),
    });

    h.usage.length = 0;
    const skipped = await h.client.run(analyzeFeature, input, ctx);
    expect(skipped).toMatchObject({ provider: 'anthropic', fallback: true, attempts: 1 });
    expect(h.server.requestsFor('openai')).toHaveLength(3);
    expect(h.outcomes()).toEqual(['openai:circuit_open', 'anthropic:ok']);

    h.clock.advance(29_999);
    await h.client.run(analyzeFeature, input, ctx);
    expect(h.server.requestsFor('openai')).toHaveLength(3);

    // Half-open: one trial call goes through; its success closes the circuit.
    h.clock.advance(1);
    expect(h.client.providerStates().find((state) => state.name === 'openai')!.state).toBe('half_open');
    h.server.reply('openai', { text: sampleAnswer });
    const trial = await h.client.run(analyzeFeature, input, ctx);
    expect(trial).toMatchObject({ provider: 'openai', fallback: false });
    expect(h.server.requestsFor('openai')).toHaveLength(4);
    expect(h.client.providerStates().find((state) => state.name === 'openai')).toMatchObject({ state: 'healthy', failures: 0, openedUntil: null });
  });

  it('opens again when the half-open trial fails, and does not retry against the open circuit', async () => {
    const h = (harness = await createHarness({ breaker: { failureThreshold: 1, windowMs: 60_000, openMs: 1_000, halfOpenMax: 1 } }));
    const ctx = { workspaceId: 'ws-1' };
    h.server.setDefault('openai', { status: 503 });
    h.server.setDefault('anthropic', { text: sampleAnswer });
    await h.client.run(analyzeFeature, { text: 'hello' }, ctx);
    expect(h.server.requestsFor('openai')).toHaveLength(1);

    h.clock.advance(1_000);
    h.usage.length = 0;
    await h.client.run(analyzeFeature, { text: 'hello' }, ctx);

    expect(h.server.requestsFor('openai')).toHaveLength(2);
    expect(h.outcomes()).toEqual(['openai:error', 'anthropic:ok']);
    expect(h.sleeps).toEqual([]);
    expect(h.client.providerStates().find((state) => state.name === 'openai')!.state).toBe('open');
  });

  it('does not count a rejected request (400) against the provider', async () => {
    const h = (harness = await createHarness({ breaker: { failureThreshold: 1, windowMs: 60_000, openMs: 1_000, halfOpenMax: 1 } }));
    h.server.setDefault('openai', { status: 400 });
    h.server.setDefault('anthropic', { text: sampleAnswer });

    await h.client.run(analyzeFeature, { text: 'hello' }, { workspaceId: 'ws-1' });

    expect(h.client.providerStates().find((state) => state.name === 'openai')).toMatchObject({ state: 'healthy', failures: 0 });
  });
});
