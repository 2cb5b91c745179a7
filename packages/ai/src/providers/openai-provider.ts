import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { estimateTokens, ProviderError, type AiProvider, type GenerateRequest, type GenerateResult, type StreamEvent } from './provider';
import { classifySdkError } from './sdk-errors';
import { checkBaseUrl } from './base-url';

export interface OpenAiProviderOptions {
  /** Name in chains, settings and usage records. Default `openai`. */
  name?: string;
  /** `cloud` for OpenAI and hosted gateways, `self_hosted` for a server the operator runs. Default `cloud`. */
  kind?: 'cloud' | 'self_hosted';
  /** The API root, e.g. https://api.openai.com/v1 (default), http://localhost:11434/v1 (Ollama), http://vllm:8000/v1. */
  baseUrl?: string;
  /** Sent as a bearer token; local servers usually need none. */
  apiKey?: string;
  /** The SDK's own limit per request, a safety net behind the AI client's timeout. Default 120 000. */
  timeoutMs?: number;
  /** `json_object` asks the server for JSON mode; `off` for servers that refuse it (the prompt still asks). Default `json_object`. */
  jsonMode?: 'json_object' | 'off';
  /**
   * The field carrying the output limit: OpenAI's reasoning models accept only
   * `max_completion_tokens`; older compatible servers know only `max_tokens`.
   * Default `max_completion_tokens`.
   */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
}

const sdkErrors = { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };

/**
 * A provider over the OpenAI chat completions API, through the official SDK:
 * OpenAI itself and any compatible server (Ollama, vLLM, LM Studio, gateways).
 * The SDK never retries (the AI client does) and logs nothing.
 *
 * @example
 * const ollama = createOpenAiProvider({ name: 'ollama', kind: 'self_hosted', baseUrl: 'http://localhost:11434/v1', maxTokensField: 'max_tokens' });
 */
export function createOpenAiProvider(options: OpenAiProviderOptions = {}): AiProvider {
  const name = options.name ?? 'openai';
  const jsonMode = options.jsonMode ?? 'json_object';
  const maxTokensField = options.maxTokensField ?? 'max_completion_tokens';
  const client = new OpenAI({
    baseURL: checkBaseUrl(options.baseUrl ?? 'https://api.openai.com/v1'),
    // Compatible servers without keys still need a value: the SDK refuses to start without one.
    apiKey: options.apiKey ?? 'none',
    maxRetries: 0,
    timeout: options.timeoutMs ?? 120_000,
    // Every setting comes from our configuration, not from OPENAI_* variables, and
    // the SDK's logger could print request bodies at debug level.
    organization: null,
    project: null,
    logLevel: 'off',
  });

  function body(request: GenerateRequest): ChatCompletionCreateParamsBase {
    const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: request.system }, ...request.messages];
    return {
      model: request.model,
      messages,
      ...(maxTokensField === 'max_tokens' ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
      ...(request.json === true && jsonMode === 'json_object' ? { response_format: { type: 'json_object' as const } } : {}),
    };
  }

  return {
    name,
    kind: options.kind ?? 'cloud',

    async generate(request, signal): Promise<GenerateResult> {
      let response: unknown;
      try {
        response = await client.chat.completions.create({ ...body(request), stream: false }, { signal });
      } catch (error) {
        throw classifySdkError(name, error, sdkErrors);
      }
      return readCompletion(name, request, response);
    },

    async *stream(request, signal): AsyncIterable<StreamEvent> {
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      let model = request.model;
      let text = '';
      try {
        const stream = await client.chat.completions.create(
          { ...body(request), stream: true, stream_options: { include_usage: true } },
          { signal },
        );
        for await (const chunk of stream) {
          if (typeof chunk.model === 'string' && chunk.model !== '') model = chunk.model;
          if (chunk.usage) {
            inputTokens = chunk.usage.prompt_tokens;
            outputTokens = chunk.usage.completion_tokens;
          }
          const choice = chunk.choices[0];
          if (choice?.finish_reason === 'content_filter') throw new ProviderError({ provider: name, reason: 'refused' }, 'the answer was filtered');
          const delta = choice?.delta.content;
          if (typeof delta === 'string' && delta !== '') {
            text += delta;
            yield { type: 'text', text: delta };
          }
        }
      } catch (error) {
        throw classifySdkError(name, error, sdkErrors);
      }
      // The SDK ends an aborted stream quietly, as if the answer were complete.
      if (signal?.aborted) throw new ProviderError({ provider: name, reason: 'aborted' }, 'the stream was cancelled');
      yield {
        type: 'usage',
        inputTokens: inputTokens ?? estimateTokens(promptText(request)),
        outputTokens: outputTokens ?? estimateTokens(text),
        model,
      };
    },
  };
}

/** Checks the answer field by field: a compatible server may send anything. */
function readCompletion(provider: string, request: GenerateRequest, response: unknown): GenerateResult {
  const malformed = (what: string): ProviderError => new ProviderError({ provider, reason: 'bad_response' }, `malformed completion: ${what}`);
  if (typeof response !== 'object' || response === null) throw malformed('not an object');
  const { choices, usage, model } = response as { choices?: unknown; usage?: unknown; model?: unknown };
  if (!Array.isArray(choices) || choices.length === 0) throw malformed('no choices');
  const choice = choices[0] as { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown } | null;
  const message = choice?.message;
  if (typeof message?.refusal === 'string' && message.refusal !== '') throw new ProviderError({ provider, reason: 'refused' }, 'the model refused');
  if (choice?.finish_reason === 'content_filter') throw new ProviderError({ provider, reason: 'refused' }, 'the answer was filtered');
  if (typeof message?.content !== 'string') throw malformed('no message content');
  const counts = (typeof usage === 'object' && usage !== null ? usage : {}) as { prompt_tokens?: unknown; completion_tokens?: unknown };
  return {
    text: message.content,
    inputTokens: typeof counts.prompt_tokens === 'number' ? counts.prompt_tokens : estimateTokens(promptText(request)),
    outputTokens: typeof counts.completion_tokens === 'number' ? counts.completion_tokens : estimateTokens(message.content),
    model: typeof model === 'string' && model !== '' ? model : request.model,
  };
}

function promptText(request: GenerateRequest): string {
  return request.system + request.messages.map((message) => message.content).join('');
}
