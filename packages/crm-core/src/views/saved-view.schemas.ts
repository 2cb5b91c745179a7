import { z } from 'zod';
import { text } from '@nexus/http';
import { objectNames } from '../objects/object-specs';

/** How many views one member may own per table: enough for anyone, and it keeps the menu (which is not paginated) small. */
export const maxViewsPerOwner = 200;
export const maxViewColumns = 100;
/** The same bound the list API puts on `filter` in its query string. */
const maxFilterChars = 20_000;
/** A filter is field → value, or field → { op: value | [values] }: three levels below the top. */
const maxFilterDepth = 4;

/** True when `value` nests no deeper than `limit`; stops at the limit, so a hostile nesting cannot exhaust the stack. */
function depthAtMost(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (limit === 0) return false;
  return Object.values(value).every((inner) => depthAtMost(inner, limit - 1));
}

const viewName = text(200).trim().min(1, 'Enter a name');

const viewFilter = z
  .record(z.string().max(200), z.unknown())
  .nullable()
  .superRefine((filter, ctx) => {
    if (filter === null) return;
    if (!depthAtMost(filter, maxFilterDepth)) ctx.addIssue({ code: 'custom', message: 'filter nests too deeply to be a list filter' });
    else if (JSON.stringify(filter).length > maxFilterChars) ctx.addIssue({ code: 'custom', message: `filter is too large (at most ${maxFilterChars} characters as JSON)` });
  })
  .describe('The list API\'s filter object, such as {"lifecycleStage":"customer","customFields.tier":{"in":["gold","silver"]}}; validated like the list API validates it');

const viewSort = z
  .string()
  .min(1)
  .max(100)
  .nullable()
  .describe('The list API\'s sort: a field, "-" for descending ("-createdAt", "customFields.tier"); null for the default order');

const columnKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/, 'must be a field key such as "firstName" or "customFields.tier"');

// Column keys are checked for shape, not against the fields of the object: a
// table may show computed columns, and a custom field deleted later must not
// make the view unreadable (the table skips a column it does not know).
const viewColumns = z
  .array(columnKey)
  .max(maxViewColumns)
  .refine((keys) => new Set(keys).size === keys.length, 'columns must not repeat')
  .describe('Column keys in display order, at most 100: ["firstName", "emails", "customFields.tier"]');

const viewPosition = z.number().int().min(0).max(1_000_000).describe('Order in the menu, lowest first');

export const savedViewObject = z.enum(objectNames);

export const savedViewCreate = z.strictObject({
  object: savedViewObject,
  name: viewName,
  shared: z.boolean().default(false).describe('false: only you see it; true: the whole workspace sees it'),
  filter: viewFilter.default(null),
  sort: viewSort.default(null),
  columns: viewColumns.default([]),
  position: viewPosition.optional().describe('Order in the menu; new views go last'),
});

export const savedViewUpdate = z.strictObject({
  name: viewName.optional(),
  shared: z.boolean().optional(),
  filter: viewFilter.optional(),
  sort: viewSort.optional(),
  columns: viewColumns.optional(),
  position: viewPosition.optional(),
  version: z.number().int().optional().describe('The version you read; If-Match does the same'),
});

export const savedViewQuery = z.strictObject({ object: savedViewObject.optional().describe('Only the views of this table') });

export const savedViewView = z.object({
  id: z.uuid(),
  object: savedViewObject,
  name: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  shared: z.boolean(),
  filter: z.record(z.string(), z.unknown()).nullable(),
  sort: z.string().nullable(),
  columns: z.array(z.string()),
  position: z.number().int(),
  canEdit: z.boolean().describe('Whether the caller may change or delete this view'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
});

export type SavedViewCreate = z.infer<typeof savedViewCreate>;
export type SavedViewUpdate = z.infer<typeof savedViewUpdate>;
export type SavedView = z.infer<typeof savedViewView>;
