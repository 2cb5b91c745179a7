import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedProviderRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface InjectedFailure {
  status: number;
  /** JSON body, or raw text when a string (malformed JSON). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer only after this long (timeouts). */
  delayMs?: number;
}

export interface FakeProviderServer {
  url: string;
  requests: RecordedProviderRequest[];
  /** Answers the next `times` requests (default 1) with this instead of the real behaviour. */
  failNext(failure: InjectedFailure, times?: number): void;
  close(): Promise<void>;
}

export type Handler = (request: RecordedProviderRequest) => { status: number; body: unknown; headers?: Record<string, string> };

/** The HTTP plumbing shared by the fake PDL and Apollo servers. */
export async function startFakeProviderServer(handle: Handler): Promise<FakeProviderServer> {
  const requests: RecordedProviderRequest[] = [];
  const failures: Array<InjectedFailure> = [];
  const sockets = new Set<Socket>();

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(text);
  }

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const request: RecordedProviderRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, body };
        requests.push(request);
        const failure = failures.shift();
        if (failure) {
          const answer = (): void => send(res, failure.status, failure.body ?? { error: `injected ${failure.status}` }, failure.headers);
          if (failure.delayMs) setTimeout(answer, failure.delayMs).unref();
          else answer();
          return;
        }
        const answer = handle(request);
        send(res, answer.status, answer.body, answer.headers);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { error: String(error) });
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (failure, times = 1) => {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

export function header(request: RecordedProviderRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
