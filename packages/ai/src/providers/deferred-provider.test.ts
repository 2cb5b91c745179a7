import { describe, expect, it } from 'vitest';
import { deferredProvider } from './deferred-provider';
import type { AiProvider, GenerateRequest, StreamEvent } from './provider';

const request: GenerateRequest = { feature: 'analyze', model: 'm', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }], maxTokens: 16 };

function echoProvider(options: { stream: boolean }): AiProvider {
  const provider: AiProvider = {
    name: 'echo',
    kind: 'cloud',
    generate: async (r) => ({ text: `echo: ${r.messages[0]?.content ?? ''}`, inputTokens: 3, outputTokens: 2, model: 'echo-1' }),
  };
  if (options.stream) {
    provider.stream = async function* () {
      yield { type: 'text', text: 'ec' };
      yield { type: 'text', text: 'ho' };
      yield { type: 'usage', inputTokens: 3, outputTokens: 1, model: 'echo-1' };
    };
  }
  return provider;
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('deferredProvider', () => {
  it('loads the provider on the first call only, and answers as it does', async () => {
    let loads = 0;
    const provider = deferredProvider('openai', 'cloud', async () => {
      loads += 1;
      return echoProvider({ stream: true });
    });
    expect(provider).toMatchObject({ name: 'openai', kind: 'cloud' });
    expect(loads).toBe(0);
    expect(await provider.generate(request)).toEqual({ text: 'echo: Hello', inputTokens: 3, outputTokens: 2, model: 'echo-1' });
    expect(await collect(provider.stream!(request))).toEqual([
      { type: 'text', text: 'ec' },
      { type: 'text', text: 'ho' },
      { type: 'usage', inputTokens: 3, outputTokens: 1, model: 'echo-1' },
    ]);
    expect(loads).toBe(1);
  });

  it('fails the call when the load fails, and loads again on the next call', async () => {
    let loads = 0;
    const provider = deferredProvider('anthropic', 'cloud', async () => {
      loads += 1;
      if (loads === 1) throw new Error('module not found');
      return echoProvider({ stream: false });
    });
    await expect(provider.generate(request)).rejects.toThrow('module not found');
    expect((await provider.generate(request)).text).toBe('echo: Hello');
    expect(loads).toBe(2);
  });

  it('streams a provider without streaming as one piece of text and its usage', async () => {
    const provider = deferredProvider('compatible', 'self_hosted', async () => echoProvider({ stream: false }));
    expect(await collect(provider.stream!(request))).toEqual([
      { type: 'text', text: 'echo: Hello' },
      { type: 'usage', inputTokens: 3, outputTokens: 2, model: 'echo-1' },
    ]);
  });
});
