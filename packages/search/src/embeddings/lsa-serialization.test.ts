import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { embedLsa, trainLsa } from './lsa';
import { deserializeLsa, serializeLsa } from './lsa-serialization';

const texts = [
  'Renewal call with Zoë about the car fleet contract',
  'Car fleet pricing sent to Zoë, renewal next quarter',
  'Pizza lunch with the Osaka team: 寿司 next time',
  'Osaka team lunch, pizza again, contract questions',
  'Invoice overdue for the car fleet contract',
  'Invoice paid, renewal confirmed for the Osaka team',
];
const model = trainLsa(texts, { dimensions: 16, seed: 11 });

describe('serializeLsa and deserializeLsa', () => {
  it('round-trips a model exactly', () => {
    const copy = deserializeLsa(serializeLsa(model));
    expect(copy.dimensions).toBe(16);
    expect(copy.rank).toBe(model.rank);
    expect(copy.documentCount).toBe(model.documentCount);
    expect(copy.trainedAt).toBe(model.trainedAt);
    expect([...copy.vocabulary.entries()]).toEqual([...model.vocabulary.entries()]);
    expect(Array.from(copy.idf)).toEqual(Array.from(model.idf));
    expect(Array.from(copy.projection)).toEqual(Array.from(model.projection));
    for (const text of [...texts, 'zoë', '寿司 pizza']) expect(Array.from(embedLsa(copy, text))).toEqual(Array.from(embedLsa(model, text)));
  });

  it('reads a buffer that starts at an odd offset of its memory', () => {
    const bytes = serializeLsa(model);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const copy = deserializeLsa(shifted.subarray(1));
    expect(Array.from(copy.projection)).toEqual(Array.from(model.projection));
  });

  it('reads a plain Uint8Array, as a database driver may return', () => {
    const copy = deserializeLsa(new Uint8Array(serializeLsa(model)));
    expect(copy.vocabulary.size).toBe(model.vocabulary.size);
  });

  it('is compact: four bytes per stored number plus the terms', () => {
    const bytes = serializeLsa(model);
    expect(bytes.length).toBeLessThan(4 * model.vocabulary.size * (model.rank + 1) + 600);
  });

  const corruptions: [string, (bytes: Buffer) => Uint8Array, RegExp][] = [
    ['an empty buffer', () => Buffer.alloc(0), /too short/],
    ['random bytes', () => Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256)), /wrong magic/],
    ['another format version', (bytes) => withUint32(bytes, 4, 2), /version 2/],
    ['a header length past the end', (bytes) => withUint32(bytes, 8, 1_000_000), /header length/],
    ['a truncated buffer', (bytes) => bytes.subarray(0, bytes.length - 4), /checksum/],
    ['an extra byte', (bytes) => Buffer.concat([bytes, Buffer.from([0])]), /checksum/],
    ['a flipped bit in the vectors', (bytes) => flip(bytes, bytes.length - 3), /checksum/],
    ['a flipped bit in the header', (bytes) => flip(bytes, 20), /checksum/],
  ];

  it.each(corruptions)('throws a clear error on %s', (_name, corrupt, message) => {
    const damaged = corrupt(Buffer.from(serializeLsa(model)));
    expect(() => deserializeLsa(damaged)).toThrow(/^Corrupt LSA model: /);
    expect(() => deserializeLsa(damaged)).toThrow(message);
  });

  it('rejects a header that lies even when the checksum is right', () => {
    const bytes = Buffer.from(serializeLsa(model));
    const headerLength = bytes.readUInt32LE(8);
    const header = bytes.toString('utf8', 16, 16 + headerLength);
    const lie = header.replace(/"rank":\d+/, '"rank":99');
    expect(lie).not.toBe(header);
    const forged = resealed(Buffer.concat([bytes.subarray(0, 16), Buffer.from(lie), bytes.subarray(16 + headerLength)]), lie.length);
    expect(() => deserializeLsa(forged)).toThrow(/Corrupt LSA model: header field rank is invalid|Corrupt LSA model: expected \d+ bytes/);
  });

  it('rejects a non-finite number even when the checksum is right', () => {
    const bytes = Buffer.from(serializeLsa(model));
    bytes.writeFloatLE(Number.NaN, bytes.length - 4);
    expect(() => deserializeLsa(resealed(bytes))).toThrow(/non-finite/);
  });
});

function withUint32(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt32LE(value, offset);
  return copy;
}

function flip(bytes: Buffer, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = copy[offset]! ^ 0x10;
  return copy;
}

/** Rewrites the header length and checksum, as a buggy writer (not a damaged disk) would. */
function resealed(bytes: Buffer, headerLength?: number): Buffer {
  const copy = Buffer.from(bytes);
  if (headerLength !== undefined) copy.writeUInt32LE(headerLength, 8);
  copy.writeUInt32LE(crc32(copy.subarray(16)), 12);
  return copy;
}
