import { stemmer } from 'stemmer';
import { EsError, isRecord, show, type Json } from './fake-elasticsearch-errors';

/**
 * Text analysis for the fake Elasticsearch: the built-in analyzers an index
 * usually names (standard, simple, whitespace, keyword, english) and custom
 * analyzers assembled from the tokenizers and token filters declared in the
 * index settings. Close to Lucene, not identical: the standard tokenizer is an
 * approximation of Unicode word boundaries (no emoji or CJK rules).
 */

export interface Token {
  term: string;
  start: number;
  end: number;
}

export type Analyzer = (text: string) => Token[];
type Tokenizer = (text: string) => Token[];
type TokenFilter = (tokens: Token[]) => Token[];

export interface FieldInfo {
  /** `title` or a multi-field such as `title.prefix`. */
  path: string;
  /** Where the value lives in `_source`: a multi-field reads its parent's value. */
  sourcePath: string;
  type: 'text' | 'keyword' | 'date' | 'number' | 'boolean';
  analyzer: Analyzer;
  searchAnalyzer: Analyzer;
}

export interface IndexAnalysis {
  field(path: string): FieldInfo | undefined;
  /** Top-level property names, for `dynamic: strict` checks. */
  readonly topLevel: ReadonlySet<string>;
  readonly dynamic: 'strict' | 'true' | 'false';
  readonly routingRequired: boolean;
}

const englishStopWords = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

const maxTokenLength = 255;

