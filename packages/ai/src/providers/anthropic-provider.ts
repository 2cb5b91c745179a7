import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { checkBaseUrl } from './base-url';
import { estimateTokens, ProviderError, type AiProvider, type GenerateRequest, type GenerateResult, type StreamEvent } from './provider';
import { classifySdkError } from './sdk-errors';

export interface AnthropicProviderOptions {
  /** Name in chains, settings and usage records. Default `anthropic`. */
  name?: string;
  /** The API root without `/v1`. Default https://api.anthropic.com. */
  baseUrl?: string;
  apiKey: string;
  /** The SDK's own limit per request, a safety net behind the AI client's timeout. Default 120 000. */
  timeoutMs?: number;
}

const sdkErrors = { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };

/**
 * A provider over Anthropic's Messages API, through the official SDK. JSON
 * answers are asked for by the feature's prompt and parsed by the AI client;
 * the SDK never retries and logs nothing, and its traces carry no content.
 *
 * @example
 * const claude = createAnthropicProvider({ apiKey: config.ANTHROPIC_API_KEY });
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): AiProvider {
  const name = options.name ?? 'anthropic';
  const client = new Anthropic({
    // Passed explicitly so that no ANTHROPIC_* variable and no profile file changes where requests go.
    baseURL: checkBaseUrl(options.baseUrl ?? 'https://api.anthropic.com'),
    apiKey: options.apiKey,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 120_000,
    logLevel: 'off',
    openTelemetry: { propagation: false, traces: { contentMode: 'metadata_only' } },
  });

  function body(request: GenerateRequest): MessageCreateParamsBase {
    return {
      model: request.model,
      max_tokens: request.maxTokens,
      system: request.system,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    };
  }

  return {
    name,
    kind: 'cloud',

    async generate(request, signal): Promise<GenerateResult> {
      let response: unknown;
      try {
        response = await client.messages.create({ ...body(request), stream: false }, { signal });
      } catch (error) {
        throw classifySdkError(name, error, sdkErrors);
      }
      return readMessage(name, request, response);
    },

    async *stream(request, signal): AsyncIterable<StreamEvent> {
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      let model = request.model;
      let text = '';
      try {
        const stream = await client.messages.create({ ...body(request), stream: true }, { signal });
        for await (const event of stream) {
          if (event.type === 'message_start') {
            model = event.message.model;
            inputTokens = event.message.usage.input_tokens;
          } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            text += event.delta.text;
            yield { type: 'text', text: event.delta.text };
          } else if (event.type === 'message_delta') {
            outputTokens = event.usage.output_tokens;
            if (event.delta.stop_reason === 'refusal') throw new ProviderError({ provider: name, reason: 'refused' }, 'the model refused');
          }
        }
      } catch (error) {
        throw classifySdkError(name, error, sdkErrors);
      }
      // The SDK ends an aborted stream quietly, as if the answer were complete.
      if (signal?.aborted) throw new ProviderError({ provider: name, reason: 'aborted' }, 'the stream was cancelled');
      yield {
        type: 'usage',
        inputTokens: inputTokens ?? estimateTokens(request.system + request.messages.map((message) => message.content).join('')),
        outputTokens: outputTokens ?? estimateTokens(text),
        model,
      };
    },
  };
}

/** Checks the answer field by field rather than trusting the SDK's types. */
function readMessage(provider: string, request: GenerateRequest, response: unknown): GenerateResult {
  const malformed = (what: string): ProviderError => new ProviderError({ provider, reason: 'bad_response' }, `malformed message: ${what}`);
  if (typeof response !== 'object' || response === null) throw malformed('not an object');
  const { content, usage, model, stop_reason: stopReason } = response as { content?: unknown; usage?: unknown; model?: unknown; stop_reason?: unknown };
  if (stopReason === 'refusal') throw new ProviderError({ provider, reason: 'refused' }, 'the model refused');
  if (!Array.isArray(content)) throw malformed('no content blocks');
  const text = (content as unknown[])
    .map((block) => {
      const { type, text: blockText } = (typeof block === 'object' && block !== null ? block : {}) as { type?: unknown; text?: unknown };
      return type === 'text' && typeof blockText === 'string' ? blockText : '';
    })
    .join('');
  const counts = (typeof usage === 'object' && usage !== null ? usage : {}) as { input_tokens?: unknown; output_tokens?: unknown };
  return {
    text,
    inputTokens:
      typeof counts.input_tokens === 'number' ? counts.input_tokens : estimateTokens(request.system + request.messages.map((message) => message.content).join('')),
    outputTokens: typeof counts.output_tokens === 'number' ? counts.output_tokens : estimateTokens(text),
    model: typeof model === 'string' && model !== '' ? model : request.model,
  };
}
