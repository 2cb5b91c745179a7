import { createHash } from 'node:crypto';
import type { SearchDocument, SearchType } from '../ports';
import { cleanText, digitsOf, fold, soundCodes, words } from './text';

type ApiRecord = Record<string, unknown>;

const maxTitle = 500;
const maxKeys = 2_000;
/** Long e-mails and notes are indexed by their first 20,000 characters. */
const maxBody = 20_000;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/** Text values of custom fields and addresses, flattened. */
function textValues(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 3 || value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) textValues(item, out, depth + 1);
  else if (typeof value === 'object') for (const item of Object.values(value)) textValues(item, out, depth + 1);
  return out;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** The words of an address or domain that people type: "jane.doe@acme.co.uk" gives jane, doe, acme, co, uk. */
function keyTerms(keys: string[]): string[] {
  return keys.flatMap((key) => words(key));
}

/** Phone numbers by their digits: the whole number, the last ten and the last seven. */
function phoneTerms(phones: string[]): string[] {
  const out = new Set<string>();
  for (const phone of phones) {
    const digits = digitsOf(phone);
    if (digits.length < 5) continue;
    out.add(digits);
    if (digits.length > 10) out.add(digits.slice(-10));
    if (digits.length > 7) out.add(digits.slice(-7));
  }
  return [...out];
}

export interface BuiltDocument extends SearchDocument {
  /** The record's version: newer documents replace older ones, never the reverse. */
  version: number;
  /** Extra lexemes for keys (split addresses, phone digits): indexed, not shown. */
  terms: string;
  /** Folded title and keys for trigram matching. */
  fuzzy: string;
  /** Sound codes of the title's words, for phonetic matching. */
  phonetic: string;
}

function parts(type: SearchType, r: ApiRecord): { title: string; keys: string[]; phones: string[]; body: string[] } {
  const custom = textValues(r.customFields);
  const tags = strings(r.tags);
  switch (type) {
    case 'contacts': {
      const emails = strings(r.emails);
      const phones = strings(r.phones);
      const name = [str(r.firstName), str(r.lastName)].filter(Boolean).join(' ');
      return {
        title: name || emails[0] || phones[0] || 'Unnamed contact',
        keys: emails,
        phones,
        body: [str(r.title), str(r.lifecycleStage), str(r.leadSource), ...tags, ...textValues(r.address), ...custom].filter((v): v is string => v !== undefined),
      };
    }
    case 'companies': {
      const domain = str(r.domain);
      const website = str(r.website);
      const host = website ? hostOf(website) : undefined;
      const keys = [domain, host && host !== domain ? host : undefined].filter((v): v is string => v !== undefined);
      return {
        title: str(r.name) ?? domain ?? 'Unnamed company',
        keys,
        phones: [],
        body: [str(r.industry), str(r.size), ...tags, ...textValues(r.address), ...custom].filter((v): v is string => v !== undefined),
      };
    }
    case 'deals':
      return {
        title: str(r.name) ?? 'Unnamed deal',
        keys: [],
        phones: [],
        body: [...tags, ...custom],
      };
    case 'activities': {
      const body = str(r.body);
      const subject = str(r.subject) ?? (body ? body.slice(0, 80) : undefined);
      return {
        title: subject ?? `${typeof r.type === 'string' ? r.type : 'activity'}`,
        keys: [],
        phones: [],
        body: [body, ...custom].filter((v): v is string => v !== undefined),
      };
    }
  }
}

/**
 * The search document of a record as the API shows it, or undefined when
 * the record is deleted (and must leave the index).
 */
export function buildDocument(workspaceId: string, type: SearchType, record: ApiRecord): BuiltDocument | undefined {
  const id = str(record.id);
  if (!id || record.deletedAt) return undefined;
  const p = parts(type, record);
  const title = cleanText(p.title, maxTitle);
  const keys = cleanText([...p.keys, ...p.phones].join(' '), maxKeys);
  const body = cleanText(p.body.join(' \u00b7 '), maxBody);
  const ownerIds = [...new Set([str(record.ownerId), str(record.assigneeId)].filter((v): v is string => v !== undefined))].sort();
  const updatedAt = str(record.updatedAt) ?? new Date(0).toISOString();
  const version = typeof record.version === 'number' && Number.isInteger(record.version) ? record.version : 0;
  const checksum = createHash('sha1').update(JSON.stringify([title, keys, body, ownerIds])).digest('hex');
  const terms = [...keyTerms(p.keys), ...phoneTerms(p.phones)].join(' ');
  return {
    workspaceId,
    type,
    id,
    title,
    keys,
    body,
    ownerIds,
    updatedAt,
    version,
    checksum,
    terms,
    fuzzy: fold(`${title} ${keys}`).slice(0, maxKeys),
    phonetic: [...new Set(words(title).flatMap(soundCodes))].join(' '),
  };
}
