import chardet from 'chardet';
import iconv from 'iconv-lite';
import { fileError } from '../file-errors';
import type { ByteSource } from '../import-source';
import { peekBytes } from './bytes';

/** Bytes looked at to guess an encoding without a BOM. */
export const encodingSampleBytes = 64 * 1024;

export interface DecodedText {
  /** iconv-lite name of the encoding the bytes were read as. */
  encoding: string;
  /** The text, BOM removed, in chunks of about the input's chunk size. */
  chunks: AsyncIterable<string>;
}

function bomEncoding(head: Buffer): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return head[2] === 0 && head[3] === 0 && head.length >= 4 ? 'utf-32le' : 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return 'utf-32be';
  return undefined;
}

function isUtf8(sample: Buffer): boolean {
  try {
    // `stream: true` tolerates a sequence cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: one byte of each pair is almost always zero for Latin text. */
function bomlessUtf16(sample: Buffer): string | undefined {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** chardet names to what iconv-lite decodes; Latin-1 is read as its Windows superset, as browsers do. */
function fromChardet(name: string | null): string {
  if (!name) return 'windows-1252';
  const lower = name.toLowerCase();
  if (lower === 'iso-8859-1' || lower === 'ascii') return 'windows-1252';
  return iconv.encodingExists(lower) ? lower : 'windows-1252';
}

/** Picks the encoding of a file from its first bytes. */
export function detectEncoding(head: Buffer): string {
  const sample = head.subarray(0, encodingSampleBytes);
  const bom = bomEncoding(sample);
  if (bom) return bom;
  const utf16 = bomlessUtf16(sample);
  if (utf16) return utf16;
  if (isUtf8(sample)) return 'utf-8';
  return fromChardet(chardet.detect(sample));
}

/**
 * Decodes an uploaded text file: a BOM decides the encoding, otherwise a
 * UTF-8 check and chardet on the first 64 KB. Decoding streams chunk by
 * chunk, so a multi-gigabyte file never sits in memory.
 *
 * @example
 * const { encoding, chunks } = await decodeText(req.file, {});
 */
export async function decodeText(source: ByteSource, options: { encoding?: string | undefined }): Promise<DecodedText> {
  const { head, all } = await peekBytes(source, encodingSampleBytes);
  const encoding = options.encoding ?? detectEncoding(head);
  const name: string = encoding;
  if (!iconv.encodingExists(encoding)) {
    throw fileError('unknown_encoding', `The encoding "${name}" is not supported`, { encoding: name });
  }
  async function* chunks(): AsyncGenerator<string> {
    const decoder = iconv.getDecoder(encoding, { stripBOM: true });
    for await (const bytes of all) {
      const text = decoder.write(bytes);
      if (text.length > 0) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  }
  return { encoding, chunks: chunks() };
}
