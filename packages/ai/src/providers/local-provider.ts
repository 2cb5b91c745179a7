import { ProviderError, type AiProvider, type GenerateResult } from './provider';

export const localModel = 'local-rules';

/**
 * The offline provider that ends every chain. It calls no model: it runs the
 * feature's own `local` implementation (rules, templates, the package's small
 * trained models), so it works with what `npm install` brings, never waits on
 * the network and never runs out of budget. Its answers go through the same
 * schema validation as any model's.
 *
 * @example
 * const client = createAiClient({ providers: [openai, createLocalProvider()], chain: ['openai', 'local'], ... });
 */
export function createLocalProvider(options: { name?: string } = {}): AiProvider {
  const name = options.name ?? 'local';
  return {
    name,
    kind: 'local',
    async generate(request): Promise<GenerateResult> {
      if (!request.local) {
        throw new ProviderError({ provider: name, reason: 'bad_request' }, `feature ${request.feature} has no offline implementation`);
      }
      let output: unknown;
      try {
        output = await request.local.run();
      } catch (error) {
        throw new ProviderError({ provider: name, reason: 'local_failed' }, `the offline implementation of ${request.feature} failed`, { cause: error });
      }
      const text = request.json === true || typeof output !== 'string' ? JSON.stringify(output) : output;
      return { text, inputTokens: 0, outputTokens: 0, model: localModel };
    },
  };
}
