import { AppError } from '@nexus/platform';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { Embedder } from '../ports';
import { toUnitVector } from './internal/unit-vector';

export interface OpenAiEmbedderOptions {
  /** The API root, e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), http://vllm:8000/v1. */
  baseUrl: string;
  /** Sent as a bearer token; local servers usually need none. */
  apiKey?: string;
  model: string;
  /**
   * Vector length, sent to the server as the requested size (text-embedding-3
   * models shorten on request). When unset, the server's own length is learnt
   * by embedding a probe text at creation.
   */
  dimensions?: number;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Retries after a timeout, a connection failure, 408, 409, 429 or 5xx, with backoff. Default 2. */
  maxRetries?: number;
  /** Texts per request. Default 64. */
  batchSize?: number;
}

const probeText = 'NexusCRM embedding dimension probe';

/**
 * An `Embedder` over any server that speaks the OpenAI embeddings API
 * (OpenAI, Ollama, vLLM, LiteLLM, ...). Texts go out in batches; vectors come
 * back unit length and in input order. A text with nothing but white space
 * gets the zero vector without a request, since the API refuses empty input.
 *
 * Failures throw an `AppError` ('service_unavailable') whose message names the
 * model and URL, never the API key. Its kind is `operational` when waiting
 * may help (timeouts, unreachable server, 429, 5xx) and `unexpected` when it
 * will not (a refused key, a rejected request, a malformed answer).
 *
 * @example
 * const embedder = await createOpenAiEmbedder({ baseUrl: 'http://localhost:11434/v1', model: 'nomic-embed-text' });
 * embedder.id; // 'openai:nomic-embed-text:768'
 */
export async function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Promise<Embedder> {
  const model = options.model.trim();
  if (model === '') throw new RangeError('The embedding model name is empty');
  const timeoutMs = checkedInteger('timeoutMs', options.timeoutMs ?? 30_000, 1);
  const maxRetries = checkedInteger('maxRetries', options.maxRetries ?? 2, 0);
  const batchSize = checkedInteger('batchSize', options.batchSize ?? 64, 1);
  if (options.dimensions !== undefined) checkedInteger('dimensions', options.dimensions, 1);
  const endpoint = describeEndpoint(options.baseUrl);
  const provider = `embedding model ${model} at ${endpoint}`;
  const secret = options.apiKey;

  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: secret ?? 'none',
    timeout: timeoutMs,
    maxRetries,
    // Every setting comes from our configuration: the SDK would otherwise read OPENAI_ORG_ID and OPENAI_PROJECT_ID.
    organization: null,
    project: null,
  });

  async function request(inputs: string[], expectedDimensions: number | undefined): Promise<Float32Array[]> {
    let response: unknown;
    try {
      response = await client.embeddings.create({
        model,
        input: inputs,
        encoding_format: 'float',
        ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }),
      });
    } catch (error) {
      throw describeFailure(error, provider, { timeoutMs, maxRetries, secret });
    }
    return readVectors(response, inputs.length, expectedDimensions, provider);
  }

  const dimensions = options.dimensions ?? (await request([probeText], undefined))[0]!.length;

  return {
    id: `openai:${model}:${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = new Array<Float32Array>(texts.length);
      const pending: number[] = [];
      texts.forEach((text, index) => {
        if (typeof text !== 'string' || text.trim() === '') out[index] = new Float32Array(dimensions);
        else pending.push(index);
      });
      for (let start = 0; start < pending.length; start += batchSize) {
        const batch = pending.slice(start, start + batchSize);
        const vectors = await request(
          batch.map((index) => texts[index]!),
          dimensions,
        );
        batch.forEach((index, position) => {
          out[index] = vectors[position]!;
        });
      }
      return out;
    },
  };
}

/** Checks the answer field by field; the SDK passes through whatever JSON the server sent. */
function readVectors(response: unknown, count: number, expectedDimensions: number | undefined, provider: string): Float32Array[] {
  const invalid = (reason: string): AppError =>
    new AppError('service_unavailable', `The ${provider} sent an invalid response: ${reason}`, { kind: 'unexpected' });
  const data = typeof response === 'object' && response !== null ? (response as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw invalid('no data list');
  if (data.length !== count) throw invalid(`${data.length} vectors for ${count} inputs`);
  const vectors: Float32Array[] = new Array<Float32Array>(count);
  let dimensions = expectedDimensions;
  for (const item of data as unknown[]) {
    const { index, embedding } = (typeof item === 'object' && item !== null ? item : {}) as { index?: unknown; embedding?: unknown };
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) throw invalid(`index ${String(index)} out of range`);
    if (vectors[index] !== undefined) throw invalid(`index ${index} repeated`);
    if (!Array.isArray(embedding) || embedding.length === 0) throw invalid(`the embedding at index ${index} is not a list of numbers`);
    if (!embedding.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw invalid(`the embedding at index ${index} holds a value that is not a finite number`);
    }
    dimensions ??= embedding.length;
    if (embedding.length !== dimensions) throw invalid(`the embedding at index ${index} has ${embedding.length} dimensions, expected ${dimensions}`);
    vectors[index] = toUnitVector(embedding as number[]);
  }
  return vectors;
}

function describeFailure(
  error: unknown,
  provider: string,
  context: { timeoutMs: number; maxRetries: number; secret: string | undefined },
): AppError {
  const attempts = context.maxRetries === 0 ? '' : ` (${context.maxRetries + 1} attempts)`;
  const details = { provider };
  if (error instanceof APIConnectionTimeoutError) {
    return new AppError('service_unavailable', `The ${provider} did not answer within ${context.timeoutMs} ms${attempts}`, {
      kind: 'operational',
      details,
    });
  }
  if (error instanceof APIConnectionError) {
    const reason = error.cause instanceof Error ? `: ${redact(describeCause(error.cause), context.secret)}` : '';
    return new AppError('service_unavailable', `The ${provider} could not be reached${attempts}${reason}`, {
      kind: 'operational',
      details,
      cause: error.cause,
    });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    // The server's own words help most, but a server may echo what it was sent.
    const said = redact(error.message, context.secret);
    if (status === 401 || status === 403) {
      return new AppError('service_unavailable', `The ${provider} refused the credentials (HTTP ${status}): ${said}`, {
        kind: 'unexpected',
        details: { ...details, status },
      });
    }
    const transient = status === 408 || status === 409 || status === 429 || status >= 500;
    return new AppError('service_unavailable', `The ${provider} answered HTTP ${status}${transient ? attempts : ''}: ${said}`, {
      kind: transient ? 'operational' : 'unexpected',
      details: { ...details, status },
    });
  }
  const reason = error instanceof SyntaxError ? 'the response is not valid JSON' : redact(String(error), context.secret);
  return new AppError('service_unavailable', `The ${provider} failed: ${reason}`, { kind: 'unexpected', details });
}

/**
 * The URL as errors show it. User info and a query are refused rather than
 * hidden: fetch rejects the one, the SDK appends its path after the other,
 * and either may carry a credential into a message.
 */
function describeEndpoint(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError('The embedding base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError('The embedding base URL must use http or https');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new RangeError('The embedding base URL must not hold credentials, a query or a fragment; pass the key as the API key');
  }
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}

/** fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND, ...) in its cause. */
function describeCause(cause: Error): string {
  const root = cause.cause instanceof Error ? cause.cause : cause;
  return root.message;
}

function redact(text: string, secret: string | undefined): string {
  // A key of a few characters would mangle the message more than it protects.
  return secret !== undefined && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

function checkedInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`Embedding option ${name} must be an integer of at least ${min}, got ${value}`);
  return value;
}