// Letters, marks, digits and connector punctuation form words; "." and "'"
// join two word runs ("john.smith", "o'brien", "3.14"), "," joins digits.
const wordPattern = /[\p{L}\p{M}\p{N}\p{Pc}]+(?:(?:[.'’]|(?<=\p{N})[,;](?=\p{N}))[\p{L}\p{M}\p{N}\p{Pc}]+)*/gu;

function regexTokenizer(pattern: RegExp): Tokenizer {
  return (text) => {
    const tokens: Token[] = [];
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      for (let offset = 0; offset < match[0].length; offset += maxTokenLength) {
        const term = match[0].slice(offset, offset + maxTokenLength);
        tokens.push({ term, start: start + offset, end: start + offset + term.length });
      }
    }
    return tokens;
  };
}

function splitTokenizer(separator: RegExp): Tokenizer {
  return (text) => {
    const tokens: Token[] = [];
    let start = 0;
    for (const match of text.matchAll(separator)) {
      if (match.index > start) tokens.push({ term: text.slice(start, match.index), start, end: match.index });
      start = match.index + match[0].length;
      if (match[0].length === 0) start += 1;
    }
    if (start < text.length) tokens.push({ term: text.slice(start), start, end: text.length });
    return tokens;
  };
}

const builtinTokenizers: Record<string, Tokenizer> = {
  standard: regexTokenizer(wordPattern),
  whitespace: splitTokenizer(/\s+/gu),
  letter: regexTokenizer(/\p{L}+/gu),
  keyword: (text) => (text === '' ? [] : [{ term: text, start: 0, end: text.length }]),
};

const mapTerms =
  (fn: (term: string) => string): TokenFilter =>
  (tokens) =>
    tokens.map((token) => ({ ...token, term: fn(token.term) })).filter((token) => token.term !== '');

const foldings: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', ı: 'i' };

const stop =
  (words: ReadonlySet<string>): TokenFilter =>
  (tokens) =>
    tokens.filter((token) => !words.has(token.term));

const edgeNgram =
  (min: number, max: number): TokenFilter =>
  (tokens) =>
    tokens.flatMap((token) => {
      const chars = [...token.term];
      const grams: Token[] = [];
      for (let size = min; size <= Math.min(max, chars.length); size += 1) grams.push({ ...token, term: chars.slice(0, size).join('') });
      return grams;
    });

const builtinFilters: Record<string, TokenFilter> = {
  lowercase: mapTerms((term) => term.toLowerCase()),
  uppercase: mapTerms((term) => term.toUpperCase()),
  asciifolding: mapTerms((term) => [...term.normalize('NFKD').replace(/\p{M}/gu, '')].map((char) => foldings[char] ?? char).join('')),
  stop: stop(englishStopWords),
  porter_stem: mapTerms((term) => stemmer(term)),
  english_possessive: mapTerms((term) => term.replace(/['’][sS]$/u, '')),
  edge_ngram: edgeNgram(1, 2),
};

function chain(tokenizer: Tokenizer, filters: readonly TokenFilter[]): Analyzer {
  return (text) => filters.reduce((tokens, filter) => filter(tokens), tokenizer(text));
}

const builtinAnalyzers: Record<string, Analyzer> = {
  standard: chain(builtinTokenizers.standard!, [builtinFilters.lowercase!]),
  simple: chain(regexTokenizer(/\p{L}+/gu), [builtinFilters.lowercase!]),
  whitespace: chain(builtinTokenizers.whitespace!, []),
  keyword: chain(builtinTokenizers.keyword!, []),
  english: chain(builtinTokenizers.standard!, [builtinFilters.english_possessive!, builtinFilters.lowercase!, builtinFilters.stop!, builtinFilters.porter_stem!]),
};

function numberSetting(definition: Record<string, Json>, key: string, fallback: number): number {
  const value = definition[key];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new EsError(400, 'illegal_argument_exception', `[${key}] must be a non-negative integer`);
  return parsed;
}

function customTokenizer(name: string, definition: Json): Tokenizer {
  if (!isRecord(definition)) throw new EsError(400, 'illegal_argument_exception', `tokenizer [${name}] must be an object`);
  const type = definition.type;
  if (type === 'pattern') {
    const pattern = typeof definition.pattern === 'string' ? definition.pattern : String.raw`\W+`;
    try {
      return splitTokenizer(new RegExp(pattern, 'gu'));
    } catch {
      throw new EsError(400, 'illegal_argument_exception', `Invalid pattern [${pattern}] for tokenizer [${name}]`);
    }
  }
  if (typeof type === 'string' && builtinTokenizers[type]) return builtinTokenizers[type];
  throw new EsError(400, 'illegal_argument_exception', `Unknown tokenizer type [${show(type)}] for [${name}] (or not implemented by the fake)`);
}

function customFilter(name: string, definition: Json): TokenFilter {
  if (!isRecord(definition)) throw new EsError(400, 'illegal_argument_exception', `filter [${name}] must be an object`);
  const type = definition.type;
  switch (type) {
    case 'edge_ngram':
    case 'edgeNGram':
      return edgeNgram(numberSetting(definition, 'min_gram', 1), numberSetting(definition, 'max_gram', 2));
    case 'stop': {
      const words = definition.stopwords;
      if (words === undefined || words === '_english_') return stop(englishStopWords);
      if (Array.isArray(words)) return stop(new Set(words.map(String)));
      throw new EsError(400, 'illegal_argument_exception', `stopwords [${JSON.stringify(words)}] not implemented by the fake`);
    }
    case 'stemmer':
      if (definition.language === 'english' || definition.language === 'porter' || definition.name === 'english') return builtinFilters.porter_stem!;
      throw new EsError(400, 'illegal_argument_exception', `stemmer language [${show(definition.language)}] not implemented by the fake`);
    default:
      if (typeof type === 'string' && builtinFilters[type]) return builtinFilters[type];
      throw new EsError(400, 'illegal_argument_exception', `Unknown filter type [${show(type)}] for [${name}] (or not implemented by the fake)`);
  }
}

/** Reads `settings.analysis` (flat or under `settings.index`) and `mappings`, throwing as Elasticsearch would on what is wrong. */
export function buildIndexAnalysis(settings: Json, mappings: Json): IndexAnalysis {
  const settingsRoot = isRecord(settings) && isRecord(settings.index) ? settings.index : settings;
  const analysis = isRecord(settingsRoot) && isRecord(settingsRoot.analysis) ? settingsRoot.analysis : {};
  const section = (key: string): Record<string, Json> => {
    const value = analysis[key];
    return isRecord(value) ? value : {};
  };

  const tokenizers = new Map<string, Tokenizer>(Object.entries(builtinTokenizers));
  for (const [name, definition] of Object.entries(section('tokenizer'))) tokenizers.set(name, customTokenizer(name, definition));
  const filters = new Map<string, TokenFilter>(Object.entries(builtinFilters));
  for (const [name, definition] of Object.entries(section('filter'))) filters.set(name, customFilter(name, definition));
  const analyzers = new Map<string, Analyzer>(Object.entries(builtinAnalyzers));
  for (const [name, definition] of Object.entries(section('analyzer'))) {
    if (!isRecord(definition)) throw new EsError(400, 'illegal_argument_exception', `analyzer [${name}] must be an object`);
    if (definition.type !== undefined && definition.type !== 'custom') {
      const builtin = typeof definition.type === 'string' ? builtinAnalyzers[definition.type] : undefined;
      if (!builtin) throw new EsError(400, 'illegal_argument_exception', `Unknown analyzer type [${show(definition.type)}] for [${name}]`);
      analyzers.set(name, builtin);
      continue;
    }
    const tokenizerName = definition.tokenizer;
    const tokenizer = typeof tokenizerName === 'string' ? tokenizers.get(tokenizerName) : undefined;
    if (!tokenizer) throw new EsError(400, 'illegal_argument_exception', `Custom Analyzer [${name}] failed to find tokenizer under name [${show(tokenizerName)}]`);
    const filterNames = definition.filter === undefined ? [] : Array.isArray(definition.filter) ? definition.filter : [definition.filter];
    const chainFilters = filterNames.map((filterName) => {
      const filter = typeof filterName === 'string' ? filters.get(filterName) : undefined;
      if (!filter) throw new EsError(400, 'illegal_argument_exception', `Custom Analyzer [${name}] failed to find filter under name [${show(filterName)}]`);
      return filter;
    });
    analyzers.set(name, chain(tokenizer, chainFilters));
  }

  const analyzerNamed = (name: Json | undefined, field: string): Analyzer | undefined => {
    if (name === undefined) return undefined;
    const analyzer = typeof name === 'string' ? analyzers.get(name) : undefined;
    if (!analyzer) throw new EsError(400, 'mapper_parsing_exception', `analyzer [${show(name)}] has not been configured in mappings`, `field [${field}]`);
    return analyzer;
  };

  const fields = new Map<string, FieldInfo>();
  const mappingRoot = isRecord(mappings) ? mappings : {};
  const addField = (path: string, sourcePath: string, definition: Json): void => {
    if (!isRecord(definition)) throw new EsError(400, 'mapper_parsing_exception', `Expected map for property [fields] on field [${path}]`);
    const type = definition.type ?? (isRecord(definition.properties) ? 'object' : undefined);
    if (type === 'object') {
      throw new EsError(400, 'mapper_parsing_exception', `object field [${path}] is not implemented by the fake`);
    }
    const known: Record<string, FieldInfo['type']> = {
      text: 'text',
      keyword: 'keyword',
      date: 'date',
      long: 'number',
      integer: 'number',
      float: 'number',
      double: 'number',
      boolean: 'boolean',
    };
    const kind = typeof type === 'string' ? known[type] : undefined;
    if (!kind) throw new EsError(400, 'mapper_parsing_exception', `No handler for type [${show(type)}] declared on field [${path}] (or not implemented by the fake)`);
    const analyzer = kind === 'text' ? (analyzerNamed(definition.analyzer, path) ?? builtinAnalyzers.standard!) : builtinAnalyzers.keyword!;
    const searchAnalyzer = kind === 'text' ? (analyzerNamed(definition.search_analyzer, path) ?? analyzer) : analyzer;
    if (definition.search_analyzer !== undefined && definition.analyzer === undefined) {
      throw new EsError(400, 'mapper_parsing_exception', `analyzer on field [${path}] must be set when search_analyzer is set`);
    }
    fields.set(path, { path, sourcePath, type: kind, analyzer, searchAnalyzer });
    if (definition.fields !== undefined) {
      if (!isRecord(definition.fields)) throw new EsError(400, 'mapper_parsing_exception', `Expected map for property [fields] on field [${path}]`);
      for (const [sub, subDefinition] of Object.entries(definition.fields)) addField(`${path}.${sub}`, sourcePath, subDefinition);
    }
  };
  const properties = isRecord(mappingRoot.properties) ? mappingRoot.properties : {};
  for (const [name, definition] of Object.entries(properties)) addField(name, name, definition);

  const dynamic = show(mappingRoot.dynamic ?? 'true');
  if (dynamic !== 'strict' && dynamic !== 'true' && dynamic !== 'false') {
    throw new EsError(400, 'mapper_parsing_exception', `dynamic [${dynamic}] is not implemented by the fake`);
  }
  const routing = mappingRoot._routing;
  // Dynamic mapping as Elasticsearch does it for a string: text with a `.keyword` sub-field.
  const dynamicField = (path: string): FieldInfo =>
    path.endsWith('.keyword')
      ? { path, sourcePath: path.slice(0, -'.keyword'.length), type: 'keyword', analyzer: builtinAnalyzers.keyword!, searchAnalyzer: builtinAnalyzers.keyword! }
      : { path, sourcePath: path, type: 'text', analyzer: builtinAnalyzers.standard!, searchAnalyzer: builtinAnalyzers.standard! };
  return {
    field: (path) => fields.get(path) ?? (dynamic === 'true' ? dynamicField(path) : undefined),
    topLevel: new Set(Object.keys(properties)),
    dynamic,
    routingRequired: isRecord(routing) && routing.required === true,
  };
}
