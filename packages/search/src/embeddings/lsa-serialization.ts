import { crc32 } from 'node:zlib';
import type { LsaModel } from './lsa';

/*
 * Layout, all integers and floats little-endian:
 *   0  "NLSA"                 magic
 *   4  u32 format version     1
 *   8  u32 header length      H
 *  12  u32 CRC-32             of every byte from offset 16 to the end
 *  16  header                 H bytes of UTF-8 JSON (see Header)
 *      vocabulary             UTF-8 terms in index order, joined by "\n" (a token never contains one)
 *      padding                zero bytes up to a multiple of 4
 *      idf                    f32 × vocabularySize
 *      projection             f32 × vocabularySize × rank
 */

const magic = 'NLSA';
const formatVersion = 1;
const prefixBytes = 16;
const maxHeaderBytes = 4096;
const hostIsLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Header {
  dimensions: number;
  rank: number;
  vocabularySize: number;
  vocabularyBytes: number;
  documentCount: number;
  trainedAt: string;
}

/**
 * A compact binary form of a model, for storing it beside the workspace:
 * about 4 × vocabulary × (rank + 1) bytes plus the terms.
 *
 * @example
 * await saveModel(workspaceId, serializeLsa(model));
 * const again = deserializeLsa(await loadModel(workspaceId));
 */
export function serializeLsa(model: LsaModel): Buffer {
  const terms: string[] = new Array<string>(model.vocabulary.size);
  for (const [term, index] of model.vocabulary) terms[index] = term;
  const vocabulary = Buffer.from(terms.join('\n'), 'utf8');
  const header: Header = {
    dimensions: model.dimensions,
    rank: model.rank,
    vocabularySize: model.vocabulary.size,
    vocabularyBytes: vocabulary.length,
    documentCount: model.documentCount,
    trainedAt: model.trainedAt,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const floatsStart = align4(prefixBytes + headerBytes.length + vocabulary.length);
  const out = Buffer.alloc(floatsStart + 4 * (model.idf.length + model.projection.length));
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(formatVersion, 4);
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, prefixBytes);
  vocabulary.copy(out, prefixBytes + headerBytes.length);
  writeFloats(out, floatsStart, model.idf);
  writeFloats(out, floatsStart + 4 * model.idf.length, model.projection);
  out.writeUInt32LE(crc32(out.subarray(prefixBytes)), 12);
  return out;
}

/**
 * Reads a model written by `serializeLsa`. Every field is checked, and the
 * checksum covers every byte, so a truncated or damaged buffer throws an Error
 * that says what is wrong instead of yielding a model that embeds nonsense.
 */
export function deserializeLsa(buffer: Uint8Array): LsaModel {
  if (!(buffer instanceof Uint8Array)) fail('expected a Buffer');
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.length < prefixBytes) fail(`${bytes.length} bytes is too short`);
  if (bytes.toString('latin1', 0, 4) !== magic) fail('not an LSA model (wrong magic bytes)');
  const version = bytes.readUInt32LE(4);
  if (version !== formatVersion) fail(`unsupported format version ${version}`);
  const headerLength = bytes.readUInt32LE(8);
  if (headerLength > maxHeaderBytes || prefixBytes + headerLength > bytes.length) fail('header length out of range');
  if (crc32(bytes.subarray(prefixBytes)) !== bytes.readUInt32LE(12)) fail('checksum mismatch (truncated or damaged)');

  const header = parseHeader(bytes.toString('utf8', prefixBytes, prefixBytes + headerLength));
  const vocabularyStart = prefixBytes + headerLength;
  const floatsStart = align4(vocabularyStart + header.vocabularyBytes);
  const expectedLength = floatsStart + 4 * header.vocabularySize * (1 + header.rank);
  if (bytes.length !== expectedLength) fail(`expected ${expectedLength} bytes, got ${bytes.length}`);

  const terms = bytes.toString('utf8', vocabularyStart, vocabularyStart + header.vocabularyBytes).split('\n');
  if (terms.length !== header.vocabularySize) fail(`expected ${header.vocabularySize} terms, found ${terms.length}`);
  const vocabulary = new Map<string, number>();
  terms.forEach((term, index) => vocabulary.set(term, index));
  if (vocabulary.size !== terms.length || vocabulary.has('')) fail('empty or repeated terms in the vocabulary');

  const idf = readFloats(bytes, floatsStart, header.vocabularySize);
  const projection = readFloats(bytes, floatsStart + 4 * header.vocabularySize, header.vocabularySize * header.rank);
  if (!idf.every((value) => Number.isFinite(value) && value > 0)) fail('an idf weight is not a positive number');
  if (!projection.every((value) => Number.isFinite(value))) fail('the projection holds a non-finite number');

  return {
    vocabulary,
    idf,
    projection,
    rank: header.rank,
    dimensions: header.dimensions,
    documentCount: header.documentCount,
    trainedAt: header.trainedAt,
  };
}

function parseHeader(text: string): Header {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('header is not JSON');
  }
  if (typeof value !== 'object' || value === null) fail('header is not an object');
  const record = value as Record<string, unknown>;
  const integer = (name: keyof Header, min: number, max: number): number => {
    const field = record[name];
    if (typeof field !== 'number' || !Number.isInteger(field) || field < min || field > max) fail(`header field ${name} is invalid`);
    return field;
  };
  const dimensions = integer('dimensions', 1, 4096);
  const header: Header = {
    dimensions,
    rank: integer('rank', 1, dimensions),
    vocabularySize: integer('vocabularySize', 1, 10_000_000),
    vocabularyBytes: integer('vocabularyBytes', 1, 2 ** 31 - 1),
    documentCount: integer('documentCount', 0, Number.MAX_SAFE_INTEGER),
    trainedAt: '',
  };
  const trainedAt = record['trainedAt'];
  if (typeof trainedAt !== 'string' || Number.isNaN(Date.parse(trainedAt))) fail('header field trainedAt is invalid');
  header.trainedAt = trainedAt;
  return header;
}

function writeFloats(out: Buffer, offset: number, values: Float32Array): void {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  bytes.copy(out, offset);
  if (!hostIsLittleEndian) out.subarray(offset, offset + bytes.length).swap32();
}

/** A copy, so the model neither shares memory with nor depends on the alignment of the buffer. */
function readFloats(bytes: Buffer, offset: number, count: number): Float32Array {
  const copy = new Uint8Array(count * 4);
  copy.set(bytes.subarray(offset, offset + count * 4));
  if (!hostIsLittleEndian) Buffer.from(copy.buffer).swap32();
  return new Float32Array(copy.buffer);
}

function align4(offset: number): number {
  return (offset + 3) & ~3;
}

function fail(reason: string): never {
  throw new Error(`Corrupt LSA model: ${reason}`);
}
