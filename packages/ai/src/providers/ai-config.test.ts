import { ConfigError, parseConfig } from '@nexus/platform';
import { describe, expect, it } from 'vitest';
import { aiClientConfig, aiConfigSchema } from './ai-config';

describe('aiClientConfig', () => {
  it('defaults to the offline provider alone, with redaction on', () => {
    const options = aiClientConfig(parseConfig(aiConfigSchema, {}));

    expect(options.chain).toEqual(['local']);
    expect(options.providers.map((entry) => entry.provider.name)).toEqual(['local']);
    expect(options.defaults).toEqual({ redact: true, allowCloud: true });
  });

  it('builds the chain the environment names, always ending at the local provider', () => {
    const config = parseConfig(aiConfigSchema, {
      AI_CHAIN: 'compatible, local, anthropic',
      ANTHROPIC_API_KEY: 'sk-ant',
      AI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1',
      AI_MONTHLY_BUDGET_USD: '25',
      AI_PRICES_JSON: '{"llama3.2": {"inputPerMillionUsd": 0, "outputPerMillionUsd": 0}}',
    });
    const options = aiClientConfig(config);

    expect(options.chain).toEqual(['compatible', 'anthropic', 'local']);
    expect(options.providers.find((entry) => entry.provider.name === 'compatible')).toMatchObject({ model: 'llama3.2', provider: { kind: 'self_hosted' } });
    expect(options.defaults?.monthlyBudgetUsd).toBe(25);
    expect(options.pricing?.['llama3.2']).toEqual({ inputPerMillionUsd: 0, outputPerMillionUsd: 0 });
    expect(options.pricing?.['gpt-5-mini']).toBeDefined();
  });

  it('names the missing variable when a provider in the chain lacks its key', () => {
    expect(() => aiClientConfig(parseConfig(aiConfigSchema, { AI_CHAIN: 'openai' }))).toThrow(ConfigError);
    expect(() => aiClientConfig(parseConfig(aiConfigSchema, { AI_CHAIN: 'openai' }))).toThrow('OPENAI_API_KEY');
    expect(() => parseConfig(aiConfigSchema, { AI_CHAIN: 'gemini' })).toThrow('AI_CHAIN');
    expect(() => parseConfig(aiConfigSchema, { AI_PRICES_JSON: '{' })).toThrow('AI_PRICES_JSON');
  });
});
