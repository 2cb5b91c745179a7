import type { FieldInfo, IndexAnalysis, Token } from './fake-elasticsearch-analysis';
import { EsError, isRecord, show, type Json } from './fake-elasticsearch-errors';

/**
 * The subset of the query DSL the fake evaluates: bool (filter, must, should,
 * must_not, minimum_should_match), term, terms, prefix, match, multi_match
 * (best_fields, most_fields, bool_prefix; operator, fuzziness, boosts,
 * tie_breaker), match_all and match_none. Anything else is refused with the
 * 400 Elasticsearch gives for a malformed query, so a query the fake cannot
 * judge never passes silently.
 *
 * Scores are simple but keep Elasticsearch's shape: a matched term is worth 1
 * (less for a fuzzy match, by edit distance), times the field and query boosts;
 * best_fields takes the best field, bool sums its scoring clauses.
 */

export interface StoredDoc {
  id: string;
  routing: string | undefined;
  source: Record<string, Json>;
  version: number;
  seqNo: number;
}

export type TermMatcher =
  | { kind: 'exact'; term: string }
  | { kind: 'prefix'; term: string }
  | { kind: 'fuzzy'; term: string; maxEdits: number; prefixLength: number; transpositions: boolean };

/** A term the query looks for in one field, for highlighting. */
export interface QueryTerm {
  field: string;
  matcher: TermMatcher;
}

export interface DocView {
  doc: StoredDoc;
  values(sourcePath: string): string[];
  tokens(field: FieldInfo): Token[];
}

export interface CompiledQuery {
  /** The score of a matching document, undefined when it does not match. */
  score(view: DocView): number | undefined;
  terms: QueryTerm[];
}

export function viewOf(doc: StoredDoc): DocView {
  const cache = new Map<string, Token[]>();
  const values = (sourcePath: string): string[] => flatten(doc.source[sourcePath]);
  return {
    doc,
    values,
    tokens(field) {
      let tokens = cache.get(field.path);
      if (!tokens) {
        tokens = values(field.sourcePath).flatMap((value) => field.analyzer(value));
        cache.set(field.path, tokens);
      }
      return tokens;
    },
  };
}

function flatten(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((each) => flatten(each));
  if (typeof value === 'object') return [];
  return [String(value)];
}

// ---- term matching ------------------------------------------------------------

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions, as Lucene's fuzzy queries count by default. */
export function editDistance(a: readonly string[], b: readonly string[], transpositions: boolean): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/** How well one indexed term satisfies a matcher: 0 when it does not. */
export function matchTerm(matcher: TermMatcher, candidate: string): number {
  switch (matcher.kind) {
    case 'exact':
      return candidate === matcher.term ? 1 : 0;
    case 'prefix':
      return candidate.startsWith(matcher.term) ? 1 : 0;
    case 'fuzzy': {
      if (candidate === matcher.term) return 1;
      if (matcher.maxEdits === 0) return 0;
      const query = [...matcher.term];
      const chars = [...candidate];
      if (query.slice(0, matcher.prefixLength).join('') !== chars.slice(0, matcher.prefixLength).join('')) return 0;
      if (Math.abs(query.length - chars.length) > matcher.maxEdits) return 0;
      const distance = editDistance(query, chars, matcher.transpositions);
      if (distance > matcher.maxEdits) return 0;
      return Math.max(0.1, 1 - distance / Math.max(1, Math.min(query.length, chars.length)));
    }
  }
}

/** Elasticsearch's fuzziness: 0, 1, 2, or AUTO[:low,high] (defaults 3 and 6), measured on the query term. */
function maxEditsFor(fuzziness: Json | undefined, term: string): number {
  if (fuzziness === undefined || fuzziness === null) return 0;
  const text = show(fuzziness).toUpperCase();
  const auto = /^AUTO(?::(\d+),(\d+))?$/u.exec(text);
  if (auto) {
    const low = Number(auto[1] ?? 3);
    const high = Number(auto[2] ?? 6);
    const length = [...term].length;
    return length < low ? 0 : length < high ? 1 : 2;
  }
  const edits = Number(text);
  if (!Number.isInteger(edits) || edits < 0 || edits > 2) throw new EsError(400, 'illegal_argument_exception', `Valid edit distances are [0, 1, 2] but was [${text}]`);
  return edits;
}

// ---- compiling --------------------------------------------------------------

const alwaysMatches: CompiledQuery = { score: () => 1, terms: [] };
const neverMatches: CompiledQuery = { score: () => undefined, terms: [] };

