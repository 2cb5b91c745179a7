import { EsError, isRecord, show, type Json } from './fake-elasticsearch-errors';
import type { IndexAnalysis } from './fake-elasticsearch-analysis';

/** Document-level rules of the fake Elasticsearch: bulk action lines, index names, mapping checks and `_source` filtering. */

export function bulkAction(line: Json | undefined, lineNumber: number): [string, Record<string, Json>] {
  if (!isRecord(line)) throw new EsError(400, 'illegal_argument_exception', `Malformed action/metadata line [${lineNumber}], expected START_OBJECT`);
  const entries = Object.entries(line);
  const [action, meta] = entries[0] ?? [];
  if (entries.length !== 1 || action === undefined || !['index', 'create', 'delete', 'update'].includes(action) || !isRecord(meta)) {
    throw new EsError(400, 'illegal_argument_exception', `Malformed action/metadata line [${lineNumber}], expected one of [create, delete, index, update]`);
  }
  for (const key of Object.keys(meta)) {
    if (!['_index', '_id', 'routing'].includes(key)) throw new EsError(400, 'illegal_argument_exception', `Action/metadata line [${lineNumber}] contains an unknown parameter [${key}]`);
  }
  return [action, meta];
}

export function validateIndexName(name: string): void {
  if (name !== name.toLowerCase() || /[\\/*?"<>| ,#:]/u.test(name) || /^[-_+]/u.test(name) || name === '.' || name === '..') {
    throw new EsError(400, 'invalid_index_name_exception', `Invalid index name [${name}]`);
  }
}

export function validateSource(analysis: IndexAnalysis, id: string, source: Json | undefined): void {
  const failedToParse = (field: string, type: string, value: Json): EsError =>
    new EsError(400, 'document_parsing_exception', `[1:2] failed to parse field [${field}] of type [${type}] in document with id '${id}'. Preview of field's value: '${JSON.stringify(value)}'`);
  for (const [key, value] of Object.entries(isRecord(source) ? source : {})) {
    const field = analysis.topLevel.has(key) ? analysis.field(key) : undefined;
    if (!field) {
      if (analysis.dynamic === 'strict') {
        throw new EsError(400, 'strict_dynamic_mapping_exception', `[1:2] mapping set to strict, dynamic introduction of [${key}] within [_doc] is not allowed`);
      }
      continue;
    }
    for (const each of Array.isArray(value) ? value : [value]) {
      if (each === null) continue;
      if (typeof each === 'object') throw failedToParse(key, field.type, each);
      if (field.type === 'date' && (typeof each === 'boolean' || Number.isNaN(typeof each === 'number' ? each : Date.parse(each)))) throw failedToParse(key, 'date', each);
      if (field.type === 'number' && !Number.isFinite(Number(each))) throw failedToParse(key, 'long', each);
      if (field.type === 'boolean' && typeof each !== 'boolean' && each !== 'true' && each !== 'false') throw failedToParse(key, 'boolean', each);
    }
  }
}

export function sourceParam(query: Record<string, string>): Json | undefined {
  const value = query._source_includes ?? query._source;
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return value.split(',');
}

export function filterSource(source: Record<string, Json>, spec: Json | undefined): Record<string, Json> | undefined {
  if (spec === undefined || spec === true) return source;
  if (spec === false) return undefined;
  const toList = (value: Json | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(show) : [show(value)]);
  const includes = isRecord(spec) ? toList(spec.includes) : toList(spec);
  const excludes = isRecord(spec) ? toList(spec.excludes) : [];
  const matches = (patterns: string[], key: string): boolean =>
    patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/gu, '\\$&').replace(/\*/gu, '.*')}$`, 'u').test(key));
  return Object.fromEntries(Object.entries(source).filter(([key]) => (includes.length === 0 || matches(includes, key)) && !matches(excludes, key)));
}
