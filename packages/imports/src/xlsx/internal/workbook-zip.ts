import type { Readable } from 'node:stream';
import yauzl, { type Entry } from 'yauzl';
import { fileError } from '../../file-errors';
import { entryName, readAllEntries } from './inspect-zip';

/** The parts of an .xlsx already checked by `inspectZip`, opened one by one from the spooled file. */
export interface WorkbookZip {
  /** Entry names in file order. */
  names: string[];
  /** A stream of the inflated part, or undefined when the workbook has no such part. */
  open(name: string): Promise<Readable | undefined>;
  /** Releases the file; streams still open keep it until they end or are destroyed. */
  close(): void;
}

const ignore = () => {};

/**
 * Random access to the parts of the workbook, so each is read when it is
 * needed, in the order the reader needs it, and nothing is spooled a second
 * time. (exceljs's own walk of the zip reads it front to back, copies every
 * sheet to a temp file and, now and then, loses the last entry; see
 * `readXlsx`.)
 */
export async function openWorkbookZip(path: string): Promise<WorkbookZip> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }).catch((error: unknown) => {
    throw fileError('invalid_archive', 'The file is not a valid .xlsx workbook (it is not a readable zip archive)', {}, error);
  });
  // yauzl reports a failure to close the file as an 'error' event; the workbook is let go either way.
  zip.on('error', ignore);
  let entries: Entry[];
  try {
    entries = await readAllEntries(zip);
  } catch (error) {
    zip.close();
    throw fileError('invalid_archive', 'The workbook is damaged: its zip directory cannot be read', {}, error);
  }
  const byName = new Map(entries.map((entry) => [entryName(entry), entry]));
  return {
    names: [...byName.keys()],
    async open(name) {
      const entry = byName.get(name);
      return entry ? zip.openReadStreamPromise(entry) : undefined;
    },
    close: () => zip.close(),
  };
}
