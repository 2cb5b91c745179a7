import { createCsvTokenizer } from './csv-tokenizer';

export const delimiterCandidates = [',', ';', '\t', '|'] as const;

const sampleRecords = 50;

/** `sep=;` on the first line: the hint Excel writes and reads. */
export function excelSeparatorHint(sample: string): { delimiter: string; length: number } | undefined {
  const match = /^sep=(.)\r?\n?/i.exec(sample);
  if (!match?.[1]) return undefined;
  return { delimiter: match[1], length: match[0].length };
}

function cellCounts(sample: string, delimiter: string, complete: boolean): number[] {
  const tokenizer = createCsvTokenizer({ delimiter, maxCellChars: 10_000, maxRecordChars: 1_000_000, maxCells: 1 });
  // Only whole records count: unless the sample is the whole file, it may end inside one.
  const records = [...tokenizer.push(sample), ...(complete ? tokenizer.end() : [])].filter((r) => !r.blank);
  return records.slice(0, sampleRecords).map((r) => r.cellCount);
}

/**
 * Picks the delimiter whose cell count is the same on the most records of
 * the sample, read quote-aware so commas inside quoted notes do not vote.
 * A single-column file has no delimiter at all: the comma is then harmless.
 */
export function sniffDelimiter(sample: string, complete: boolean): string {
  let best: string = delimiterCandidates[0];
  let bestScore = 0;
  let bestWidth = 1;
  for (const candidate of delimiterCandidates) {
    const counts = cellCounts(sample, candidate, complete).filter((n) => n > 1);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const n of counts) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    let modeWidth = 0;
    let modeCount = 0;
    for (const [width, count] of frequency) {
      if (count > modeCount || (count === modeCount && width > modeWidth)) {
        modeWidth = width;
        modeCount = count;
      }
    }
    if (modeCount > bestScore || (modeCount === bestScore && modeWidth > bestWidth)) {
      best = candidate;
      bestScore = modeCount;
      bestWidth = modeWidth;
    }
  }
  return best;
}
