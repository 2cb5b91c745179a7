import { z } from 'zod';
import type { WorkspaceTx } from '@nexus/db';
import { AppError, newId } from '@nexus/platform';
import { issuesToDetails, text } from '@nexus/http';
import { amountSchema } from '../objects/record.schemas';
import type { ObjectName } from '../objects/object-specs';

export const customFieldTypes = ['text', 'number', 'currency', 'date', 'boolean', 'select', 'multi_select', 'url', 'email', 'phone'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export interface CustomFieldDefinition {
  id: string;
  object: ObjectName;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[] | null;
  createdAt: string;
  updatedAt: string;
}

interface DefinitionRow {
  id: string;
  object: ObjectName;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[] | null;
  created_at: Date;
  updated_at: Date;
}

const toDefinition = (row: DefinitionRow): CustomFieldDefinition => ({
  id: row.id,
  object: row.object,
  key: row.key,
  label: row.label,
  type: row.type,
  options: row.options,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const optionList = z.array(text(200).trim().min(1)).min(1).max(500).refine((list) => new Set(list).size === list.length, 'options must be unique');

export const createCustomFieldBody = z
  .strictObject({
    object: z.enum(['companies', 'contacts', 'deals', 'activities']),
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,62}$/, 'must start with a lower-case letter and use letters, digits and _ (at most 63)'),
    label: text(200).trim().min(1),
    type: z.enum(customFieldTypes),
    options: optionList.optional(),
  })
  .refine((b) => (b.type === 'select' || b.type === 'multi_select') === (b.options !== undefined), {
    message: 'options are required for select and multi_select fields, and only for them',
    path: ['options'],
  });

export const updateCustomFieldBody = z.strictObject({ label: text(200).trim().min(1).optional(), options: optionList.optional() });

export const customFieldView = z.object({
  id: z.uuid(),
  object: z.enum(['companies', 'contacts', 'deals', 'activities']),
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** The value schema of one custom field type. */
function valueSchema(definition: Pick<CustomFieldDefinition, 'type' | 'options'>): z.ZodType {
  const options = definition.options ?? [];
  switch (definition.type) {
    case 'text':
      return text(10_000);
    case 'number':
      return z.number().finite();
    case 'currency':
      return amountSchema;
    case 'date':
      return z.iso.date({ message: 'must be a date, YYYY-MM-DD' });
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum(options as [string, ...string[]], { message: `must be one of: ${options.join(', ')}` });
    case 'multi_select':
      return z.array(z.enum(options as [string, ...string[]], { message: `must be one of: ${options.join(', ')}` })).max(options.length);
    case 'url':
      return z.string().max(2048).pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }));
    case 'email':
      return z.string().max(254).pipe(z.email({ message: 'must be a valid email address' }));
    case 'phone':
      return z.string().max(50).regex(/^\+?[0-9][0-9 ().\-/]{2,40}$/, 'must be a phone number');
  }
}

/** SQL type a custom field's JSON text is cast to for filters and sorts. */
export function customFieldSqlType(type: CustomFieldType): 'numeric' | 'date' | 'boolean' | 'text' | 'jsonb' {
  switch (type) {
    case 'number':
    case 'currency':
      return 'numeric';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'multi_select':
      return 'jsonb';
    default:
      return 'text';
  }
}

export async function listDefinitions(tx: WorkspaceTx, object?: ObjectName): Promise<CustomFieldDefinition[]> {
  const { rows } = await tx.query<DefinitionRow>(
    `select id, object, key, label, type, options, created_at, updated_at from custom_field_definitions
      where workspace_id = $1 and ($2::text is null or object = $2) order by object, created_at, key`,
    [tx.workspaceId, object ?? null],
  );
  return rows.map(toDefinition);
}

export async function createDefinition(tx: WorkspaceTx, input: z.infer<typeof createCustomFieldBody>): Promise<CustomFieldDefinition> {
  const { rows } = await tx.query<DefinitionRow>(
    `insert into custom_field_definitions (id, workspace_id, object, key, label, type, options) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (workspace_id, object, key) do nothing
     returning id, object, key, label, type, options, created_at, updated_at`,
    [newId(), tx.workspaceId, input.object, input.key, input.label, input.type, input.options ? JSON.stringify(input.options) : null],
  );
  const row = rows[0];
  if (!row) throw new AppError('already_exists', `A custom field "${input.key}" already exists on ${input.object}`, { details: { field: 'key' } });
  return toDefinition(row);
}

/**
 * Renames a field or changes its options. The type never changes: stored
 * values would stop matching it. Removing an option that records still use
 * is refused rather than leaving those values invalid.
 */
export async function updateDefinition(tx: WorkspaceTx, id: string, input: z.infer<typeof updateCustomFieldBody>): Promise<CustomFieldDefinition> {
  const current = await tx.query<DefinitionRow>('select * from custom_field_definitions where id = $1 and workspace_id = $2 for update', [id, tx.workspaceId]);
  const row = current.rows[0];
  if (!row) throw new AppError('not_found', 'Custom field not found');
  if (input.options !== undefined) {
    if (row.type !== 'select' && row.type !== 'multi_select') throw new AppError('validation_failed', 'Only select fields have options');
    const removed = (row.options ?? []).filter((option) => !input.options?.includes(option));
    if (removed.length > 0) {
      const table = row.object;
      const used = await tx.query(
        `select 1 from ${table} where workspace_id = $1 and deleted_at is null and (custom_fields->>$2 = any($3) or (jsonb_typeof(custom_fields->$2) = 'array' and custom_fields->$2 ?| $3)) limit 1`,
        [tx.workspaceId, row.key, removed],
      );
      if (used.rowCount > 0) throw new AppError('already_exists', 'Records still use an option you removed; change them first', { details: { options: removed } });
    }
  }
  const { rows } = await tx.query<DefinitionRow>(
    `update custom_field_definitions set label = coalesce($2, label), options = coalesce($3, options), updated_at = now()
      where id = $1 returning id, object, key, label, type, options, created_at, updated_at`,
    [id, input.label ?? null, input.options ? JSON.stringify(input.options) : null],
  );
  const updated = rows[0];
  if (!updated) throw new AppError('not_found', 'Custom field not found');
  return toDefinition(updated);
}

/** Deletes a definition and its values from every record of the object. */
export async function deleteDefinition(tx: WorkspaceTx, id: string): Promise<CustomFieldDefinition> {
  const { rows } = await tx.query<DefinitionRow>('delete from custom_field_definitions where id = $1 and workspace_id = $2 returning *', [id, tx.workspaceId]);
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'Custom field not found');
  await tx.query(`update ${row.object} set custom_fields = custom_fields - $2 where workspace_id = $1 and custom_fields ? $2`, [tx.workspaceId, row.key]);
  return toDefinition(row);
}

/**
 * Validates custom field values against the workspace's definitions.
 * Unknown keys and wrong types answer 422 with every problem; `null` clears a value.
 */
export function validateCustomValues(definitions: CustomFieldDefinition[], values: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const problems: { path: string; message: string }[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) {
      problems.push({ path: `customFields.${key}`, message: 'is not a custom field of this object' });
      continue;
    }
    if (value === null) {
      result[key] = null;
      continue;
    }
    const parsed = valueSchema(definition).safeParse(value);
    if (parsed.success) result[key] = parsed.data;
    else problems.push(...issuesToDetails(parsed.error.issues).map((issue) => ({ path: ['customFields', key, issue.path].filter(Boolean).join('.'), message: issue.message })));
  }
  if (problems.length > 0) throw new AppError('invalid_custom_field', 'Some custom field values are invalid', { details: problems });
  return result;
}
