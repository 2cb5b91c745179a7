import type { ByteSource } from '../import-source';

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError(`An import source yielded ${typeof chunk}, expected bytes`);
}

/** The source's chunks as Buffers, whatever the source yields. */
export async function* bufferChunks(source: ByteSource): AsyncGenerator<Buffer> {
  for await (const chunk of source as AsyncIterable<unknown>) yield toBuffer(chunk);
}

export interface PeekedBytes {
  /** At least `bytes` bytes unless the source is shorter. */
  head: Buffer;
  /** Every byte of the source, the head included, in order. */
  all: AsyncIterable<Buffer>;
}

/**
 * Reads the first `bytes` bytes without losing them: detection (format,
 * encoding) looks at the head, the reader then consumes `all`.
 */
export async function peekBytes(source: ByteSource, bytes: number): Promise<PeekedBytes> {
  const iterator = bufferChunks(source)[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts, length);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Stopping early (a file error) must release the upload stream too.
      await iterator.return?.(undefined);
    }
  }
  return { head, all: all() };
}
