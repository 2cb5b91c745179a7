import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeApi = 'openai' | 'anthropic';

/**
 * One scripted answer:
 * - `text`: a normal answer (streamed as server-sent events when the request asks for a stream);
 * - `status`: an HTTP error in the API's own error format;
 * - `raw`: any body, e.g. one that is not JSON;
 * - `reset`: the connection is dropped without an answer.
 * `delayMs` holds the answer back, to make clients time out; `chunkDelayMs`
 * pauses a stream between pieces of text.
 */
export type FakeReply =
  | { text: string; inputTokens?: number; outputTokens?: number; model?: string; chunks?: string[]; chunkDelayMs?: number; refusal?: boolean; delayMs?: number }
  | { status: number; message?: string; headers?: Record<string, string>; delayMs?: number }
  | { raw: string; contentType?: string; status?: number; delayMs?: number }
  | { reset: true; delayMs?: number };

export interface RecordedRequest {
  api: FakeApi;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (`undefined` if it was not JSON). */
  body: unknown;
  /** The body as sent, for checks that nothing private left the process. */
  raw: string;
}

export interface FakeLlmServer {
  /** Base URL for the OpenAI SDK (ends in /v1). */
  openaiBaseUrl: string;
  /** Base URL for the Anthropic SDK (the SDK adds /v1). */
  anthropicBaseUrl: string;
  requests: RecordedRequest[];
  requestsFor(api: FakeApi): RecordedRequest[];
  /** Queues answers for the next requests to that API, in order. */
  reply(api: FakeApi, ...replies: FakeReply[]): void;
  /** The answer once the queue is empty. Default: a 400 saying nothing was scripted. */
  setDefault(api: FakeApi, reply: FakeReply | ((request: RecordedRequest) => FakeReply)): void;
  close(): Promise<void>;
}

export interface FakeLlmServerOptions {
  /** The bearer token the OpenAI endpoint accepts. */
  openaiKey?: string;
  /** The key the Anthropic endpoint accepts, as x-api-key or as a bearer token. */
  anthropicKey?: string;
}

const routes: Record<string, FakeApi> = { '/v1/chat/completions': 'openai', '/v1/messages': 'anthropic' };

/**
 * A local server speaking the OpenAI chat completions API and Anthropic's
 * Messages API, scriptable per test, so the real SDK clients can be tested
 * offline against errors, delays and malformed answers.
 *
 * @example
 * const server = await startFakeLlmServer();
 * server.reply('openai', { status: 429 }, { text: '{"ok":true}' });
 */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const openaiKey = options.openaiKey ?? 'test-openai-key';
  const anthropicKey = options.anthropicKey ?? 'test-anthropic-key';
  const requests: RecordedRequest[] = [];
  const queues: Record<FakeApi, FakeReply[]> = { openai: [], anthropic: [] };
  const defaults: Record<FakeApi, FakeReply | ((request: RecordedRequest) => FakeReply)> = {
    openai: { status: 400, message: 'no reply scripted' },
    anthropic: { status: 400, message: 'no reply scripted' },
  };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const api = routes[path];
      if (!api || req.method !== 'POST') {
        sendJson(res, 404, { error: { message: `no route ${req.method ?? ''} ${path}` } });
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { api, method: req.method, path, headers: req.headers, body, raw };
      requests.push(recorded);
      const authorized =
        api === 'openai'
          ? req.headers.authorization === `Bearer ${openaiKey}`
          : // The Anthropic API takes the key as x-api-key; SDK 1.x sends it as a bearer token.
            (req.headers['x-api-key'] === anthropicKey || req.headers.authorization === `Bearer ${anthropicKey}`) &&
            typeof req.headers['anthropic-version'] === 'string';
      const fallback = defaults[api];
      const reply: FakeReply = authorized
        ? (queues[api].shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback))
        : { status: 401, message: 'invalid api key' };
      const send = (): void => answer(api, recorded, reply, res, timers);
      if (reply.delayMs === undefined || reply.delayMs <= 0) {
        send();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send();
      }, reply.delayMs);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    openaiBaseUrl: `${origin}/v1`,
    anthropicBaseUrl: origin,
    requests,
    requestsFor: (api) => requests.filter((request) => request.api === api),
    reply(api, ...replies) {
      queues[api].push(...replies);
    },
    setDefault(api, reply) {
      defaults[api] = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(api: FakeApi, request: RecordedRequest, reply: FakeReply, res: ServerResponse, timers: Set<NodeJS.Timeout>): void {
  if ('reset' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('raw' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
    res.end(reply.raw);
    return;
  }
  if ('status' in reply) {
    sendJson(res, reply.status, errorBody(api, reply.status, reply.message ?? `HTTP ${reply.status}`), reply.headers);
    return;
  }
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as { model?: unknown; stream?: unknown };
  const model = reply.model ?? (typeof body.model === 'string' ? body.model : 'fake-model');
  const inputTokens = reply.inputTokens ?? 11;
  const outputTokens = reply.outputTokens ?? 7;
  const pieces = reply.chunks ?? splitText(reply.text);
  if (body.stream === true) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const events = api === 'openai' ? openaiEvents(model, pieces, inputTokens, outputTokens, reply.refusal === true) : anthropicEvents(model, pieces, inputTokens, outputTokens, reply.refusal === true);
    writeSlowly(res, events, reply.chunkDelayMs ?? 0, timers);
    return;
  }
  sendJson(res, 200, api === 'openai' ? openaiCompletion(model, reply.text, inputTokens, outputTokens, reply.refusal === true) : anthropicMessage(model, reply.text, inputTokens, outputTokens, reply.refusal === true));
}

function errorBody(api: FakeApi, status: number, message: string): unknown {
  const type =
    status === 429 ? 'rate_limit_error' : status === 401 ? 'authentication_error' : status === 403 ? 'permission_error' : status === 404 ? 'not_found_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  return api === 'openai' ? { error: { message, type, param: null, code: null } } : { type: 'error', error: { type, message } };
}

function openaiCompletion(model: string, text: string, inputTokens: number, outputTokens: number, refusal: boolean): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_767_225_600,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: refusal ? null : text, refusal: refusal ? text : null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}

