/** What an uploaded archive may expand to before a byte of it is parsed. */
export interface ArchiveLimits {
  /** Sum of all entries, uncompressed. A full 1,048,576-row sheet of ten columns is about 400 MB of XML. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, per entry larger than 1 MB. Spreadsheet XML deflates 5–20:1; bombs 1,000:1. */
  maxCompressionRatio: number;
  maxEntries: number;
  /** The shared-strings table is held in memory by the reader, so it has its own, lower cap. */
  maxSharedStringsBytes: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxEntries: 10_000,
  maxSharedStringsBytes: 100 * 1024 * 1024,
};