function parseError(reason: string): EsError {
  return new EsError(400, 'parsing_exception', reason);
}

function single(container: Json, where: string): [string, Json] {
  if (!isRecord(container)) throw parseError(`[${where}] query malformed, no start_object after query name`);
  const entries = Object.entries(container);
  if (entries.length !== 1) throw parseError(`[${where}] query malformed, expected exactly one key but found [${Object.keys(container).join(', ')}]`);
  return entries[0]!;
}

function checkParams(query: string, params: Record<string, Json>, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw parseError(`[${query}] query does not support [${key}]`);
  }
}

function boostOf(params: Record<string, Json>): number {
  const boost = params.boost === undefined ? 1 : Number(params.boost);
  if (!Number.isFinite(boost) || boost < 0) throw parseError(`[boost] must be a non-negative number`);
  return boost;
}

function clauses(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function compileQuery(query: Json | undefined, analysis: IndexAnalysis): CompiledQuery {
  if (query === undefined) return alwaysMatches;
  const [name, body] = single(query, 'query');
  switch (name) {
    case 'match_all':
      return { score: () => (isRecord(body) ? boostOf(body) : 1), terms: [] };
    case 'match_none':
      return neverMatches;
    case 'bool':
      return compileBool(body, analysis);
    case 'term':
    case 'prefix':
      return compileTermLike(name, body, analysis);
    case 'terms':
      return compileTerms(body, analysis);
    case 'match':
      return compileMatch(body, analysis);
    case 'multi_match':
      return compileMultiMatch(body, analysis);
    default:
      throw parseError(`unknown query [${name}] (or not implemented by the fake)`);
  }
}

function compileBool(body: Json, analysis: IndexAnalysis): CompiledQuery {
  if (!isRecord(body)) throw parseError('[bool] query malformed');
  checkParams('bool', body, ['must', 'should', 'filter', 'must_not', 'minimum_should_match', 'boost']);
  const compile = (key: string): CompiledQuery[] => clauses(body[key]).map((clause) => compileQuery(clause, analysis));
  const must = compile('must');
  const should = compile('should');
  const filter = compile('filter');
  const mustNot = compile('must_not');
  const boost = boostOf(body);
  // Elasticsearch: with no must or filter clause at least one should clause must match; otherwise none need to.
  const minimumShould = body.minimum_should_match === undefined ? (must.length === 0 && filter.length === 0 ? Math.min(1, should.length) : 0) : minimumOf(body.minimum_should_match, should.length);
  return {
    terms: [...must, ...should, ...filter, ...mustNot].flatMap((each) => each.terms),
    score(view) {
      let total = 0;
      for (const clause of filter) if (clause.score(view) === undefined) return undefined;
      for (const clause of mustNot) if (clause.score(view) !== undefined) return undefined;
      for (const clause of must) {
        const score = clause.score(view);
        if (score === undefined) return undefined;
        total += score;
      }
      let matched = 0;
      for (const clause of should) {
        const score = clause.score(view);
        if (score === undefined) continue;
        matched += 1;
        total += score;
      }
      if (matched < minimumShould) return undefined;
      return total * boost;
    },
  };
}

/** `minimum_should_match` as an integer, a negative integer or a percentage, as Elasticsearch reads it. */
function minimumOf(value: Json, optional: number): number {
  const text = show(value).trim();
  const percent = /^(-?\d+)%$/u.exec(text);
  if (percent) {
    const share = Math.trunc((optional * Math.abs(Number(percent[1]))) / 100);
    return Number(percent[1]) < 0 ? optional - share : share;
  }
  const count = Number(text);
  if (!Number.isInteger(count)) throw parseError(`[minimum_should_match] form [${text}] is not implemented by the fake`);
  return count < 0 ? Math.max(0, optional + count) : count;
}

function fieldValues(view: DocView, field: FieldInfo): string[] {
  return field.type === 'text' ? view.tokens(field).map((token) => token.term) : view.values(field.sourcePath);
}

function compileTermLike(name: 'term' | 'prefix', body: Json, analysis: IndexAnalysis): CompiledQuery {
  const [path, spec] = single(body, name);
  const params = isRecord(spec) ? spec : { value: spec };
  checkParams(name, params, ['value', 'boost', 'case_insensitive', '_name']);
  if (params.value === undefined || params.value === null || typeof params.value === 'object') throw parseError(`[${name}] query requires a value for [${path}]`);
  const value = String(params.value);
  const caseInsensitive = params.case_insensitive === true;
  const boost = boostOf(params);
  const field = analysis.field(path);
  if (!field) return neverMatches;
  const matcher: TermMatcher = { kind: name === 'term' ? 'exact' : 'prefix', term: caseInsensitive ? value.toLowerCase() : value };
  return {
    terms: [{ field: path, matcher }],
    score: (view) => (fieldValues(view, field).some((candidate) => matchTerm(matcher, caseInsensitive ? candidate.toLowerCase() : candidate) > 0) ? boost : undefined),
  };
}

function compileTerms(body: Json, analysis: IndexAnalysis): CompiledQuery {
  if (!isRecord(body)) throw parseError('[terms] query malformed');
  const boost = boostOf(body);
  const entries = Object.entries(body).filter(([key]) => key !== 'boost' && key !== '_name');
  if (entries.length !== 1) throw parseError('[terms] query requires exactly one field');
  const [path, values] = entries[0]!;
  if (!Array.isArray(values)) throw parseError(`[terms] query does not support [${path}] (a terms lookup is not implemented by the fake)`);
  const wanted = new Set(values.map(String));
  const field = analysis.field(path);
  if (!field) return neverMatches;
  return {
    terms: [...wanted].map((term) => ({ field: path, matcher: { kind: 'exact', term } })),
    score: (view) => (fieldValues(view, field).some((candidate) => wanted.has(candidate)) ? boost : undefined),
  };
}

const textQueryParams = ['query', 'operator', 'fuzziness', 'prefix_length', 'max_expansions', 'fuzzy_transpositions', 'analyzer', 'zero_terms_query', 'lenient', 'boost', 'minimum_should_match', 'auto_generate_synonyms_phrase_query', '_name'];

interface TextOptions {
  text: string;
  and: boolean;
  fuzziness: Json | undefined;
  prefixLength: number;
  transpositions: boolean;
  zeroTermsAll: boolean;
  minimumShould: Json | undefined;
  lastIsPrefix: boolean;
}

function textOptions(query: string, params: Record<string, Json>, lastIsPrefix: boolean): TextOptions {
  if (typeof params.query !== 'string' && typeof params.query !== 'number' && typeof params.query !== 'boolean') throw parseError(`[${query}] requires query text`);
  const operator = show(params.operator ?? 'or').toLowerCase();
  if (operator !== 'and' && operator !== 'or') throw parseError(`[${query}] operator [${operator}] is not valid`);
  if (params.analyzer !== undefined) throw parseError(`[${query}] [analyzer] is not implemented by the fake`);
  return {
    text: String(params.query),
    and: operator === 'and',
    fuzziness: params.fuzziness,
    prefixLength: params.prefix_length === undefined ? 0 : Number(params.prefix_length),
    transpositions: params.fuzzy_transpositions !== false,
    zeroTermsAll: params.zero_terms_query === 'all',
    minimumShould: params.minimum_should_match,
    lastIsPrefix,
  };
}

/** One field's share of a match query: its matchers (from the field's search analyzer) and its score. */
function fieldMatch(field: FieldInfo, options: TextOptions): { matchers: TermMatcher[]; score: (view: DocView) => number | undefined } | 'zero_terms' {
  const terms = field.type === 'text' ? [...new Set(field.searchAnalyzer(options.text).map((token) => token.term))] : [options.text];
  if (terms.length === 0) return 'zero_terms';
  const matchers = terms.map((term, index): TermMatcher => {
    if (options.lastIsPrefix && index === terms.length - 1) return { kind: 'prefix', term };
    const maxEdits = maxEditsFor(options.fuzziness, term);
    return maxEdits === 0 ? { kind: 'exact', term } : { kind: 'fuzzy', term, maxEdits, prefixLength: options.prefixLength, transpositions: options.transpositions };
  });
  const required = options.and ? matchers.length : options.minimumShould === undefined ? 1 : Math.max(1, minimumOf(options.minimumShould, matchers.length));
  return {
    matchers,
    score(view) {
      const candidates = fieldValues(view, field);
      let total = 0;
      let matched = 0;
      for (const matcher of matchers) {
        let best = 0;
        for (const candidate of candidates) best = Math.max(best, matchTerm(matcher, candidate));
        if (best > 0) {
          matched += 1;
          total += best;
        }
      }
      return matched >= required ? total : undefined;
    },
  };
}

function compileMatch(body: Json, analysis: IndexAnalysis): CompiledQuery {
  const [path, spec] = single(body, 'match');
  const params = isRecord(spec) ? spec : { query: spec };
  checkParams('match', params, textQueryParams);
  const options = textOptions('match', params, false);
  const boost = boostOf(params);
  const field = analysis.field(path);
  if (!field) return neverMatches;
  const compiled = fieldMatch(field, options);
  if (compiled === 'zero_terms') return options.zeroTermsAll ? alwaysMatches : neverMatches;
  return {
    terms: compiled.matchers.map((matcher) => ({ field: path, matcher })),
    score: (view) => {
      const score = compiled.score(view);
      return score === undefined ? undefined : score * boost;
    },
  };
}

function compileMultiMatch(body: Json, analysis: IndexAnalysis): CompiledQuery {
  if (!isRecord(body)) throw parseError('[multi_match] query malformed');
  checkParams('multi_match', body, [...textQueryParams, 'fields', 'type', 'tie_breaker']);
  const type = show(body.type ?? 'best_fields');
  if (type !== 'best_fields' && type !== 'most_fields' && type !== 'bool_prefix') {
    throw parseError(`[multi_match] type [${type}] is not implemented by the fake`);
  }
  if (type === 'bool_prefix' && body.fuzziness !== undefined && body.fuzziness !== null) {
    // Elasticsearch accepts it; the fake keeps prefix and fuzzy apart to stay simple.
    throw parseError('[multi_match] fuzziness with bool_prefix is not implemented by the fake');
  }
  const options = textOptions('multi_match', body, type === 'bool_prefix');
  const boost = boostOf(body);
  const tieBreaker = body.tie_breaker === undefined ? 0 : Number(body.tie_breaker);
  const fieldSpecs = clauses(body.fields).map(String);
  if (fieldSpecs.length === 0) throw parseError('[multi_match] without [fields] (index.query.default_field) is not implemented by the fake');

  const parts: Array<{ path: string; fieldBoost: number; matchers: TermMatcher[]; score: (view: DocView) => number | undefined }> = [];
  let zeroTerms = false;
  for (const spec of fieldSpecs) {
    const [path = '', boostText] = spec.split('^');
    if (path.includes('*')) throw parseError(`[multi_match] field pattern [${path}] is not implemented by the fake`);
    const fieldBoost = boostText === undefined ? 1 : Number(boostText);
    if (!Number.isFinite(fieldBoost)) throw parseError(`[multi_match] invalid boost in [${spec}]`);
    const field = analysis.field(path);
    // Unmapped fields are skipped, as Elasticsearch does.
    if (!field) continue;
    const compiled = fieldMatch(field, options);
    if (compiled === 'zero_terms') {
      zeroTerms = true;
      continue;
    }
    parts.push({ path, fieldBoost, ...compiled });
  }
  if (parts.length === 0) return zeroTerms && options.zeroTermsAll ? alwaysMatches : neverMatches;
  return {
    terms: parts.flatMap((part) => part.matchers.map((matcher) => ({ field: part.path, matcher }))),
    score(view) {
      const scores = parts.map((part) => {
        const score = part.score(view);
        return score === undefined ? undefined : score * part.fieldBoost;
      });
      const matched = scores.filter((score): score is number => score !== undefined);
      if (matched.length === 0) return undefined;
      const sum = matched.reduce((total, score) => total + score, 0);
      if (type !== 'best_fields') return sum * boost;
      const best = Math.max(...matched);
      return (best + tieBreaker * (sum - best)) * boost;
    },
  };
}

// ---- aggregations -----------------------------------------------------------

export function runAggregations(aggs: Json | undefined, views: readonly DocView[], analysis: IndexAnalysis): Record<string, Json> | undefined {
  if (aggs === undefined) return undefined;
  if (!isRecord(aggs)) throw parseError('[aggs] must be an object');
  const result: Record<string, Json> = {};
  for (const [name, definition] of Object.entries(aggs)) {
    const [kind, params] = single(definition, `aggs.${name}`);
    if (kind !== 'terms' || !isRecord(params)) throw parseError(`aggregation [${kind}] is not implemented by the fake`);
    checkParams('terms', params, ['field', 'size']);
    const path = show(params.field);
    const size = params.size === undefined ? 10 : Number(params.size);
    const field = analysis.field(path);
    if (field?.type === 'text') {
      throw new EsError(400, 'illegal_argument_exception', `Fielddata is disabled on [${path}] in [index]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default.`);
    }
    const counts = new Map<string, number>();
    if (field) {
      for (const view of views) for (const value of new Set(view.values(field.sourcePath))) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const shown = sorted.slice(0, size);
    result[name] = {
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: sorted.slice(size).reduce((total, [, count]) => total + count, 0),
      buckets: shown.map(([key, count]) => ({ key, doc_count: count })),
    };
  }
  return result;
}
