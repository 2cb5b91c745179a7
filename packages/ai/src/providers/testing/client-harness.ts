import { Writable } from 'node:stream';
import { createLogger, createManualClock } from '@nexus/platform';
import { createAnthropicProvider } from '../anthropic-provider';
import type { AiClientOptions, ProviderEntry } from '../client-core';
import { createLocalProvider, localModel } from '../local-provider';
import { createOpenAiProvider } from '../openai-provider';
import { createAiClient, type AiClient } from '../resilient-client';
import type { UsageRecord } from '../usage';
import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server';
import type { Analysis } from './analyze-feature';

export const openaiKey = 'test-openai-key';
export const anthropicKey = 'test-anthropic-key';

export const gptPrice = { inputPerMillionUsd: 2, outputPerMillionUsd: 8 };
export const claudePrice = { inputPerMillionUsd: 3, outputPerMillionUsd: 15 };

export const sampleAnalysis: Analysis = {
  sentiment: { label: 'positive', score: 0.6 },
  entities: [{ type: 'organization', text: 'Acme' }],
  intent: 'pricing',
  keywords: ['pricing', 'enterprise plan'],
  summary: 'The customer asks for enterprise pricing.',
};

export const sampleAnswer = JSON.stringify(sampleAnalysis);

export interface Harness {
  server: FakeLlmServer;
  client: AiClient;
  clock: ReturnType<typeof createManualClock>;
  usage: UsageRecord[];
  /** Waits the client asked for between retries, in milliseconds. */
  sleeps: number[];
  /** Every log line, at every level. */
  logs: string[];
  /** `provider:outcome` for each usage record, in order. */
  outcomes(): string[];
  close(): Promise<void>;
}

/**
 * A client over the real OpenAI and Anthropic SDKs pointed at a fake server,
 * with the chain openai → anthropic → local, two attempts per provider, an
 * instant sleep and a manual clock. `extra` adds providers; `overrides`
 * replaces client options.
 */
export async function createHarness(overrides: Partial<AiClientOptions> = {}, extra: (server: FakeLlmServer) => ProviderEntry[] = () => []): Promise<Harness> {
  const server = await startFakeLlmServer({ openaiKey, anthropicKey });
  const clock = createManualClock();
  const usage: UsageRecord[] = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const client = createAiClient({
    providers: [
      { provider: createOpenAiProvider({ baseUrl: server.openaiBaseUrl, apiKey: openaiKey }), model: 'gpt-test' },
      { provider: createAnthropicProvider({ baseUrl: server.anthropicBaseUrl, apiKey: anthropicKey }), model: 'claude-test' },
      { provider: createLocalProvider(), model: localModel },
      ...extra(server),
    ],
    chain: ['openai', 'anthropic', 'local'],
    clock,
    log: createLogger({ level: 'trace', destination }),
    timeoutMs: 2_000,
    retry: { attempts: 2, baseMs: 100, maxMs: 1_000, jitter: 0 },
    breaker: { failureThreshold: 3, windowMs: 60_000, openMs: 30_000, halfOpenMax: 1 },
    pricing: { 'gpt-test': gptPrice, 'anthropic/claude-test': claudePrice },
    onUsage: (record) => {
      usage.push(record);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return {
    server,
    client,
    clock,
    usage,
    sleeps,
    logs,
    outcomes: () => usage.map((record) => `${record.provider}:${record.outcome}`),
    close: () => server.close(),
  };
}

/** Drains a stream: the pieces it yielded and the summary it returned. */
export async function collect<R>(stream: AsyncGenerator<string, R, undefined>): Promise<{ chunks: string[]; summary: R }> {
  const chunks: string[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done === true) return { chunks, summary: next.value };
    chunks.push(next.value);
  }
}
