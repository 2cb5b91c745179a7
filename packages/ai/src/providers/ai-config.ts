import { ConfigError, envBoolean } from '@nexus/platform';
import { z } from 'zod';
import type { AnthropicProviderOptions } from './anthropic-provider';
import { checkBaseUrl } from './base-url';
import type { AiClientOptions, ProviderEntry } from './client-core';
import { createLocalProvider, localModel } from './local-provider';
import type { OpenAiProviderOptions } from './openai-provider';
import { deferredProvider } from './deferred-provider';
import type { PricingTable } from './usage';

/** The cloud providers' SDKs load on their first call; a wrong base URL still stops the start. */
function openAiProvider(options: OpenAiProviderOptions) {
  if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl);
  return deferredProvider(options.name ?? 'openai', options.kind ?? 'cloud', async () => (await import('./openai-provider')).createOpenAiProvider(options));
}

function anthropicProvider(options: AnthropicProviderOptions) {
  if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl);
  return deferredProvider(options.name ?? 'anthropic', 'cloud', async () => (await import('./anthropic-provider')).createAnthropicProvider(options));
}

const providerNames = ['openai', 'anthropic', 'compatible', 'local'] as const;

const price = z.object({ inputPerMillionUsd: z.number().min(0), outputPerMillionUsd: z.number().min(0) });

/**
 * The AI Engine's defaults, read from the environment by the composition
 * root (merge `aiConfigSchema.shape` into the server's schema). Workspaces
 * override provider order, models, budget and privacy in their settings.
 */
export const aiConfigSchema = z.object({
  /** Providers in order of preference, comma-separated: openai, anthropic, compatible, local. `local` always ends the chain. */
  AI_CHAIN: z
    .string()
    .default('local')
    .transform((value) => value.split(',').map((name) => name.trim()).filter((name) => name !== ''))
    .pipe(z.array(z.enum(providerNames)).min(1)),
  /** OpenAI API key; needed when AI_CHAIN names openai. */
  OPENAI_API_KEY: z.string().optional(),
  /** OpenAI API root (a gateway in front of OpenAI goes here). */
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  /** Default OpenAI model for every feature. */
  OPENAI_MODEL: z.string().default('gpt-5-mini'),
  /** Anthropic API key; needed when AI_CHAIN names anthropic. */
  ANTHROPIC_API_KEY: z.string().optional(),
  /** Anthropic API root, without /v1. */
  ANTHROPIC_BASE_URL: z.url().default('https://api.anthropic.com'),
  /** Default Anthropic model for every feature. */
  ANTHROPIC_MODEL: z.string().default('claude-haiku-4-5'),
  /** Root of an OpenAI-compatible server (Ollama http://localhost:11434/v1, vLLM, LM Studio); needed when AI_CHAIN names compatible. */
  AI_COMPATIBLE_BASE_URL: z.url().optional(),
  /** Key for that server, if it wants one. */
  AI_COMPATIBLE_API_KEY: z.string().optional(),
  /** Model name on that server. */
  AI_COMPATIBLE_MODEL: z.string().default('llama3.2'),
  /** `self_hosted` when the operator runs it (allowed where cloud is forbidden), `cloud` for a hosted service. */
  AI_COMPATIBLE_KIND: z.enum(['self_hosted', 'cloud']).default('self_hosted'),
  /** `off` for servers that refuse OpenAI's JSON mode. */
  AI_COMPATIBLE_JSON_MODE: z.enum(['json_object', 'off']).default('json_object'),
  /** Longest wait for one provider request (for a stream: between two pieces of text), in milliseconds. */
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Requests per provider and call, the first included. */
  AI_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Wait before the first retry, in milliseconds; doubles each time. */
  AI_RETRY_BASE_MS: z.coerce.number().int().min(0).default(250),
  /** Longest wait between retries, in milliseconds. */
  AI_RETRY_MAX_MS: z.coerce.number().int().min(0).default(4_000),
  /** Failures within AI_BREAKER_WINDOW_MS that open a provider's circuit. */
  AI_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Window for counting failures, in milliseconds. */
  AI_BREAKER_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** How long an open circuit refuses calls before a trial call, in milliseconds. */
  AI_BREAKER_OPEN_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** Hide e-mail addresses, phone numbers and known names from providers outside this process (workspaces may change it). */
  AI_REDACT: envBoolean.default(true),
  /** Allow cloud providers (workspaces may forbid them). */
  AI_ALLOW_CLOUD: envBoolean.default(true),
  /** Default monthly spending limit per workspace on cloud providers, in USD; unset means no limit. */
  AI_MONTHLY_BUDGET_USD: z.coerce.number().min(0).optional(),
  /** Extra or corrected prices as JSON: {"gpt-5-mini": {"inputPerMillionUsd": 0.25, "outputPerMillionUsd": 2}}. */
  AI_PRICES_JSON: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return {};
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), price)),
  /** Known outcomes of each kind (won and lost deals; converted and unconverted leads) a workspace needs before it trains its own scoring model. */
  AI_SCORE_MIN_OUTCOMES: z.coerce.number().int().min(10).default(200),
  /** How often every workspace's scoring models are retrained, in minutes; 0 turns the schedule off (retraining on demand still works). */
  AI_RETRAIN_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(1_440),
  /** Longest text the AI features accept, in characters. */
  AI_MAX_TEXT_CHARS: z.coerce.number().int().min(100).max(200_000).default(20_000),
});

