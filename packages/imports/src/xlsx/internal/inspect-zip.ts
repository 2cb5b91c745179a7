import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { fileError, fileErrorReason } from '../../file-errors';
import type { ArchiveLimits } from '../archive-limits';

const ratioFloorBytes = 1024 * 1024;
const archiveNames = /\.(zip|xlsx|xlsm|xlsb|xltx|docx|docm|pptx|jar|war|apk|7z|rar|gz|tgz|bz2|xz|zst|tar)$/i;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en')} MB`;

export interface ArchiveEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

function unsafeName(name: string): string | undefined {
  if ([...name].some((char) => char.charCodeAt(0) < 32)) return 'contains control characters';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').includes('..')) return 'climbs out of the archive with ".."';
  return undefined;
}

export function readAllEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

export function entryName(entry: Entry): string {
  // Names are read raw (decodeStrings: false) so an unsafe one becomes our precise error, not yauzl's.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

function checkEntry(entry: Entry, name: string, limits: ArchiveLimits): void {
  const problem = unsafeName(name);
  if (problem) throw fileError('archive_unsafe_name', `The file contains an entry whose name ${problem} ("${name.slice(0, 200)}")`, { entry: name });
  if (entry.isEncrypted()) throw fileError('archive_encrypted', 'The workbook is password-protected; remove the password and upload it again', { entry: name });
  if (archiveNames.test(name)) {
    throw fileError('archive_nested', `The workbook contains another archive ("${name}"); embedded files are not accepted, remove them or save the sheet as CSV`, { entry: name });
  }
  if (entry.uncompressedSize > ratioFloorBytes) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (ratio > limits.maxCompressionRatio) {
      throw fileError(
        'archive_ratio_too_high',
        `The workbook entry "${name}" expands ${Math.round(ratio).toLocaleString('en')} times (at most ${limits.maxCompressionRatio} allowed); the file looks like a zip bomb`,
        { entry: name, ratio: Math.round(ratio) },
      );
    }
  }
  if (name === 'xl/sharedStrings.xml' && entry.uncompressedSize > limits.maxSharedStringsBytes) {
    throw fileError(
      'archive_too_large',
      `The workbook's text table is ${mb(entry.uncompressedSize)} (at most ${mb(limits.maxSharedStringsBytes)}); save the sheet as CSV and import that instead`,
      { entry: name, bytes: entry.uncompressedSize },
    );
  }
}

/** A data descriptor after an entry: 12 bytes, 16 with its signature, 20 or 24 in zip64. */
const maxDescriptorBytes = 24;

/**
 * The sheet reader walks local headers from the start of the file, not the
 * directory yauzl checked, so bytes the directory does not account for (a
 * hidden entry, a second copy of a sheet) are refused: entries must tile the
 * file up to the directory.
 */
async function checkEntriesTile(zip: ZipFile, entries: Entry[], directoryOffset: number): Promise<void> {
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let expected = 0;
  for (const entry of sorted) {
    const gap = entry.relativeOffsetOfLocalHeader - expected;
    if (gap < 0 || gap > (expected === 0 ? 0 : maxDescriptorBytes)) {
      throw fileError('invalid_archive', 'The workbook is damaged or crafted: it holds data its zip directory does not list', { offset: expected });
    }
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    expected = fileDataStart + entry.compressedSize;
  }
  const tail = directoryOffset - expected;
  if (tail < 0 || tail > maxDescriptorBytes) {
    throw fileError('invalid_archive', 'The workbook is damaged or crafted: it holds data its zip directory does not list', { offset: expected });
  }
}

/** Inflates every entry and discards it: yauzl stops if one expands past the size its directory declares. */
async function verifyActualSizes(zip: ZipFile, entries: Entry[], limits: ArchiveLimits): Promise<void> {
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize === 0 && entry.compressedSize === 0) continue;
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxUncompressedBytes) {
        stream.destroy();
        throw fileError('archive_too_large', `The workbook expands to more than ${mb(limits.maxUncompressedBytes)}`, { bytes: total });
      }
    }
  }
}

/**
 * Reads an xlsx's central directory before any XML parser sees it and
 * refuses what could exhaust the server: too many entries, too many bytes,
 * bomb-like ratios, nested archives, names that climb out of the archive,
 * encryption. Then inflates each entry once, counting, because a directory
 * can lie about sizes.
 */
export async function inspectZip(path: string, limits: ArchiveLimits): Promise<ArchiveEntry[]> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw fileError('invalid_archive', 'The file is not a valid .xlsx workbook (it is not a readable zip archive)', {}, error);
  }
  // Before any entry is read, yauzl's cursor sits on the central directory.
  const directoryOffset = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw fileError('archive_too_many_entries', `The workbook has ${zip.entryCount.toLocaleString('en')} parts (at most ${limits.maxEntries.toLocaleString('en')})`, {
        entries: zip.entryCount,
      });
    }
    const entries = await readAllEntries(zip).catch((error: unknown) => {
      throw fileError('invalid_archive', 'The workbook is damaged: its zip directory cannot be read', {}, error);
    });
    let declared = 0;
    const result: ArchiveEntry[] = [];
    for (const entry of entries) {
      const name = entryName(entry);
      checkEntry(entry, name, limits);
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) {
        throw fileError('archive_too_large', `The workbook expands to more than ${mb(limits.maxUncompressedBytes)}`, { bytes: declared });
      }
      result.push({ name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize });
    }
    await checkEntriesTile(zip, entries, directoryOffset).catch((error: unknown) => {
      if (fileErrorReason(error)) throw error;
      throw fileError('invalid_archive', 'The workbook is damaged: a zip entry header cannot be read', {}, error);
    });
    await verifyActualSizes(zip, entries, limits).catch((error: unknown) => {
      if (fileErrorReason(error)) throw error;
      throw fileError('invalid_archive', 'The workbook is damaged: an entry does not match its declared size', {}, error);
    });
    return result;
  } finally {
    zip.close();
  }
}
