import { afterEach, describe, expect, it } from 'vitest';
import { analyzeFeature, analysisSchema } from './testing/analyze-feature';
import { collect, createHarness, sampleAnswer, type Harness } from './testing/client-harness';

const ctx = { workspaceId: 'ws-1' };
const input = { text: 'Please draft a long answer about our roadmap.' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('createAiClient: streaming', () => {
  it('streams from the OpenAI API piece by piece and records the usage it reports', async () => {
    const h = (harness = await createHarness());
    h.server.reply('openai', { text: sampleAnswer, chunks: ['{"sentiment":', sampleAnswer.slice('{"sentiment":'.length)], inputTokens: 40, outputTokens: 60 });

    const { chunks, summary } = await collect(h.client.stream(analyzeFeature, input, ctx));

    expect(chunks).toEqual(['{"sentiment":', sampleAnswer.slice('{"sentiment":'.length)]);
    expect(summary).toEqual({ provider: 'openai', model: 'gpt-test', fallback: false, attempts: 1 });
    const body = h.server.requestsFor('openai')[0]!.body as { stream: boolean; stream_options: unknown };
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(h.usage).toEqual([expect.objectContaining({ provider: 'openai', outcome: 'ok', streamed: true, inputTokens: 40, outputTokens: 60 })]);
  });

  it('streams from the Anthropic API', async () => {
    const h = (harness = await createHarness({ chain: ['anthropic', 'local'] }));
    h.server.reply('anthropic', { text: 'Dear Jane, thank you for your patience.', inputTokens: 30, outputTokens: 12 });

    const { chunks, summary } = await collect(h.client.stream(analyzeFeature, input, ctx));

    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe('Dear Jane, thank you for your patience.');
    expect(summary).toMatchObject({ provider: 'anthropic', fallback: false });
    expect((h.server.requestsFor('anthropic')[0]!.body as { stream: boolean }).stream).toBe(true);
    expect(h.usage).toEqual([expect.objectContaining({ provider: 'anthropic', outcome: 'ok', streamed: true, inputTokens: 30, outputTokens: 12 })]);
  });

  it('retries and fails over before the first piece of text', async () => {
    const h = (harness = await createHarness());
    h.server.setDefault('openai', { status: 502 });
    h.server.reply('anthropic', { text: 'Hello from the second provider.' });

    const { chunks, summary } = await collect(h.client.stream(analyzeFeature, input, ctx));

    expect(chunks.join('')).toBe('Hello from the second provider.');
    expect(summary).toMatchObject({ provider: 'anthropic', fallback: true, attempts: 3 });
    expect(h.outcomes()).toEqual(['openai:retry', 'openai:error', 'anthropic:ok']);
  });

  it('falls back to the local answer as one piece', async () => {
    const h = (harness = await createHarness({ defaults: { allowCloud: false } }));

    const { chunks, summary } = await collect(h.client.stream(analyzeFeature, input, ctx));

    expect(h.server.requests).toHaveLength(0);
    expect(chunks).toHaveLength(1);
    expect(analysisSchema.parse(JSON.parse(chunks[0]!))).toBeTruthy();
    expect(summary).toMatchObject({ provider: 'local', fallback: true });
    expect(h.outcomes()).toEqual(['openai:forbidden', 'anthropic:forbidden', 'local:ok']);
  });

  it('restores redacted values in streamed text, even when a placeholder is split across pieces', async () => {
    const h = (harness = await createHarness({ defaults: { redact: true } }));
    h.server.reply('openai', { text: 'Write to [EMAIL_1] today.', chunks: ['Write to [EMA', 'IL_1] today.'] });

    const { chunks } = await collect(h.client.stream(analyzeFeature, { text: 'Mail me at ops@example.org' }, ctx));

    expect(h.server.requestsFor('openai')[0]!.raw).not.toContain('ops@example.org');
    expect(chunks.join('')).toBe('Write to ops@example.org today.');
    expect(chunks.some((chunk) => chunk.includes('[EMA'))).toBe(false);
  });

  it('records a stream the reader abandons as cancelled', async () => {
    const h = (harness = await createHarness());
    h.server.reply('openai', { text: 'one two three', chunks: ['one ', 'two ', 'three'] });

    const stream = h.client.stream(analyzeFeature, input, ctx);
    const first = await stream.next();
    await stream.return(undefined as never);

    expect(first.value).toBe('one ');
    expect(h.outcomes()).toEqual(['openai:cancelled']);
    expect(h.client.providerStates().find((state) => state.name === 'openai')!.state).toBe('healthy');
  });
});

describe('createAiClient: streaming deadlines', () => {
  it('fails over when a stream stays silent before its first piece of text', async () => {
    const h = (harness = await createHarness({ timeoutMs: 150 }));
    h.server.setDefault('openai', { text: 'late text', delayMs: 5_000 });
    h.server.reply('anthropic', { text: 'Prompt text.' });

    const { chunks, summary } = await collect(h.client.stream(analyzeFeature, input, ctx));

    expect(chunks.join('')).toBe('Prompt text.');
    expect(summary).toMatchObject({ provider: 'anthropic', fallback: true });
    expect(h.outcomes()).toEqual(['openai:retry', 'openai:error', 'anthropic:ok']);
    expect(h.usage[0]!.reason).toBe('timeout');
  });

  it('reports a stream that goes silent after text was sent, instead of starting the answer over elsewhere', async () => {
    const h = (harness = await createHarness({ timeoutMs: 150 }));
    h.server.reply('openai', { text: 'first second', chunks: ['first ', 'second'], chunkDelayMs: 5_000 });
    const stream = h.client.stream(analyzeFeature, input, ctx);

    await expect(stream.next()).resolves.toEqual({ done: false, value: 'first ' });
    await expect(stream.next()).rejects.toMatchObject({ code: 'ai_provider_failed', reason: 'timeout' });

    expect(h.server.requestsFor('anthropic')).toHaveLength(0);
    expect(h.outcomes()).toEqual(['openai:error']);
    expect(h.usage[0]).toMatchObject({ reason: 'timeout', streamed: true });
  });
});
