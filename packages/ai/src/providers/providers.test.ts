import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';
import { createLocalProvider, localModel } from './local-provider';
import { createOpenAiProvider } from './openai-provider';
import { isProviderError, type AiProvider, type GenerateRequest, type StreamEvent } from './provider';
import { startFakeLlmServer, type FakeLlmServer } from './testing/fake-llm-server';

const request: GenerateRequest = { feature: 'test', model: 'm-1', system: 'Be brief.', messages: [{ role: 'user', content: 'Say hi' }], maxTokens: 50 };

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer({ openaiKey: 'ok-key', anthropicKey: 'ak-key' });
});
afterEach(async () => {
  await server.close();
});

async function failure(provider: AiProvider): Promise<unknown> {
  return provider.generate(request).then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function drain(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe.each([
  { api: 'openai' as const, make: () => createOpenAiProvider({ baseUrl: server.openaiBaseUrl, apiKey: 'ok-key' }) },
  { api: 'anthropic' as const, make: () => createAnthropicProvider({ baseUrl: server.anthropicBaseUrl, apiKey: 'ak-key' }) },
])('$api provider', ({ api, make }) => {
  it('returns the text, the token counts and the model that answered', async () => {
    server.reply(api, { text: 'Hi!', inputTokens: 5, outputTokens: 2, model: 'm-1-2026' });

    await expect(make().generate(request)).resolves.toEqual({ text: 'Hi!', inputTokens: 5, outputTokens: 2, model: 'm-1-2026' });
  });

  it.each([
    [429, 'rate_limited', true],
    [500, 'server', true],
    [529, 'server', true],
    [408, 'server', true],
    [400, 'bad_request', false],
    [401, 'auth', false],
    [403, 'auth', false],
    [404, 'not_found', false],
  ])('classifies HTTP %i as %s (retryable: %s)', async (status, reason, retryable) => {
    server.reply(api, { status, headers: { 'retry-after': '2' } });

    const error = await failure(make());

    expect(isProviderError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ai_provider_failed', provider: api, reason, retryable, status });
    if (status === 429) expect(error).toMatchObject({ retryAfterMs: 2_000 });
  });

  it('classifies a dropped connection as retryable and a body that is not JSON as a broken answer', async () => {
    server.reply(api, { reset: true }, { raw: 'upstream exploded', contentType: 'application/json' });
    const provider = make();

    await expect(failure(provider)).resolves.toMatchObject({ reason: 'connection', retryable: true });
    await expect(failure(provider)).resolves.toMatchObject({ reason: 'bad_response', retryable: false });
  });

  it('reports a refusal as not retryable', async () => {
    server.reply(api, { text: 'No.', refusal: true });

    await expect(failure(make())).resolves.toMatchObject({ reason: 'refused', retryable: false });
  });

  it('streams text pieces, then the usage', async () => {
    server.reply(api, { text: 'abc', chunks: ['a', 'b', 'c'], inputTokens: 9, outputTokens: 3 });

    const events = await drain(make().stream!(request));

    expect(events).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
      { type: 'text', text: 'c' },
      { type: 'usage', inputTokens: 9, outputTokens: 3, model: 'm-1' },
    ]);
  });

  it('reports an error status on a stream request as a provider error', async () => {
    server.reply(api, { status: 503 });

    await expect(drain(make().stream!(request))).rejects.toMatchObject({ reason: 'server', status: 503 });
  });
});

describe('createOpenAiProvider', () => {
  it('estimates tokens when a compatible server reports none', async () => {
    server.reply('openai', { raw: JSON.stringify({ choices: [{ message: { content: 'Twelve chars' } }] }) });

    const result = await createOpenAiProvider({ baseUrl: server.openaiBaseUrl, apiKey: 'ok-key' }).generate(request);

    // 'Be brief.' and 'Say hi' are 15 characters: 4 tokens at four characters a token.
    expect(result).toEqual({ text: 'Twelve chars', inputTokens: 4, outputTokens: 3, model: 'm-1' });
  });

  it('refuses a base URL that carries credentials', () => {
    expect(() => createOpenAiProvider({ baseUrl: 'http://user:secret@localhost:11434/v1' })).toThrow(RangeError);
  });
});

describe('createLocalProvider', () => {
  it('runs the feature’s offline answer', async () => {
    const result = await createLocalProvider().generate({ ...request, json: true, local: { run: async () => ({ ok: true }) } });

    expect(result).toEqual({ text: '{"ok":true}', inputTokens: 0, outputTokens: 0, model: localModel });
  });

  it('reports a feature without an offline answer, and one that throws', async () => {
    const local = createLocalProvider();

    await expect(local.generate(request)).rejects.toMatchObject({ reason: 'bad_request', retryable: false });
    await expect(
      local.generate({
        ...request,
        local: {
          run: async () => {
            throw new Error('boom');
          },
        },
      }),
    ).rejects.toMatchObject({ reason: 'local_failed', retryable: false });
  });
});
