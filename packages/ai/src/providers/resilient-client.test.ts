import { createLogger, createManualClock } from '@nexus/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiProvider } from './openai-provider';
import { createAiClient } from './resilient-client';
import { analysisSchema, analyzeFeature } from './testing/analyze-feature';
import { claudePrice, createHarness, gptPrice, openaiKey, sampleAnalysis, sampleAnswer, type Harness } from './testing/client-harness';

const ctx = { workspaceId: 'ws-1', userId: 'user-1' };
const question = { text: 'Hello, could you send me the pricing for the enterprise plan? We are very interested.' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(...args: Parameters<typeof createHarness>): Promise<Harness> {
  harness = await createHarness(...args);
  return harness;
}

describe('createAiClient: answers', () => {
  it('answers from OpenAI with the validated output, its token usage and its cost', async () => {
    const h = await setup();
    h.server.reply('openai', { text: sampleAnswer, inputTokens: 1200, outputTokens: 300 });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toEqual({ output: sampleAnalysis, provider: 'openai', model: 'gpt-test', fallback: false, attempts: 1 });
    const [request] = h.server.requestsFor('openai');
    const body = request!.body as { model: string; response_format: unknown; max_completion_tokens: number; messages: Array<{ role: string; content: string }> };
    expect(body.model).toBe('gpt-test');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.max_completion_tokens).toBe(800);
    expect(body.messages[0]!.role).toBe('system');
    expect(body.messages[0]!.content).toContain('"enum":["positive","neutral","negative"]');
    expect(h.usage).toHaveLength(1);
    expect(h.usage[0]).toMatchObject({
      workspaceId: 'ws-1',
      userId: 'user-1',
      feature: 'analyze',
      promptVersion: 1,
      provider: 'openai',
      model: 'gpt-test',
      inputTokens: 1200,
      outputTokens: 300,
      outcome: 'ok',
      streamed: false,
      at: h.clock.now(),
    });
    expect(h.usage[0]!.costUsd).toBeCloseTo((1200 * gptPrice.inputPerMillionUsd + 300 * gptPrice.outputPerMillionUsd) / 1_000_000, 12);
  });

  it('answers from Anthropic over the Messages API with its key, version header and system prompt', async () => {
    const h = await setup({ chain: ['anthropic', 'local'] });
    h.server.reply('anthropic', { text: `Here is the analysis:\n\`\`\`json\n${sampleAnswer}\n\`\`\``, inputTokens: 900, outputTokens: 200 });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ output: sampleAnalysis, provider: 'anthropic', model: 'claude-test', fallback: false, attempts: 1 });
    const [request] = h.server.requestsFor('anthropic');
    expect(request!.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const body = request!.body as { system: string; max_tokens: number; messages: Array<{ role: string; content: string }> };
    expect(body.system).toContain('Answer with one JSON object');
    expect(body.max_tokens).toBe(800);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]!.content).toContain(question.text);
    expect(h.usage[0]).toMatchObject({ provider: 'anthropic', inputTokens: 900, outputTokens: 200, outcome: 'ok' });
    expect(h.usage[0]!.costUsd).toBeCloseTo((900 * claudePrice.inputPerMillionUsd + 200 * claudePrice.outputPerMillionUsd) / 1_000_000, 12);
  });

  it('answers offline from the local provider when it is the whole chain, for real', async () => {
    const h = await setup({ chain: ['local'] });

    const result = await h.client.run(analyzeFeature, { text: 'I am not happy: the export is broken again. Please call me.' }, ctx);

    expect(h.server.requests).toHaveLength(0);
    expect(result.provider).toBe('local');
    expect(result.fallback).toBe(false);
    expect(analysisSchema.parse(result.output)).toEqual(result.output);
    expect(result.output.sentiment.label).toBe('negative');
    expect(h.outcomes()).toEqual(['local:ok']);
    expect(h.usage[0]!.costUsd).toBe(0);
  });

  it('uses the model a workspace sets for a feature', async () => {
    const h = await setup({ workspaceSettings: () => ({ models: { openai: { analyze: 'gpt-big', default: 'gpt-small' } } }) });
    h.server.reply('openai', { text: sampleAnswer });

    await h.client.run(analyzeFeature, question, ctx);

    expect((h.server.requestsFor('openai')[0]!.body as { model: string }).model).toBe('gpt-big');
  });
});

