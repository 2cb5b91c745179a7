import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { defineFeature } from './feature';
import { extractJson } from './json-output';
import { analyzeFeature } from './testing/analyze-feature';
import { createHarness, sampleAnalysis, sampleAnswer, type Harness } from './testing/client-harness';

const ctx = { workspaceId: 'ws-1' };
const input = { text: 'Can we get a quote for 40 seats?' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('extractJson', () => {
  it('reads an object wrapped in a code fence and prose', () => {
    expect(extractJson('Sure, here it is:\n```json\n{"a": {"b": "x}"}}\n```\nAnything else?')).toEqual({ ok: true, value: { a: { b: 'x}' } } });
  });

  it('takes the first balanced object when text follows it', () => {
    expect(extractJson('{"a": 1} and then {"b": 2}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('says when there is no object or it is cut off', () => {
    expect(extractJson('no json here')).toMatchObject({ ok: false, error: expect.stringContaining('no JSON object') });
    expect(extractJson('{"a": [1, 2')).toMatchObject({ ok: false, error: expect.stringContaining('not closed') });
  });
});

describe('createAiClient: structured outputs', () => {
  it('asks the same provider once to repair an answer that is not JSON, and uses the repaired one', async () => {
    const h = (harness = await createHarness());
    h.server.reply('openai', { text: 'The customer wants a quote.' }, { text: sampleAnswer });

    const result = await h.client.run(analyzeFeature, input, ctx);

    expect(result).toMatchObject({ output: sampleAnalysis, provider: 'openai', fallback: false, attempts: 2 });
    const repair = h.server.requestsFor('openai')[1]!.body as { messages: Array<{ role: string; content: string }> };
    expect(repair.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair.messages[2]!.content).toBe('The customer wants a quote.');
    expect(repair.messages[3]!.content).toContain('Your previous answer could not be used: The answer holds no JSON object.');
    expect(h.outcomes()).toEqual(['openai:invalid_output', 'openai:ok']);
    expect(h.usage[0]!.inputTokens).toBeGreaterThan(0);
  });

  it('tells the provider which fields break the schema', async () => {
    const h = (harness = await createHarness());
    h.server.reply('openai', { text: JSON.stringify({ ...sampleAnalysis, sentiment: { label: 'ecstatic', score: 3 } }) }, { text: sampleAnswer });

    await h.client.run(analyzeFeature, input, ctx);

    const repair = h.server.requestsFor('openai')[1]!.body as { messages: Array<{ content: string }> };
    expect(repair.messages[3]!.content).toContain('sentiment.label');
    expect(repair.messages[3]!.content).toContain('sentiment.score');
  });

  it('moves on after a failed repair, and ends at the local provider marked as a fallback', async () => {
    const h = (harness = await createHarness());
    h.server.setDefault('openai', { text: '{"sentiment": "good"}' });
    h.server.setDefault('anthropic', { text: '{"summary": ' });

    const result = await h.client.run(analyzeFeature, input, ctx);

    expect(result.provider).toBe('local');
    expect(result.fallback).toBe(true);
    expect(result.attempts).toBe(5);
    expect(result.output.intent).toBe('pricing');
    expect(h.server.requestsFor('openai')).toHaveLength(2);
    expect(h.server.requestsFor('anthropic')).toHaveLength(2);
    expect(h.outcomes()).toEqual(['openai:invalid_output', 'openai:invalid_output', 'anthropic:invalid_output', 'anthropic:invalid_output', 'local:ok']);
  });

  it('validates free-text features as text', async () => {
    const h = (harness = await createHarness());
    const reply = defineFeature({
      name: 'reply',
      prompt: { name: 'analyze', version: 1 },
      output: 'text',
      schema: z.string().min(5).max(200),
      variables: (text: string) => ({ text, schema: '' }),
      local: () => 'Thank you for your message.',
    });
    h.server.reply('openai', { text: '  Hi there, thanks!  ' });

    const result = await h.client.run(reply, 'hello', ctx);

    expect(result.output).toBe('Hi there, thanks!');
    expect((h.server.requestsFor('openai')[0]!.body as Record<string, unknown>)['response_format']).toBeUndefined();
  });

  it('fails with an unexpected error when the offline answer itself is invalid (a bug, not an outage)', async () => {
    const h = (harness = await createHarness({ chain: ['local'] }));
    const broken = defineFeature({
      name: 'broken',
      prompt: { name: 'analyze', version: 1 },
      schema: z.object({ n: z.number() }),
      variables: () => ({ text: 'x' }),
      local: () => ({ n: 'not a number' }) as unknown as { n: number },
    });

    await expect(h.client.run(broken, undefined, ctx)).rejects.toMatchObject({ code: 'internal_error', kind: 'unexpected' });
    expect(h.outcomes()).toEqual(['local:invalid_output']);
  });
});
