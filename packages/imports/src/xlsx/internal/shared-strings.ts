/**
 * The workbook's shared-string table, packed as UTF-8 in one growing buffer
 * with an offset per string. exceljs's own cache keeps each string as a
 * slice of the XML chunk it was parsed from, which holds every chunk (the
 * whole table, twice over as UTF-16) in memory: 470 MB for a 1,048,576-row
 * sheet of unique emails. Packed, the same table takes about its text size.
 */
export interface SharedStrings {
  add(text: string): void;
  get(index: number): string | undefined;
  readonly count: number;
}

export function createSharedStrings(): SharedStrings {
  let bytes = Buffer.allocUnsafe(1024 * 1024);
  let used = 0;
  let offsets = new Uint32Array(64 * 1024);
  let count = 0;
  return {
    add(text) {
      const length = Buffer.byteLength(text, 'utf8');
      if (used + length > bytes.length) {
        const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, used + length));
        bytes.copy(grown, 0, 0, used);
        bytes = grown;
      }
      if (count + 2 > offsets.length) {
        const grown = new Uint32Array(offsets.length * 2);
        grown.set(offsets);
        offsets = grown;
      }
      bytes.write(text, used, 'utf8');
      used += length;
      count++;
      offsets[count] = used;
    },
    get(index) {
      if (!Number.isInteger(index) || index < 0 || index >= count) return undefined;
      return bytes.toString('utf8', offsets[index], offsets[index + 1]);
    },
    get count() {
      return count;
    },
  };
}
