import type { ObjectName } from '@nexus/crm-core';
import { importFields, type ImportCustomField, type ImportField } from './field-catalog';
import { headerScore, normaliseHeader, normaliseText, type NormalisedHeader, type NormalisedText } from './internal/similarity';
import { layoutNames, layouts, type LayoutName, type LayoutTable } from './layouts';

/** A column maps to a field only at or above this confidence; below, it is left for the user. */
export const defaultMappingThreshold = 0.7;

/** `{ "<file header>": "<field path>" | null }`, the shape the import API takes. */
export type ColumnMapping = Record<string, string | null>;

export interface MappingSuggestion {
  mapping: ColumnMapping;
  /** 0 to 1 per header: 1 for a known layout's column or an exact field name, 0 when unmapped. */
  confidence: Record<string, number>;
  layout: LayoutName | null;
}

export interface SuggestMappingOptions {
  customFields?: readonly ImportCustomField[];
  threshold?: number;
}

const compact = (header: string) => normaliseText(header).compact;

function layoutTarget(table: LayoutTable, header: string): string | null | undefined {
  const key = compact(header);
  for (const [column, target] of Object.entries(table.columns)) if (compact(column) === key) return target;
  for (const [pattern, target] of table.patterns ?? []) if (pattern.test(key)) return target;
  return undefined;
}

/**
 * The layout most of whose distinctive columns are present. Needs two of
 * them, or one when most headers are the layout's own, so a plain
 * "First Name, Last Name, Email" file is not claimed by any product.
 */
export function detectLayout(headers: readonly string[], object: ObjectName): LayoutName | null {
  let best: LayoutName | null = null;
  let bestScore = 0;
  for (const name of layoutNames) {
    const table = layouts[name][object];
    if (!table) continue;
    const signature = new Set(table.signature.map(compact));
    const matched = headers.filter((h) => layoutTarget(table, h) !== undefined).length;
    const distinctive = headers.filter((h) => signature.has(compact(h))).length;
    const fits = distinctive >= 2 || (distinctive >= 1 && matched >= Math.max(2, headers.length * 0.6));
    const score = distinctive * 2 + matched;
    if (fits && score > bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best;
}

interface Candidate {
  header: string;
  index: number;
  field: ImportField;
  score: number;
}

function fieldWordings(field: ImportField): NormalisedText[] {
  return [field.label, ...field.synonyms].map(normaliseText);
}

function bestScore(header: string, normalised: NormalisedHeader, field: ImportField, wordings: NormalisedText[]): number {
  if (header.trim().toLowerCase() === field.path.toLowerCase()) return 1;
  // A custom field named exactly by its label or key is what the user created it for.
  const exactCustom = field.target === 'custom' && wordings.some((w) => w.compact === normalised.compact);
  if (exactCustom) return 1;
  let best = 0;
  for (const wording of wordings) best = Math.max(best, headerScore(normalised, wording));
  return best;
}

/**
 * Suggests which field each column of a file fills. A recognised export
 * layout (HubSpot, Salesforce, Pipedrive, Google Contacts, Outlook, LinkedIn,
 * our vCard reader) maps its known columns with certainty; every other
 * column is matched by name — exact field names ("address.city", as our own
 * export writes), then synonyms, qualifiers set aside ("Work Email 2"), then
 * loose word overlap and typos — and left unmapped below `threshold`.
 * Several columns may feed emails, phones and tags; any other field takes the
 * best-scoring column only.
 *
 * @example
 * suggestMapping(['E-mail', 'Vorname', 'Company'], 'contacts').mapping;
 * // { 'E-mail': 'emails', Vorname: 'firstName', Company: 'companyName' }
 */
export function suggestMapping(headers: readonly string[], object: ObjectName, options: SuggestMappingOptions = {}): MappingSuggestion {
  const threshold = options.threshold ?? defaultMappingThreshold;
  const fields = importFields(object, options.customFields);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const layout = detectLayout(headers, object);
  const table = layout ? layouts[layout][object] : undefined;

  const mapping: ColumnMapping = {};
  const confidence: Record<string, number> = {};
  const taken = new Set<string>();
  const open: { header: string; index: number; customOnly: boolean }[] = [];

  headers.forEach((header, index) => {
    mapping[header] = null;
    confidence[header] = 0;
    const target = table ? layoutTarget(table, header) : undefined;
    const field = target ? byPath.get(target) : undefined;
    if (field && (field.multi || !taken.has(field.path))) {
      mapping[header] = field.path;
      confidence[header] = 1;
      taken.add(field.path);
      return;
    }
    // A column the layout knows and skips may still fill a custom field made for it.
    open.push({ header, index, customOnly: target === null || field !== undefined });
  });

  const wordings = new Map(fields.map((f) => [f.path, fieldWordings(f)]));
  const candidates: Candidate[] = [];
  for (const { header, index, customOnly } of open) {
    const normalised = normaliseHeader(header, object);
    for (const field of fields) {
      if (customOnly && field.target !== 'custom') continue;
      const score = bestScore(header, normalised, field, wordings.get(field.path) ?? []);
      if (score >= (customOnly ? 0.95 : threshold)) candidates.push({ header, index, field, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  for (const { header, field, score } of candidates) {
    if (mapping[header] !== null) continue;
    if (!field.multi && taken.has(field.path)) continue;
    mapping[header] = field.path;
    confidence[header] = Math.round(score * 100) / 100;
    taken.add(field.path);
  }
  return { mapping, confidence, layout };
}
