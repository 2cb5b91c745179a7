import type { ObjectName } from '@nexus/crm-core';
import type { RowIssue } from '../import-source';
import type { ImportCustomField, ImportField } from '../mapping/field-catalog';
import type { ColumnMapping } from '../mapping/suggest-mapping';
import { assertValidMapping } from '../mapping/validate-mapping';
import { restoreNeutralisedCell } from '../export/csv-injection';
import { parseDate, parseDateTime, type DateOrder, type Parsed } from './parse-dates';
import {
  currencyDigits,
  parseBoolean,
  parseCurrency,
  parseDecimal,
  parseDomain,
  parseEmail,
  parseEmails,
  parseEnum,
  parseEnumList,
  parseNumber,
  parsePhone,
  parsePhones,
  parseSocial,
  parseTags,
  parseText,
  parseUrl,
  parseUuid,
  parseUuids,
} from './internal/parse-values';
import { splitName } from './internal/split-name';

/** The create/update body for CRM Core: `{ firstName, emails: [...], address: {...}, customFields: {...} }`. */
export type RecordInput = Record<string, unknown>;

/**
 * Names and emails a row refers to, for the import to resolve to ids
 * (upserting a company by name, finding the owner among members). Never part
 * of the body: CRM Core takes ids.
 */
export interface RowLookups {
  companyName?: string;
  companyDomain?: string;
  contactEmails?: string[];
  dealName?: string;
  stageName?: string;
  pipelineName?: string;
  owner?: string;
  assignee?: string;
}

export type ConversionResult =
  | { status: 'ok'; input: RecordInput; lookups: RowLookups; note?: string }
  | { status: 'invalid'; issues: RowIssue[] };

export interface RowConverterOptions {
  object: ObjectName;
  mapping: ColumnMapping;
  customFields?: readonly ImportCustomField[];
  /** How 03/04/2024 reads; unambiguous dates (25/04/2024) read right either way. Default month first. */
  dateOrder?: DateOrder;
}

type Value = string | number | boolean | string[];

const listKinds = new Set(['emails', 'phones', 'tags', 'uuids', 'enumList']);

function parseValue(text: string, field: ImportField, dateOrder: DateOrder): Parsed<Value> {
  switch (field.value) {
    case 'text':
    case 'fullName':
      return parseText(text, field.maxLength);
    case 'email':
      return parseEmail(text);
    case 'phone':
      return parsePhone(text);
    case 'emails':
      return parseEmails(text);
    case 'phones':
      return parsePhones(text);
    case 'tags':
      return parseTags(text);
    case 'uuid':
      return parseUuid(text);
    case 'uuids':
      return parseUuids(text);
    case 'decimal': {
      const parsed = parseDecimal(text);
      return parsed.ok ? { ok: true, value: parsed.value.decimal } : parsed;
    }
    case 'number':
      return parseNumber(text);
    case 'currency':
      return parseCurrency(text);
    case 'date':
      return parseDate(text, dateOrder);
    case 'datetime':
      return parseDateTime(text, dateOrder);
    case 'boolean':
      return parseBoolean(text);
    case 'url':
      return parseUrl(text);
    case 'domain':
      return parseDomain(text);
    case 'social':
      return parseSocial(text, field.platform ?? 'linkedin');
    case 'enum':
      return parseEnum(text, field.options ?? []);
    case 'enumList':
      return parseEnumList(text, field.options ?? []);
  }
}

/**
 * A cell as typed: trimmed, our export's formula guard removed ("'+1 555"
 * reads "+1 555"), and Excel's `="00123"` text trick unwrapped.
 */
export function cleanCell(raw: string): string {
  const text = restoreNeutralisedCell(raw).trim();
  const excelText = /^="(.*)"$/s.exec(text);
  return excelText ? (excelText[1] ?? '') : text;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const dot = path.indexOf('.');
  if (dot < 0) {
    target[path] = value;
    return;
  }
  const head = path.slice(0, dot);
  const nested = (target[head] ??= {}) as Record<string, unknown>;
  nested[path.slice(dot + 1)] = value;
}

function mergeList(existing: unknown, add: string[], caseInsensitive: boolean): string[] {
  const list = Array.isArray(existing) ? (existing as string[]) : [];
  const seen = new Set(list.map((v) => (caseInsensitive ? v.toLowerCase() : v)));
  for (const value of add) {
    const key = caseInsensitive ? value.toLowerCase() : value;
    if (!seen.has(key)) {
      seen.add(key);
      list.push(value);
    }
  }
  return list;
}

function requiredIssue(object: ObjectName, input: RecordInput): RowIssue | undefined {
  const has = (key: string) => input[key] !== undefined;
  if (has('externalId')) return undefined;
  switch (object) {
    case 'contacts':
      return has('firstName') || has('lastName') || has('emails') ? undefined : { code: 'missing_required', field: 'firstName', message: 'A contact needs a first name, a last name or an email' };
    case 'companies':
      return has('name') ? undefined : { code: 'missing_required', field: 'name', message: 'A company needs a name' };
    case 'deals':
      return has('name') ? undefined : { code: 'missing_required', field: 'name', message: 'A deal needs a name' };
    case 'activities':
      return has('type') ? undefined : { code: 'missing_required', field: 'type', message: 'An activity needs a type (note, task, call, meeting or email)' };
  }
}

