import type { ApiRecord, ObjectName } from '@nexus/crm-core';
import type { OnExisting } from './import-store';

/** A converted row waiting to be written. */
export interface PendingRow {
  /** Its number in file order. */
  row: number;
  /** Where it starts in the file. */
  line: number;
  cells: Record<string, string>;
  input: Record<string, unknown>;
  note?: string | undefined;
  /** Later rows of the file with the same key, folded into this one. */
  merged: PendingRow[];
}

const listFields = new Set(['emails', 'phones', 'tags', 'companyIds', 'contactIds', 'dealIds']);

/** The unique keys a row can match a stored record by: external id, then e-mail (contacts) or domain (companies). */
export function keysOf(object: ObjectName, input: Record<string, unknown>): string[] {
  const keys: string[] = [];
  if (typeof input.externalId === 'string') keys.push(`ext:${input.externalId}`);
  if (object === 'contacts' && Array.isArray(input.emails)) for (const email of input.emails as string[]) keys.push(`email:${email.toLowerCase()}`);
  if (object === 'companies' && typeof input.domain === 'string') keys.push(`domain:${input.domain.toLowerCase()}`);
  return keys;
}

export function keysOfRecord(object: ObjectName, record: ApiRecord): string[] {
  return keysOf(object, record);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function union(a: unknown, b: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  const items: unknown[] = [...(Array.isArray(a) ? (a as unknown[]) : []), ...(Array.isArray(b) ? (b as unknown[]) : [])];
  for (const item of items) {
    const key = typeof item === 'string' ? item.toLowerCase() : JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** A later row with the same key as an earlier one in the file: lists are joined, later values win. */
export function mergeInputs(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(from)) {
    if (listFields.has(name)) into[name] = union(into[name], value);
    else if ((name === 'customFields' || name === 'address') && typeof value === 'object' && value !== null) {
      into[name] = { ...(into[name] ?? {}), ...value };
    } else into[name] = value;
  }
}

export interface UpdatePlan {
  /** The body for the record service's update; empty when the row changes nothing. */
  patch: Record<string, unknown>;
  /** The changed fields as they were, for a revert. */
  before: Record<string, unknown>;
}

/**
 * What a row does to a stored record it matched:
 * - `update`: its values replace the stored ones; lists (e-mails, phones, tags, links) are joined, never shortened;
 * - `fill`: only fields that are empty are filled, lists are joined;
 * - `skip`: nothing.
 * Nothing already stored is dropped without a trace: the changed fields' old values go into the batch record that a revert reads.
 */
export function planUpdate(current: ApiRecord, input: Record<string, unknown>, mode: OnExisting): UpdatePlan {
  const patch: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  if (mode === 'skip') return { patch, before };
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const stored = current[name];
    if (name === 'customFields') {
      const storedCustom = (stored as Record<string, unknown> | null) ?? {};
      const changed: Record<string, unknown> = {};
      const was: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const old = storedCustom[key];
        if (mode === 'fill' && !isEmpty(old)) continue;
        if (JSON.stringify(old ?? null) === JSON.stringify(v)) continue;
        changed[key] = v;
        was[key] = old ?? null;
      }
      if (Object.keys(changed).length > 0) {
        patch.customFields = changed;
        before.customFields = was;
      }
      continue;
    }
    if (name === 'address') {
      const storedAddress = (stored as Record<string, unknown> | null) ?? {};
      const next = { ...storedAddress };
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (mode === 'update' || isEmpty(storedAddress[key])) next[key] = v;
      if (JSON.stringify(next) !== JSON.stringify(storedAddress)) {
        patch.address = next;
        before.address = stored ?? null;
      }
      continue;
    }
    if (listFields.has(name)) {
      const joined = union(stored, value);
      if (joined.length !== (Array.isArray(stored) ? stored.length : 0)) {
        patch[name] = joined;
        before[name] = stored ?? [];
      }
      continue;
    }
    if (mode === 'fill' && !isEmpty(stored)) continue;
    if (JSON.stringify(stored ?? null) === JSON.stringify(value)) continue;
    patch[name] = value;
    before[name] = stored ?? null;
  }
  return { patch, before };
}

/** The values of `fields` in a record, shaped as `planUpdate` records them, to tell whether a record changed since. */
export function valuesOf(record: ApiRecord, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(fields)) {
    if (name === 'customFields') {
      const custom = (record.customFields as Record<string, unknown> | null) ?? {};
      out.customFields = Object.fromEntries(Object.keys(fields.customFields as Record<string, unknown>).map((key) => [key, custom[key] ?? null]));
    } else out[name] = record[name] ?? null;
  }
  return out;
}
