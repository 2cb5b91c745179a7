export type JsonExtraction = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Reads the JSON object out of a model's answer. Models wrap JSON in code
 * fences or add a sentence around it even when told not to, so this takes
 * the inside of the first fence, if any, then the first balanced `{...}`.
 *
 * @example
 * extractJson('Sure!\n```json\n{"a": 1}\n```'); // { ok: true, value: { a: 1 } }
 */
export function extractJson(text: string): JsonExtraction {
  const fenced = /```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)```/.exec(text);
  const body = fenced?.[1] ?? text;
  const start = body.indexOf('{');
  if (start === -1) return { ok: false, error: 'The answer holds no JSON object.' };
  const end = matchingBrace(body, start);
  if (end === -1) return { ok: false, error: 'The JSON object in the answer is not closed (the answer may have been cut off).' };
  try {
    return { ok: true, value: JSON.parse(body.slice(start, end + 1)) };
  } catch (error) {
    return { ok: false, error: `The answer is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The index of the brace closing the one at `start`, skipping braces inside strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