describe('createAiClient: retries and failover', () => {
  it('retries a 429 after the backoff and succeeds on the second attempt', async () => {
    const h = await setup();
    h.server.reply('openai', { status: 429 }, { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ provider: 'openai', attempts: 2, fallback: false });
    expect(h.server.requestsFor('openai')).toHaveLength(2);
    expect(h.sleeps).toEqual([100]);
    expect(h.outcomes()).toEqual(['openai:retry', 'openai:ok']);
    expect(h.usage[0]!.reason).toBe('rate_limited');
  });

  it('waits as long as Retry-After asks when that is within the limit', async () => {
    const h = await setup();
    h.server.reply('openai', { status: 503, headers: { 'retry-after': '0.5' } }, { text: sampleAnswer });

    await h.client.run(analyzeFeature, question, ctx);

    expect(h.sleeps).toEqual([500]);
  });

  it('moves on at once when Retry-After asks for longer than the longest wait', async () => {
    const h = await setup();
    h.server.reply('openai', { status: 429, headers: { 'retry-after': '60' } });
    h.server.reply('anthropic', { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ provider: 'anthropic', fallback: true });
    expect(h.sleeps).toEqual([]);
    expect(h.outcomes()).toEqual(['openai:error', 'anthropic:ok']);
  });

  it('does not retry a 400 and moves on to the next provider', async () => {
    const h = await setup();
    h.server.reply('openai', { status: 400, message: 'bad request' });
    h.server.reply('anthropic', { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ provider: 'anthropic', fallback: true, attempts: 2 });
    expect(h.server.requestsFor('openai')).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(h.outcomes()).toEqual(['openai:error', 'anthropic:ok']);
    expect(h.usage[0]!.reason).toBe('bad_request');
  });

  it('does not retry a refused key (401)', async () => {
    const h = await setup({ chain: ['wrong-key', 'local'] }, (server) => [
      { provider: createOpenAiProvider({ name: 'wrong-key', baseUrl: server.openaiBaseUrl, apiKey: 'not-the-key' }), model: 'gpt-test' },
    ]);
    h.server.setDefault('openai', { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ provider: 'local', fallback: true });
    expect(h.server.requestsFor('openai')).toHaveLength(1);
    expect(h.server.requestsFor('openai')[0]!.headers.authorization).toBe('Bearer not-the-key');
    expect(h.outcomes()).toEqual(['wrong-key:error', 'local:ok']);
    expect(h.usage[0]!.reason).toBe('auth');
  });

  it('refuses a chain that does not end with the local provider', () => {
    const provider = createOpenAiProvider({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: openaiKey });
    expect(() =>
      createAiClient({
        providers: [{ provider, model: 'gpt-test' }],
        chain: ['openai'],
        clock: createManualClock(),
        log: createLogger({ level: 'silent' }),
        timeoutMs: 1_000,
        retry: { attempts: 1, baseMs: 1, maxMs: 1, jitter: 0 },
        breaker: { failureThreshold: 1, windowMs: 1, openMs: 1, halfOpenMax: 1 },
      }),
    ).toThrow(RangeError);
  });

  it('retries a timeout, then fails over to the next provider', async () => {
    const h = await setup({ timeoutMs: 150 });
    h.server.reply('openai', { text: sampleAnswer, delayMs: 5_000 }, { text: sampleAnswer, delayMs: 5_000 });
    h.server.reply('anthropic', { text: sampleAnswer });

    const started = performance.now();
    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ provider: 'anthropic', fallback: true, attempts: 3 });
    expect(h.server.requestsFor('openai')).toHaveLength(2);
    expect(h.outcomes()).toEqual(['openai:retry', 'openai:error', 'anthropic:ok']);
    expect(h.usage.slice(0, 2).map((record) => record.reason)).toEqual(['timeout', 'timeout']);
    expect(h.usage[0]!.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it('retries a dropped connection', async () => {
    const h = await setup();
    h.server.reply('openai', { reset: true }, { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ provider: 'openai', attempts: 2 });
    expect(h.usage[0]!.reason).toBe('connection');
  });

  it('treats a body that is not JSON as a broken answer and moves on without retrying', async () => {
    const h = await setup();
    h.server.reply('openai', { raw: '<html>Bad gateway</html>' });
    h.server.reply('anthropic', { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result.provider).toBe('anthropic');
    expect(h.outcomes()).toEqual(['openai:error', 'anthropic:ok']);
    expect(h.usage[0]!.reason).toBe('bad_response');
  });

  it('does not retry a refusal', async () => {
    const h = await setup();
    h.server.reply('anthropic', { text: 'I cannot help with that.', refusal: true });

    h.server.reply('openai', { status: 400 });

    const result = await h.client.run(analyzeFeature, question, ctx);

    expect(result).toMatchObject({ provider: 'local', fallback: true });
    expect(h.server.requestsFor('anthropic')).toHaveLength(1);
    expect(h.usage.find((record) => record.provider === 'anthropic')!.reason).toBe('refused');
  });

  it('stops without failover when the caller cancels', async () => {
    const h = await setup();
    h.server.reply('openai', { text: sampleAnswer, delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left')), 50);

    await expect(h.client.run(analyzeFeature, question, { ...ctx, signal: controller.signal })).rejects.toThrow('user left');

    expect(h.server.requestsFor('anthropic')).toHaveLength(0);
    expect(h.outcomes()).toEqual(['openai:cancelled']);
    expect(h.client.providerStates().find((state) => state.name === 'openai')!.failures).toBe(0);
  });
});
