/** One CSV record as the tokenizer saw it, before headers give it meaning. */
export interface RawRecord {
  /** Physical line (1-based) the record starts on; quoted newlines count, as in an editor. */
  line: number;
  /** Cells kept, at most `maxCells`; later cells are counted but dropped. */
  cells: string[];
  /** Cells the record really has. */
  cellCount: number;
  /** Indexes of cells cut at `maxCellChars`. */
  oversizedCells: number[];
  /** The record held more than `maxRecordChars`; cells past the limit were dropped. */
  oversizedRecord: boolean;
  /** The file ended inside a quoted cell. */
  unterminatedQuote: boolean;
  /** An empty line: no characters, no quotes. */
  blank: boolean;
}

export interface CsvTokenizerOptions {
  delimiter: string;
  maxCellChars: number;
  maxRecordChars: number;
  maxCells: number;
}

export interface CsvTokenizer {
  /** Feeds text; returns the records completed by it. */
  push(text: string): RawRecord[];
  /** Ends the input; returns the last record if the file does not end with a newline. */
  end(): RawRecord[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * An RFC 4180 reader that never throws and never holds more than one record:
 * a cell longer than the cap is cut (and flagged) while the scan goes on to
 * its end, so a 10 MB cell costs 100 KB and the next row still parses.
 * Lenient where spreadsheets are: CR, LF and CRLF all end records, and text
 * after a closing quote is kept (`"a"b` reads `ab`).
 *
 * Written here rather than taken from csv-parse: with csv-parse a record over
 * `max_record_size` either aborts the whole file or, with
 * `skip_records_with_error`, returns mid-chunk and loses the rest of it.
 */
export function createCsvTokenizer(options: CsvTokenizerOptions): CsvTokenizer {
  if (options.delimiter.length !== 1) throw new RangeError('The CSV delimiter must be one character');
  const delimiter = options.delimiter.charCodeAt(0);
  const { maxCellChars, maxRecordChars, maxCells } = options;

  let state: State = State.FieldStart;
  let line = 1;
  let recordLine = 1;
  let skipLf = false;
  let crInQuote = false;

  let field = '';
  let fieldLength = 0;
  let fieldOversized = false;
  let sawQuote = false;

  let cells: string[] = [];
  let cellCount = 0;
  let recordChars = 0;
  let oversizedCells: number[] = [];
  let oversizedRecord = false;
  let out: RawRecord[] = [];

  function append(text: string, from: number, to: number): void {
    if (to <= from || fieldOversized || oversizedRecord) return;
    const length = to - from;
    if (fieldLength + length > maxCellChars) {
      field += text.slice(from, from + (maxCellChars - fieldLength));
      fieldLength = maxCellChars;
      fieldOversized = true;
      return;
    }
    field += text.slice(from, to);
    fieldLength += length;
  }

  function appendChar(char: string): void {
    if (fieldOversized || oversizedRecord) return;
    if (fieldLength + 1 > maxCellChars) {
      fieldOversized = true;
      return;
    }
    field += char;
    fieldLength += 1;
  }

  function endField(): void {
    if (fieldOversized) oversizedCells.push(cellCount);
    recordChars += fieldLength;
    if (recordChars > maxRecordChars) oversizedRecord = true;
    if (cells.length < maxCells && !oversizedRecord) cells.push(field);
    cellCount++;
    field = '';
    fieldLength = 0;
    fieldOversized = false;
  }

  function endRecord(unterminatedQuote: boolean): void {
    out.push({
      line: recordLine,
      cells,
      cellCount,
      oversizedCells,
      oversizedRecord,
      unterminatedQuote,
      blank: cellCount === 1 && !sawQuote && cells[0] === '',
    });
    cells = [];
    cellCount = 0;
    recordChars = 0;
    oversizedCells = [];
    oversizedRecord = false;
    sawQuote = false;
  }

  function newline(code: number): void {
    line++;
    recordLine = line;
    skipLf = code === CR;
  }

  function push(text: string): RawRecord[] {
    out = [];
    const length = text.length;
    let start = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (skipLf) {
        skipLf = false;
        if (code === LF) continue;
      }
      switch (state) {
        case State.FieldStart:
          if (code === QUOTE) {
            state = State.Quoted;
            sawQuote = true;
            start = i + 1;
          } else if (code === delimiter) {
            endField();
          } else if (code === CR || code === LF) {
            endField();
            endRecord(false);
            newline(code);
          } else {
            state = State.Unquoted;
            start = i;
          }
          break;
        case State.Unquoted:
          if (code === delimiter) {
            append(text, start, i);
            endField();
            state = State.FieldStart;
          } else if (code === CR || code === LF) {
            append(text, start, i);
            endField();
            endRecord(false);
            newline(code);
            state = State.FieldStart;
          }
          break;
        case State.Quoted:
          if (code === QUOTE) {
            append(text, start, i);
            state = State.QuoteInQuoted;
          } else if (code === CR) {
            line++;
            crInQuote = true;
          } else if (code === LF) {
            if (!crInQuote) line++;
            crInQuote = false;
          } else {
            crInQuote = false;
          }
          break;
        case State.QuoteInQuoted:
          crInQuote = false;
          if (code === QUOTE) {
            // An escaped quote: keep one and stay inside the quotes.
            appendChar('"');
            state = State.Quoted;
            start = i + 1;
          } else if (code === delimiter) {
            endField();
            state = State.FieldStart;
          } else if (code === CR || code === LF) {
            endField();
            endRecord(false);
            newline(code);
            state = State.FieldStart;
          } else {
            state = State.Unquoted;
            start = i;
          }
          break;
      }
    }
    if (state === State.Unquoted || state === State.Quoted) append(text, start, length);
    return out;
  }

  function end(): RawRecord[] {
    out = [];
    if (state === State.Quoted) {
      endField();
      endRecord(true);
    } else if (state !== State.FieldStart || cellCount > 0) {
      endField();
      endRecord(false);
    }
    state = State.FieldStart;
    return out;
  }

  return { push, end };
}
