import type { ObjectName } from '@nexus/crm-core';
import type { ImportCustomField } from '../mapping/field-catalog';

const address = ['address.street', 'address.street2', 'address.city', 'address.region', 'address.postalCode', 'address.country'];
const socialLinks = ['linkedin', 'twitter', 'facebook', 'github', 'instagram', 'youtube', 'crunchbase'].map((p) => `socialLinks.${p}`);
const system = ['ownerId', 'createdBy', 'createdAt', 'updatedAt', 'version'];

/**
 * Export columns, named by field path so the file imports back with every
 * column recognised ("address.city", "customFields.tier"). Objects are
 * spread into dotted columns; relations are lists of ids.
 */
const columnsByObject: Record<ObjectName, readonly string[]> = {
  contacts: ['id', 'externalId', 'firstName', 'lastName', 'emails', 'phones', 'title', ...address, 'lifecycleStage', 'leadSource', 'tags', 'companyId', 'companyIds', 'dealIds', ...system],
  companies: ['id', 'externalId', 'name', 'domain', 'website', 'industry', 'size', ...address, ...socialLinks, 'tags', ...system],
  deals: ['id', 'externalId', 'name', 'amount', 'currency', 'pipelineId', 'stageId', 'closeDate', 'stageChangedAt', 'companyId', 'contactIds', 'tags', ...system],
  activities: ['id', 'externalId', 'type', 'subject', 'body', 'dueAt', 'occurredAt', 'status', 'completedAt', 'assigneeId', 'contactIds', 'companyIds', 'dealIds', ...system],
};

/**
 * @example
 * exportColumns('contacts', [{ key: 'tier', label: 'Tier', type: 'text', options: null }]).at(-1); // 'customFields.tier'
 */
export function exportColumns(object: ObjectName, customFields: readonly Pick<ImportCustomField, 'key'>[] = []): string[] {
  return [...columnsByObject[object], ...customFields.map((f) => `customFields.${f.key}`)];
}

/** `address.city` of a record; a key that itself contains a dot is tried whole first. */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(record, path)) return record[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const parent = record[path.slice(0, dot)];
  if (typeof parent !== 'object' || parent === null) return undefined;
  return valueAt(parent as Record<string, unknown>, path.slice(dot + 1));
}

/** One exported value as text: lists joined with "; ", dates as ISO, nested objects as JSON. */
export function exportText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(exportText).filter((v) => v !== '').join('; ');
  return JSON.stringify(value);
}
