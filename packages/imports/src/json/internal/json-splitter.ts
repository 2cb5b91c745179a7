/** The text of one top-level element, or why it could not be cut out. */
export type JsonElement = { line: number; text: string } | { line: number; error: string };

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LF = 10;

const isSpace = (code: number) => code === 32 || code === 10 || code === 13 || code === 9;

/**
 * Cuts a streamed JSON array into the text of its elements without parsing
 * the array as a whole: it only tracks strings, escapes and nesting depth,
 * so memory is one element (capped at `maxElementChars`), whatever the file
 * size. Each element is then parsed on its own, so one bad element is one
 * bad row.
 */
export async function* splitJsonArray(chunks: AsyncIterable<string>, maxElementChars: number): AsyncGenerator<JsonElement> {
  let line = 1;
  let started = false;
  let finished = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let elementLength = 0;
  let elementLine = 0;
  let tooLarge = false;
  let inElement = false;
  let trailing = false;

  const finish = function* (): Generator<JsonElement> {
    if (!inElement) return;
    if (tooLarge) yield { line: elementLine, error: `The record is larger than ${maxElementChars.toLocaleString('en')} characters` };
    else yield { line: elementLine, text: element };
    element = '';
    elementLength = 0;
    tooLarge = false;
    inElement = false;
  };

  for await (const chunk of chunks) {
    let start = inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code === LF) line++;
      if (finished) {
        if (!isSpace(code)) trailing = true;
        continue;
      }
      if (!started) {
        if (isSpace(code)) continue;
        if (code !== OPEN_BRACKET) throw new SyntaxError('not an array');
        started = true;
        depth = 1;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) inString = false;
        continue;
      }
      if (depth === 1 && !inElement) {
        if (isSpace(code) || code === COMMA) continue;
        if (code === CLOSE_BRACKET) {
          finished = true;
          depth = 0;
          continue;
        }
        inElement = true;
        elementLine = line;
        start = i;
      }
      if (code === QUOTE) inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
      else if (code === COMMA && depth === 1) {
        appendText(chunk.slice(start, i));
        start = -1;
        yield* finish();
        continue;
      }
      if (depth === 0) {
        // The array's closing bracket ends the last element.
        appendText(chunk.slice(start, i));
        start = -1;
        yield* finish();
        finished = true;
      }
    }
    if (start >= 0 && inElement) appendText(chunk.slice(start));
  }
  if (!started) return;
  if (!finished) {
    if (inElement) yield { line: elementLine, error: 'The file ends inside this record; it looks truncated' };
    else yield { line, error: 'The file ends before the array is closed with "]"; it looks truncated' };
  }
  if (trailing) yield { line, error: 'There is text after the end of the array' };

  function appendText(text: string): void {
    if (tooLarge) return;
    if (elementLength + text.length > maxElementChars) {
      tooLarge = true;
      element = '';
      return;
    }
    element += text;
    elementLength += text.length;
  }
}
