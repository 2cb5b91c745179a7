import type { AiProvider, ProviderKind } from './provider';

/**
 * A provider whose module (and official SDK, tens of MB each) is loaded on
 * its first call rather than when the server starts. A failed load is tried
 * again by the next call; until then each call fails as the provider would
 * (the resilient client fails over to the next in the chain).
 *
 * @example
 * const openai = deferredProvider('openai', 'cloud', async () => (await import('./openai-provider')).createOpenAiProvider(options));
 */
export function deferredProvider(name: string, kind: ProviderKind, load: () => Promise<AiProvider>): AiProvider {
  let loading: Promise<AiProvider> | undefined;
  const provider = (): Promise<AiProvider> => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    name,
    kind,
    async generate(request, signal) {
      return (await provider()).generate(request, signal);
    },
    async *stream(request, signal) {
      const loaded = await provider();
      if (loaded.stream) yield* loaded.stream(request, signal);
      else {
        const result = await loaded.generate(request, signal);
        yield { type: 'text', text: result.text };
        yield { type: 'usage', inputTokens: result.inputTokens, outputTokens: result.outputTokens, model: result.model };
      }
    },
  };
}
