import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import type { ReadableStreamReadResult } from 'node:stream/web';
import zlib from 'node:zlib';

/**
 * One HTTP GET to an address that was already checked. Redirects are not
 * followed here: the caller checks each hop itself.
 */
export interface TransportRequest {
  url: URL;
  /** Addresses that passed the policy; the connection goes to one of these and nowhere else. */
  addresses: readonly string[];
  headers: Record<string, string>;
  signal: AbortSignal;
  maxBytes: number;
  /** Past maxBytes: give up (a page), or keep the first maxBytes (robots.txt, which RFC 9309 lets us cut). */
  overflow: 'fail' | 'truncate';
  /** Whether the body is worth reading; otherwise the response is dropped after its headers. */
  wantBody(status: number, header: (name: string) => string | undefined): boolean;
}

export type TransportResult =
  | { kind: 'response'; status: number; header: (name: string) => string | undefined; body: Buffer; truncated: boolean }
  | { kind: 'too_large'; detail: string };

/** Throws on network failures (refused, reset, TLS, abort); the caller classifies them. */
export type Transport = (request: TransportRequest) => Promise<TransportResult>;

/**
 * The default transport: node:http(s) with a `lookup` that returns only the
 * checked addresses. The socket therefore connects to exactly what the SSRF
 * check saw; a DNS answer that changes between check and connect (DNS
 * rebinding) is never consulted. TLS still verifies the certificate against
 * the URL's host name (SNI and Host are the name, not the IP).
 */
export function createPinnedTransport(): Transport {
  return (request) =>
    new Promise<TransportResult>((resolve, reject) => {
      const { url } = request;
      const pinned = request.addresses.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
      const first = pinned[0];
      if (!first) {
        reject(new Error('no address to connect to'));
        return;
      }
      const lookup: LookupFunction = (_hostname, options, callback) => {
        if (options.all) callback(null, pinned);
        else callback(null, first.address, first.family);
      };
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const options: https.RequestOptions = {
        protocol: url.protocol,
        hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: request.headers,
        lookup,
        signal: request.signal,
        // A fresh connection per request: a pooled socket could have been opened for another check.
        agent: false,
      };
      if (url.protocol === 'https:' && isIP(hostname) === 0) options.servername = hostname;
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(options, (res) => {
        const status = res.statusCode ?? 0;
        const header = (name: string): string | undefined => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        };
        if (!request.wantBody(status, header)) {
          res.destroy();
          resolve({ kind: 'response', status, header, body: Buffer.alloc(0), truncated: false });
          return;
        }
        const declared = Number(header('content-length'));
        if (request.overflow === 'fail' && Number.isFinite(declared) && declared > request.maxBytes) {
          res.destroy();
          resolve({ kind: 'too_large', detail: `content-length ${declared} exceeds ${request.maxBytes} bytes` });
          return;
        }
        let stream: Readable;
        try {
          stream = decompress(res, header('content-encoding'));
        } catch (error) {
          res.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        readLimited(stream, request, (outcome) => {
          res.destroy();
          if (outcome instanceof Error) reject(outcome);
          else if (outcome === 'too_large') resolve({ kind: 'too_large', detail: `body exceeds ${request.maxBytes} bytes` });
          else resolve({ kind: 'response', status, header, body: outcome.body, truncated: outcome.truncated });
        });
        if (stream !== res) res.on('error', (error) => stream.destroy(error));
      });
      req.on('error', reject);
      req.end();
    });
}

/** Decompresses gzip, deflate and brotli; the size limit applies to the decompressed bytes, so a zip bomb stops at maxBytes. */
function decompress(res: Readable, encoding: string | undefined): Readable {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return res;
  if (name === 'gzip' || name === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (name === 'deflate') return res.pipe(zlib.createInflate());
  if (name === 'br') return res.pipe(zlib.createBrotliDecompress());
  throw new Error(`unsupported content-encoding ${name.slice(0, 40)}`);
}

function readLimited(
  stream: Readable,
  request: Pick<TransportRequest, 'maxBytes' | 'overflow'>,
  done: (outcome: { body: Buffer; truncated: boolean } | 'too_large' | Error) => void,
): void {
  const chunks: Buffer[] = [];
  let total = 0;
  let finished = false;
  const finish = (outcome: { body: Buffer; truncated: boolean } | 'too_large' | Error): void => {
    if (finished) return;
    finished = true;
    stream.removeAllListeners('data');
    done(outcome);
    stream.destroy();
  };
  stream.on('data', (chunk: Buffer) => {
    if (total + chunk.length > request.maxBytes) {
      if (request.overflow === 'fail') {
        finish('too_large');
        return;
      }
      chunks.push(chunk.subarray(0, request.maxBytes - total));
      finish({ body: Buffer.concat(chunks), truncated: true });
      return;
    }
    chunks.push(chunk);
    total += chunk.length;
  });
  stream.on('end', () => finish({ body: Buffer.concat(chunks), truncated: false }));
  stream.on('error', (error) => finish(error));
  stream.on('close', () => finish(new Error('connection closed before the body ended')));
}

/**
 * A transport over an injected fetch (an egress proxy's client, a test
 * double). It cannot pin the connection to the checked addresses, so it only
 * has check-then-connect protection: use it when the fetch itself enforces
 * egress rules.
 */
export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return async (request) => {
    const headers = { ...request.headers };
    delete headers['accept-encoding'];
    const response = await fetchImpl(request.url.href, { headers, redirect: 'manual', signal: request.signal });
    const header = (name: string): string | undefined => response.headers.get(name) ?? undefined;
    if (!request.wantBody(response.status, header)) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'response', status: response.status, header, body: Buffer.alloc(0), truncated: false };
    }
    const declared = Number(header('content-length'));
    if (request.overflow === 'fail' && Number.isFinite(declared) && declared > request.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'too_large', detail: `content-length ${declared} exceeds ${request.maxBytes} bytes` };
    }
    const reader = response.body?.getReader();
    const chunks: Buffer[] = [];
    let total = 0;
    if (reader) {
      for (;;) {
        const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
        if (done) break;
        const chunk = Buffer.from(value);
        if (total + chunk.length > request.maxBytes) {
          await reader.cancel().catch(() => undefined);
          if (request.overflow === 'fail') return { kind: 'too_large', detail: `body exceeds ${request.maxBytes} bytes` };
          chunks.push(chunk.subarray(0, request.maxBytes - total));
          return { kind: 'response', status: response.status, header, body: Buffer.concat(chunks), truncated: true };
        }
        chunks.push(chunk);
        total += chunk.length;
      }
    }
    return { kind: 'response', status: response.status, header, body: Buffer.concat(chunks), truncated: false };
  };
}
