export interface TextLine {
  /** 1-based physical line number. */
  line: number;
  text: string;
  /** The line was longer than the cap and was cut. */
  truncated: boolean;
}

/**
 * Splits streamed text into physical lines (CRLF, LF or CR) without ever
 * holding more than one line, itself capped at `maxLineChars`.
 */
export async function* textLines(chunks: AsyncIterable<string>, maxLineChars: number): AsyncGenerator<TextLine> {
  let line = 1;
  let current = '';
  let truncated = false;
  let skipLf = false;
  const add = (text: string) => {
    if (truncated || text.length === 0) return;
    if (current.length + text.length > maxLineChars) {
      current += text.slice(0, maxLineChars - current.length);
      truncated = true;
    } else {
      current += text;
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (skipLf) {
        skipLf = false;
        if (code === 10) {
          start = i + 1;
          continue;
        }
      }
      if (code === 10 || code === 13) {
        add(chunk.slice(start, i));
        yield { line, text: current, truncated };
        line++;
        current = '';
        truncated = false;
        skipLf = code === 13;
        start = i + 1;
      }
    }
    add(chunk.slice(start));
  }
  if (current.length > 0 || truncated) yield { line, text: current, truncated };
}
