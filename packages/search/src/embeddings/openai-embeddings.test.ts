import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isAppError } from '@nexus/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from './openai-embeddings';

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

type Handler = (request: RecordedRequest, response: ServerResponse, count: number) => void;

interface FakeServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A local server speaking the OpenAI embeddings protocol; `handler` decides each answer. */
async function startServer(handler: Handler = answerEmbeddings): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text.
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      handler(recorded, res, requests.length);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

/** A vector that depends only on the text, so order mistakes show. */
function vectorFor(text: string): number[] {
  return [text.length, text.codePointAt(0) ?? 0, 1];
}

function unit(values: number[]): number[] {
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function embeddingsFor(inputs: string[], order: 'in order' | 'reversed' = 'in order'): unknown {
  const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text) }));
  if (order === 'reversed') data.reverse();
  return { object: 'list', data, model: 'test-model', usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } };
}

function answerEmbeddings(request: RecordedRequest, res: ServerResponse): void {
  sendJson(res, 200, embeddingsFor(request.body.input as string[]));
}

function expectClose(actual: Float32Array | undefined, expected: number[]): void {
  expect(actual).toBeInstanceOf(Float32Array);
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual![i]).toBeCloseTo(value, 6));
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

describe('createOpenAiEmbedder', () => {
  it('learns the dimensions from a probe and sends the model, the inputs and the key', async () => {
    const server = await startServer();
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, apiKey: 'sk-test-key', model: 'test-model' });
    expect(embedder.id).toBe('openai:test-model:3');
    expect(embedder.dimensions).toBe(3);
    expect(server.requests).toHaveLength(1);

    const vectors = await embedder.embed(['Acme renewal', 'Zoë called'], 'document');
    expect(server.requests).toHaveLength(2);
    const request = server.requests[1]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/embeddings');
    expect(request.headers.authorization).toBe('Bearer sk-test-key');
    expect(request.headers['content-type']).toMatch(/application\/json/);
    expect(request.body).toEqual({ model: 'test-model', input: ['Acme renewal', 'Zoë called'], encoding_format: 'float' });
    expectClose(vectors[0], unit(vectorFor('Acme renewal')));
    expectClose(vectors[1], unit(vectorFor('Zoë called')));
  });

  it('asks for the configured dimensions without a probe, and sends a placeholder key to servers that need none', async () => {
    const server = await startServer();
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'nomic-embed-text', dimensions: 3 });
    expect(embedder.id).toBe('openai:nomic-embed-text:3');
    expect(server.requests).toHaveLength(0);
    await embedder.embed(['hello'], 'query');
    expect(server.requests[0]!.body).toEqual({ model: 'nomic-embed-text', input: ['hello'], dimensions: 3, encoding_format: 'float' });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer none');
  });

  it('returns vectors in input order when the server answers out of order', async () => {
    const server = await startServer((request, res) => sendJson(res, 200, embeddingsFor(request.body.input as string[], 'reversed')));
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3 });
    const texts = ['a', 'bb', 'ccc', 'dddd'];
    const vectors = await embedder.embed(texts, 'document');
    texts.forEach((text, i) => expectClose(vectors[i], unit(vectorFor(text))));
  });

  it('sends large inputs in batches and keeps the order across them', async () => {
    const server = await startServer();
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3, batchSize: 2 });
    const texts = ['one', 'two', '   ', 'three', 'four', 'five'];
    const vectors = await embedder.embed(texts, 'document');
    expect(server.requests.map((request) => request.body.input)).toEqual([['one', 'two'], ['three', 'four'], ['five']]);
    expect(vectors).toHaveLength(6);
    expectClose(vectors[0], unit(vectorFor('one')));
    expectClose(vectors[2], [0, 0, 0]);
    expectClose(vectors[5], unit(vectorFor('five')));
  });

  it('gives empty texts the zero vector without asking the server', async () => {
    const server = await startServer();
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3 });
    const vectors = await embedder.embed(['', ' \n\t'], 'query');
    expect(vectors.map((vector) => Array.from(vector))).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await embedder.embed([], 'query')).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('retries after a server error and then succeeds', async () => {
    const server = await startServer((request, res, count) => {
      if (count === 1) sendJson(res, 500, { error: { message: 'model is loading' } }, { 'retry-after-ms': '10' });
      else answerEmbeddings(request, res);
    });
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3, maxRetries: 2 });
    const [vector] = await embedder.embed(['retry me'], 'document');
    expectClose(vector, unit(vectorFor('retry me')));
    expect(server.requests).toHaveLength(2);
  });

  it('reports a server that keeps failing as an operational error after its retries', async () => {
    const server = await startServer((_request, res) => sendJson(res, 503, { error: { message: 'overloaded' } }, { 'retry-after-ms': '5' }));
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3, maxRetries: 2 });
    const error = await failure(embedder.embed(['x'], 'document'));
    expect(server.requests).toHaveLength(3);
    expect(error.message).toContain(`embedding model test-model at ${server.baseUrl}`);
    expect(error.message).toMatch(/HTTP 503 \(3 attempts\)/);
    expect(isAppError(error) && error.kind).toBe('operational');
  });

  it('does not retry a refused key and never repeats the key in the error', async () => {
    const key = 'sk-live-SECRET-123456';
    const server = await startServer((_request, res) =>
      sendJson(res, 401, { error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' } }),
    );
    const error = await failure(createOpenAiEmbedder({ baseUrl: server.baseUrl, apiKey: key, model: 'test-model', maxRetries: 2 }));
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain(`The embedding model test-model at ${server.baseUrl} refused the credentials (HTTP 401)`);
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(isAppError(error) && error.kind).toBe('unexpected');
  });

  it('names a request the server rejects without retrying it', async () => {
    const server = await startServer((_request, res) => sendJson(res, 400, { error: { message: 'input too long' } }));
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3, maxRetries: 2 });
    const error = await failure(embedder.embed(['x'.repeat(100)], 'document'));
    expect(server.requests).toHaveLength(1);
    expect(error.message).toMatch(/answered HTTP 400: .*input too long/);
  });

  it.each([
    ['malformed JSON', (res: ServerResponse) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end('{"data": [')), /not valid JSON/],
    ['a body that is not JSON', (res: ServerResponse) => (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html>proxy</html>')), /no data list/],
    ['too few vectors', (res: ServerResponse) => sendJson(res, 200, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [1, 2, 3] }] }), /1 vectors for 2 inputs/],
    [
      'vectors of unequal length',
      (res: ServerResponse) =>
        sendJson(res, 200, {
          data: [
            { index: 0, embedding: [1, 2, 3] },
            { index: 1, embedding: [1, 2] },
          ],
        }),
      /index 1 has 2 dimensions, expected 3/,
    ],
    [
      'a value that is not a number',
      (res: ServerResponse) =>
        sendJson(res, 200, {
          data: [
            { index: 0, embedding: [1, 2, 3] },
            { index: 1, embedding: [1, null, 3] },
          ],
        }),
      /index 1 holds a value that is not a finite number/,
    ],
    [
      'a repeated index',
      (res: ServerResponse) =>
        sendJson(res, 200, {
          data: [
            { index: 0, embedding: [1, 2, 3] },
            { index: 0, embedding: [1, 2, 3] },
          ],
        }),
      /index 0 repeated/,
    ],
    ['base64 instead of floats', (res: ServerResponse) => sendJson(res, 200, { data: [{ index: 0, embedding: 'AACAPw==' }, { index: 1, embedding: 'AACAPw==' }] }), /not a list of numbers/],
  ])('rejects %s with a clear error', async (_name, answer, message) => {
    const server = await startServer((_request, res) => answer(res));
    const embedder = await createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', dimensions: 3, maxRetries: 0 });
    const error = await failure(embedder.embed(['first', 'second'], 'document'));
    expect(error.message).toContain(`embedding model test-model at ${server.baseUrl}`);
    expect(error.message).toMatch(message);
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const server = await startServer(() => {
      // Never answers.
    });
    const started = Date.now();
    const error = await failure(createOpenAiEmbedder({ baseUrl: server.baseUrl, model: 'test-model', timeoutMs: 200, maxRetries: 0 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe(`The embedding model test-model at ${server.baseUrl} did not answer within 200 ms`);
    expect(isAppError(error) && error.kind).toBe('operational');
  });

  it('reports a server that cannot be reached', async () => {
    const server = await startServer();
    const baseUrl = server.baseUrl;
    await server.close();
    const error = await failure(createOpenAiEmbedder({ baseUrl, model: 'test-model', maxRetries: 0 }));
    expect(error.message).toMatch(new RegExp(`^The embedding model test-model at ${baseUrl.replace(/[.]/g, '\\.')} could not be reached: .*ECONNREFUSED`));
  });

  it('refuses invalid options before any request', async () => {
    await expect(createOpenAiEmbedder({ baseUrl: 'not a url', model: 'm' })).rejects.toThrow(/not a valid URL/);
    await expect(createOpenAiEmbedder({ baseUrl: 'ftp://host/v1', model: 'm' })).rejects.toThrow(/http or https/);
    // Credentials in the URL would end up in error messages and logs.
    for (const baseUrl of ['http://user:pa55word@127.0.0.1:1/v1', 'http://127.0.0.1:1/v1?api-key=hunter2']) {
      const error = await failure(createOpenAiEmbedder({ baseUrl, model: 'm' }));
      expect(error.message).toMatch(/must not hold credentials/);
      expect(error.message).not.toMatch(/pa55word|hunter2/);
    }
    await expect(createOpenAiEmbedder({ baseUrl: 'http://127.0.0.1:1/v1', model: ' ' })).rejects.toThrow(/model name is empty/);
    await expect(createOpenAiEmbedder({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});