export type AiConfig = z.infer<typeof aiConfigSchema>;

/**
 * List prices in USD per million tokens when this was written; check them
 * against the providers' price pages and correct them with AI_PRICES_JSON.
 */
export const defaultPricing: PricingTable = {
  'gpt-5': { inputPerMillionUsd: 1.25, outputPerMillionUsd: 10 },
  'gpt-5-mini': { inputPerMillionUsd: 0.25, outputPerMillionUsd: 2 },
  'gpt-5-nano': { inputPerMillionUsd: 0.05, outputPerMillionUsd: 0.4 },
  'claude-haiku-4-5': { inputPerMillionUsd: 1, outputPerMillionUsd: 5 },
  'claude-sonnet-4-5': { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
};

/**
 * Builds the providers and defaults the configuration describes; the
 * composition root adds the clock, logger and the workspace callbacks.
 *
 * @example
 * const ai = createAiClient({ ...aiClientConfig(config), clock: systemClock, log, onUsage: store.record, monthlySpendUsd: store.spentThisMonth });
 */
export function aiClientConfig(config: AiConfig): Omit<AiClientOptions, 'clock' | 'log'> {
  const providers: ProviderEntry[] = [{ provider: createLocalProvider(), model: localModel }];
  const chain = config.AI_CHAIN.filter((name) => name !== 'local');
  const timeoutMs = config.AI_TIMEOUT_MS;
  if (chain.includes('openai')) {
    if (!config.OPENAI_API_KEY) throw new ConfigError('Invalid configuration:\n  OPENAI_API_KEY: required when AI_CHAIN names openai');
    providers.push({ provider: openAiProvider({ baseUrl: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, timeoutMs }), model: config.OPENAI_MODEL });
  }
  if (chain.includes('anthropic')) {
    if (!config.ANTHROPIC_API_KEY) throw new ConfigError('Invalid configuration:\n  ANTHROPIC_API_KEY: required when AI_CHAIN names anthropic');
    providers.push({ provider: anthropicProvider({ baseUrl: config.ANTHROPIC_BASE_URL, apiKey: config.ANTHROPIC_API_KEY, timeoutMs }), model: config.ANTHROPIC_MODEL });
  }
  if (chain.includes('compatible')) {
    if (!config.AI_COMPATIBLE_BASE_URL) throw new ConfigError('Invalid configuration:\n  AI_COMPATIBLE_BASE_URL: required when AI_CHAIN names compatible');
    const provider = openAiProvider({
      name: 'compatible',
      kind: config.AI_COMPATIBLE_KIND,
      baseUrl: config.AI_COMPATIBLE_BASE_URL,
      ...(config.AI_COMPATIBLE_API_KEY === undefined ? {} : { apiKey: config.AI_COMPATIBLE_API_KEY }),
      jsonMode: config.AI_COMPATIBLE_JSON_MODE,
      maxTokensField: 'max_tokens',
      timeoutMs,
    });
    providers.push({ provider, model: config.AI_COMPATIBLE_MODEL });
  }
  return {
    providers,
    chain: [...chain, 'local'],
    timeoutMs,
    retry: { attempts: config.AI_RETRY_ATTEMPTS, baseMs: config.AI_RETRY_BASE_MS, maxMs: config.AI_RETRY_MAX_MS, jitter: 0.5 },
    breaker: { failureThreshold: config.AI_BREAKER_FAILURES, windowMs: config.AI_BREAKER_WINDOW_MS, openMs: config.AI_BREAKER_OPEN_MS, halfOpenMax: 1 },
    pricing: { ...defaultPricing, ...config.AI_PRICES_JSON },
    defaults: {
      redact: config.AI_REDACT,
      allowCloud: config.AI_ALLOW_CLOUD,
      ...(config.AI_MONTHLY_BUDGET_USD === undefined ? {} : { monthlyBudgetUsd: config.AI_MONTHLY_BUDGET_USD }),
    },
  };
}
