import type { IndexAnalysis, Token } from './fake-elasticsearch-analysis';
import { EsError, isRecord, show, type Json } from './fake-elasticsearch-errors';
import { matchTerm, type DocView, type QueryTerm } from './fake-elasticsearch-query';

/**
 * Highlighting as the unified highlighter answers it: the tokens of a field
 * that a query term matches are wrapped in the pre and post tags, the text
 * between them passes through the encoder, and one fragment of about
 * `fragment_size` characters is cut around the first match. Not modelled:
 * sentence-aware fragment scoring and more than one fragment per value.
 */

const highlightOptions = ['pre_tags', 'post_tags', 'encoder', 'fragment_size', 'number_of_fragments', 'require_field_match', 'no_match_size', 'type', 'order'];

export interface HighlightRequest {
  fields: Array<{ name: string; options: Record<string, Json> }>;
  options: Record<string, Json>;
  /** Present when the request names a `highlight_query`; the main query's terms are used otherwise. */
  query: Json | undefined;
}

export function parseHighlight(highlight: Json | undefined): HighlightRequest | undefined {
  if (highlight === undefined) return undefined;
  if (!isRecord(highlight)) throw new EsError(400, 'parsing_exception', '[highlight] must be an object');
  const { fields, highlight_query: query, ...options } = highlight;
  for (const key of Object.keys(options)) {
    if (!highlightOptions.includes(key)) throw new EsError(400, 'parsing_exception', `[highlight] unknown field [${key}] (or not implemented by the fake)`);
  }
  const list: HighlightRequest['fields'] = [];
  const add = (name: string, fieldOptions: Json): void => {
    if (!isRecord(fieldOptions)) throw new EsError(400, 'parsing_exception', `[highlight] field [${name}] must be an object`);
    for (const key of Object.keys(fieldOptions)) {
      if (!highlightOptions.includes(key)) throw new EsError(400, 'parsing_exception', `[highlight_field] unknown field [${key}] (or not implemented by the fake)`);
    }
    list.push({ name, options: fieldOptions });
  };
  if (Array.isArray(fields)) {
    for (const entry of fields) if (isRecord(entry)) for (const [name, fieldOptions] of Object.entries(entry)) add(name, fieldOptions);
  } else if (isRecord(fields)) {
    for (const [name, fieldOptions] of Object.entries(fields)) add(name, fieldOptions);
  } else {
    throw new EsError(400, 'parsing_exception', '[highlight] requires [fields]');
  }
  return { fields: list, options, query };
}

/** Lucene's SimpleHTMLEncoder, which `encoder: html` selects. */
function encodeHtml(text: string): string {
  return text.replace(/["&<>'/]/gu, (char) => ({ '"': '&quot;', '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#x27;', '/': '&#x2F;' })[char] ?? char);
}

function spansOf(tokens: readonly Token[], terms: readonly QueryTerm[]): Array<[number, number]> {
  const spans = tokens
    .filter((token) => terms.some((term) => matchTerm(term.matcher, token.term) > 0))
    .map((token): [number, number] => [token.start, token.end])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

function fragmentWindow(text: string, firstMatch: number, size: number): [number, number] {
  if (text.length <= size) return [0, text.length];
  let start = Math.max(0, Math.min(firstMatch - Math.floor(size / 4), text.length - size));
  while (start > 0 && !/\s/u.test(text[start - 1] ?? ' ')) start -= 1;
  let end = Math.min(text.length, start + size);
  while (end < text.length && !/\s/u.test(text[end] ?? ' ')) end += 1;
  return [start, end];
}

function render(text: string, spans: ReadonlyArray<[number, number]>, window: [number, number], tags: [string, string], encode: (text: string) => string): string {
  let out = '';
  let at = window[0];
  for (const [start, end] of spans) {
    if (end <= window[0] || start >= window[1]) continue;
    const from = Math.max(start, window[0]);
    const to = Math.min(end, window[1]);
    out += encode(text.slice(at, from)) + tags[0] + encode(text.slice(from, to)) + tags[1];
    at = to;
  }
  return (out + encode(text.slice(at, window[1]))).trim();
}

export function highlightDoc(view: DocView, request: HighlightRequest, terms: readonly QueryTerm[], analysis: IndexAnalysis): Record<string, string[]> | undefined {
  const result: Record<string, string[]> = {};
  for (const { name, options: fieldOptions } of request.fields) {
    const options = { ...request.options, ...fieldOptions };
    const field = analysis.field(name);
    if (!field || (field.type !== 'text' && field.type !== 'keyword')) continue;
    const requireFieldMatch = options.require_field_match !== false;
    const fieldTerms = requireFieldMatch ? terms.filter((term) => term.field === name) : terms;
    const encode = options.encoder === 'html' ? encodeHtml : (text: string) => text;
    const tags: [string, string] = [
      Array.isArray(options.pre_tags) ? show(options.pre_tags[0]) : '<em>',
      Array.isArray(options.post_tags) ? show(options.post_tags[0]) : '</em>',
    ];
    const size = options.fragment_size === undefined ? 100 : Number(options.fragment_size);
    const fragments = options.number_of_fragments === undefined ? 5 : Number(options.number_of_fragments);
    const noMatchSize = options.no_match_size === undefined ? 0 : Number(options.no_match_size);

    const out: string[] = [];
    const values = view.values(field.sourcePath);
    for (const value of values) {
      const spans = spansOf(field.analyzer(value), fieldTerms);
      const first = spans[0];
      if (!first) continue;
      const window: [number, number] = fragments === 0 ? [0, value.length] : fragmentWindow(value, first[0], size);
      out.push(render(value, spans, window, tags, encode));
      if (fragments !== 0 && out.length >= fragments) break;
    }
    if (out.length === 0 && noMatchSize > 0 && values[0] !== undefined) out.push(encode(values[0].slice(0, noMatchSize)));
    if (out.length > 0) result[name] = out;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