/**
 * Compiles a mapping once and returns the per-row converter the import runs
 * on every row: cells become the CRM Core create/update body plus lookups,
 * or an invalid result whose issues name each bad cell. Never throws for a
 * row; throws a 400 AppError up front if the mapping itself is invalid.
 * Empty cells are left out of the body, so an update never blanks a stored
 * value because a column was empty.
 *
 * @example
 * const convert = createRowConverter({ object: 'contacts', mapping, customFields });
 * for await (const row of source.rows) if (row.status === 'ok') batch.push(convert(row));
 */
export function createRowConverter(options: RowConverterOptions): (row: { cells: Record<string, string> }) => ConversionResult {
  const { object } = options;
  const dateOrder = options.dateOrder ?? 'mdy';
  const columns = assertValidMapping(options.mapping, object, options.customFields ?? []);

  return (row) => {
    const input: RecordInput = {};
    const lookups: Record<string, unknown> = {};
    const issues: RowIssue[] = [];
    let fullName: string | undefined;
    let note: string | undefined;
    let amountCurrency: string | undefined;

    for (const { header, field } of columns) {
      const text = cleanCell(row.cells[header] ?? '');
      if (text === '') continue;
      let parsed: Parsed<Value>;
      if (field.value === 'decimal') {
        const decimal = parseDecimal(text);
        parsed = decimal.ok ? { ok: true, value: decimal.value.decimal } : decimal;
        if (decimal.ok && field.path === 'amount') amountCurrency = decimal.value.currency;
      } else {
        parsed = parseValue(text, field, dateOrder);
      }
      if (!parsed.ok) {
        issues.push({ code: 'invalid_value', column: header, field: field.path, message: `${field.label} (column "${header}"): ${parsed.message}` });
        continue;
      }
      const value = parsed.value;
      // A cell of separators only (";") holds no value.
      if (Array.isArray(value) && value.length === 0) continue;
      switch (field.target) {
        case 'virtual':
          if (field.path === 'fullName') fullName = String(value);
          else if (field.path === 'note') note = note === undefined ? String(value) : `${note}\n\n${String(value)}`;
          break;
        case 'lookup':
          lookups[field.path] = Array.isArray(value) ? mergeList(lookups[field.path], value, true) : value;
          break;
        case 'custom': {
          const customFields = (input.customFields ??= {}) as Record<string, unknown>;
          customFields[field.path.slice('customFields.'.length)] = value;
          break;
        }
        case 'field':
          if (listKinds.has(field.value) && Array.isArray(value)) {
            const existing = field.path.includes('.') ? undefined : input[field.path];
            setPath(input, field.path, mergeList(existing, value, field.value === 'emails'));
          } else {
            setPath(input, field.path, value);
          }
          break;
      }
    }

    if (fullName !== undefined && input.firstName === undefined && input.lastName === undefined) {
      const { firstName, lastName } = splitName(fullName);
      if (firstName) input.firstName = firstName.slice(0, 200);
      if (lastName) input.lastName = lastName.slice(0, 200);
    }
    if (object === 'activities' && input.type === undefined && (input.subject !== undefined || input.body !== undefined)) {
      // A notes file often has no type column: its rows are notes.
      input.type = 'note';
    }
    if (object === 'deals' && amountCurrency !== undefined) {
      const currency = typeof input.currency === 'string' ? input.currency : undefined;
      if (currency === undefined) input.currency = amountCurrency;
      else if (currency !== amountCurrency) {
        issues.push({ code: 'invalid_value', field: 'amount', message: `The amount is in ${amountCurrency} but the currency column says ${currency}` });
      }
    }
    if (object === 'deals' && typeof input.amount === 'string' && typeof input.currency === 'string') {
      const decimals = input.amount.split('.')[1]?.length ?? 0;
      const allowed = currencyDigits(input.currency);
      if (decimals > allowed && /[1-9]/.test(input.amount.split('.')[1]?.slice(allowed) ?? '')) {
        issues.push({ code: 'invalid_value', field: 'amount', message: `The amount ${input.amount} has more decimal places than ${input.currency} allows (${allowed})` });
      }
    }

    if (issues.length > 0) return { status: 'invalid', issues };
    if (Object.keys(input).length === 0 && Object.keys(lookups).length === 0 && note === undefined) {
      return { status: 'invalid', issues: [{ code: 'no_values', message: 'The row has no values in the mapped columns' }] };
    }
    const missing = requiredIssue(object, input);
    if (missing) return { status: 'invalid', issues: [missing] };
    return { status: 'ok', input, lookups, ...(note !== undefined ? { note } : {}) };
  };
}

/**
 * Converts one row. Compiles the mapping on every call: an import of many
 * rows uses `createRowConverter` once instead.
 *
 * @example
 * toRecordInput({ cells: { Email: 'JANE@X.COM' } }, { Email: 'emails' }, 'contacts');
 * // { status: 'ok', input: { emails: ['jane@x.com'] }, lookups: {} }
 */
export function toRecordInput(
  row: { cells: Record<string, string> },
  mapping: ColumnMapping,
  object: ObjectName,
  options: Omit<RowConverterOptions, 'object' | 'mapping'> = {},
): ConversionResult {
  return createRowConverter({ ...options, object, mapping })(row);
}
