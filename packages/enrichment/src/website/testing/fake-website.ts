import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A canned answer; a function takes over the response completely (slow bodies, broken connections). */
export type FakeRoute =
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer; delayMs?: number }
  | ((req: IncomingMessage, res: ServerResponse) => void);

export interface FakeWebsiteRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeWebsite {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  requests: FakeWebsiteRequest[];
  route(path: string, route: FakeRoute): void;
  close(): Promise<void>;
}

/**
 * A local website for tests of the metadata fetcher: answers each path with
 * a canned route (404 otherwise) and records every request, so a test can
 * assert that a blocked URL was never requested.
 *
 * @example
 * const site = await startFakeWebsite({ '/': { headers: { 'content-type': 'text/html' }, body: '<title>Acme</title>' } });
 * await fetchCompanyMetadata(`${site.origin}/`, { allowPrivate: true });
 */
export async function startFakeWebsite(routes: Record<string, FakeRoute> = {}): Promise<FakeWebsite> {
  const table = new Map(Object.entries(routes));
  const requests: FakeWebsiteRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers } });
    const route = table.get(path) ?? table.get(path.split('?')[0] ?? path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    const send = (): void => {
      if (res.destroyed) return;
      res.writeHead(route.status ?? 200, route.headers ?? {});
      res.end(route.body ?? '');
    };
    if (route.delayMs) setTimeout(send, route.delayMs).unref();
    else send();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    route: (path, route) => {
      table.set(path, route);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