function anthropicMessage(model: string, text: string, inputTokens: number, outputTokens: number, refusal: boolean): unknown {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text, citations: null }],
    stop_reason: refusal ? 'refusal' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: null, cache_read_input_tokens: null },
  };
}

function openaiEvents(model: string, pieces: string[], inputTokens: number, outputTokens: number, refusal: boolean): string[] {
  const chunk = (choices: unknown[], usage: unknown = null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_767_225_600, model, choices, usage })}\n\n`;
  return [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...pieces.map((piece) => chunk([{ index: 0, delta: { content: piece }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: refusal ? 'content_filter' : 'stop' }]),
    chunk([], { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens }),
    'data: [DONE]\n\n',
  ];
}

function anthropicEvents(model: string, pieces: string[], inputTokens: number, outputTokens: number, refusal: boolean): string[] {
  const event = (type: string, data: unknown): string => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    event('message_start', {
      type: 'message_start',
      message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
    }),
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    event('ping', { type: 'ping' }),
    ...pieces.map((piece) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })),
    event('content_block_stop', { type: 'content_block_stop', index: 0 }),
    event('message_delta', { type: 'message_delta', delta: { stop_reason: refusal ? 'refusal' : 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens } }),
    event('message_stop', { type: 'message_stop' }),
  ];
}

/** Writes server-sent events, pausing between pieces of text when asked. */
function writeSlowly(res: ServerResponse, events: string[], pauseMs: number, timers: Set<NodeJS.Timeout>): void {
  const rest = [...events];
  const isText = (event: string): boolean => /text_delta|"delta":\{"content"/.test(event);
  let textSent = false;
  const next = (): void => {
    while (rest.length > 0 && !res.destroyed) {
      const event = rest.shift()!;
      res.write(event);
      textSent ||= isText(event);
      const upcoming = rest[0];
      if (pauseMs > 0 && textSent && upcoming !== undefined && isText(upcoming)) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          next();
        }, pauseMs);
        timers.add(timer);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  next();
}

/** Three pieces or fewer, so streaming tests see more than one chunk. */
function splitText(text: string): string[] {
  if (text.length < 3) return [text];
  const size = Math.ceil(text.length / 3);
  return [text.slice(0, size), text.slice(size, 2 * size), text.slice(2 * size)].filter((piece) => piece !== '');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
