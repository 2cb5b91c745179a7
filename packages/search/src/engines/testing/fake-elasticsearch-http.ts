import type { IncomingMessage } from 'node:http';
import { EsError, type Json } from './fake-elasticsearch-errors';

/** The HTTP edge of the fake Elasticsearch: media types as Elasticsearch 8/9 negotiates them, body parsing, injected failures. */

const supportedVersions = new Set(['8', '9']);
const jsonTypes = ['application/json', 'application/vnd.elasticsearch+json'];
const ndjsonTypes = ['application/x-ndjson', 'application/vnd.elasticsearch+x-ndjson'];

/** The `compatible-with` version of a vendor media type, undefined for plain JSON. */
export function compatibleVersion(header: string | undefined): string | undefined {
  if (!header?.includes('vnd.elasticsearch')) return undefined;
  return /compatible-with=(\d+)/u.exec(header)?.[1];
}

export function checkMediaTypes(req: IncomingMessage, text: string): void {
  for (const header of [req.headers['content-type'], req.headers.accept]) {
    if (header?.includes('vnd.elasticsearch')) {
      const version = compatibleVersion(header);
      if (!version || !supportedVersions.has(version)) {
        throw new EsError(400, 'media_type_header_exception', `Invalid media-type value on headers [Content-Type, Accept]: ${header}`);
      }
    }
  }
  if (text === '') return;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (![...jsonTypes, ...ndjsonTypes].includes(type)) {
    throw new EsError(406, 'media_type_header_exception', `Content-Type header [${req.headers['content-type'] ?? ''}] is not supported`);
  }
}

export function parseBody(contentType: string | undefined, text: string): Json | undefined {
  if (text === '') return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  try {
    if (ndjsonTypes.includes(type)) {
      if (!text.endsWith('\n')) throw new EsError(400, 'illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Json);
    }
    return JSON.parse(text) as Json;
  } catch (error) {
    if (error instanceof EsError) throw error;
    throw new EsError(400, 'x_content_parse_exception', `[1:1] failed to parse the request body: ${String(error)}`);
  }
}

export function injectedFailure(status: number): EsError {
  switch (status) {
    case 429:
      return new EsError(429, 'es_rejected_execution_exception', 'rejected execution of coordinating operation [shard_indexing_pressure]');
    case 502:
    case 503:
    case 504:
      return new EsError(status, 'unavailable_shards_exception', 'primary shard is not active');
    default:
      return new EsError(status, 'exception', `injected failure with status ${status}`);
  }
}

export function noHandler(method: string, path: string): EsError {
  return new EsError(400, 'illegal_argument_exception', `no handler found for uri [${path}] and method [${method}]`);
}
