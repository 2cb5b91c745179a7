/**
 * Search snippets arrive as HTML-escaped text whose matches are wrapped in
 * `<mark></mark>` (PostgreSQL and Elasticsearch alike). They are parsed into
 * plain text runs here and rendered by React as text, never as HTML, so a
 * record that contains markup shows that markup as characters.
 */

export interface SnippetPart {
  text: string;
  marked: boolean;
}

const entity = /&(#\d{1,7}|#x[0-9a-f]{1,6}|amp|lt|gt|quot|apos|nbsp);/gi;
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Undoes the server's HTML escaping; the result is only ever rendered as text. */
export function decodeEntities(text: string): string {
  return text.replace(entity, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in named) return named[lower] ?? whole;
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * "<mark>Ada</mark> Lovelace &amp; co" → [{ text: 'Ada', marked: true }, { text: ' Lovelace & co', marked: false }].
 * Unbalanced or nested markers are tolerated: a stray closing marker is dropped, an unclosed one runs to the end.
 */
export function parseSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  for (const piece of snippet.split(/(<mark>|<\/mark>)/i)) {
    const lower = piece.toLowerCase();
    if (lower === '<mark>') marked = true;
    else if (lower === '</mark>') marked = false;
    else if (piece !== '') {
      const text = decodeEntities(piece);
      const last = parts[parts.length - 1];
      if (last && last.marked === marked) last.text += text;
      else parts.push({ text, marked });
    }
  }
  return parts;
}

function slice(parts: readonly SnippetPart[], from: number, to: number): SnippetPart[] {
  const out: SnippetPart[] = [];
  let offset = 0;
  for (const part of parts) {
    const start = Math.max(from - offset, 0);
    const end = Math.min(to - offset, part.text.length);
    if (end > start) out.push({ text: part.text.slice(start, end), marked: part.marked });
    offset += part.text.length;
  }
  return out;
}

/**
 * Splits a snippet that begins with the record's title ("Ada Lovelace · ada@… · CTO") into the
 * highlighted title and the rest, so the title is shown once, with its matches marked.
 */
export function splitTitle(title: string, snippet: string): { title: SnippetPart[]; detail: SnippetPart[] } {
  const parts = parseSnippet(snippet);
  const plain = parts.map((p) => p.text).join('');
  if (title === '' || !plain.startsWith(title)) return { title: [{ text: title, marked: false }], detail: parts };
  const rest = plain.slice(title.length);
  const skip = /^\s*(·\s*)?/.exec(rest)?.[0].length ?? 0;
  return { title: slice(parts, 0, title.length), detail: slice(parts, title.length + skip, plain.length) };
}
