import { z } from 'zod';
import { objectNames } from '@nexus/crm-core';

/** The list API's operators (`packages/crm-core/src/records/list-query.ts`). */
export const queryOperators = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'isEmpty'] as const;
export type QueryOperator = (typeof queryOperators)[number];

export type QueryResource = (typeof objectNames)[number];

/** The list API takes values up to 1000 characters. */
const value = z.string().max(1000);
const values = z.array(value).min(1).max(500);

/** One field's conditions, joined with AND: `{ gte: '2026-10-01', lte: '2026-12-31' }`. */
export const conditionSchema = z
  .strictObject({
    eq: value.optional(),
    ne: value.optional(),
    in: values.optional(),
    nin: values.optional(),
    gt: value.optional(),
    gte: value.optional(),
    lt: value.optional(),
    lte: value.optional(),
    contains: value.optional(),
    startsWith: value.optional(),
    isEmpty: z.boolean().optional(),
  })
  .refine((condition) => Object.values(condition).some((v) => v !== undefined), 'give at least one operator');

/**
 * A list query as the list API reads it, plus a sentence for the user. The
 * feature's `querySchema` adds the checks against the record types.
 */
export const baseQuerySchema = z.strictObject({
  resource: z.enum(objectNames),
  filter: z
    .record(z.string().min(1).max(100), conditionSchema)
    .refine((filter) => Object.keys(filter).length <= 30, 'at most 30 filter fields'),
  sort: z
    .string()
    .max(100)
    .regex(/^-?[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)?$/, 'a field name, with "-" in front for descending')
    .nullable(),
  explanation: z.string().min(1).max(500),
});

export type QueryCondition = z.infer<typeof conditionSchema>;
export type QueryFilter = Record<string, QueryCondition>;
export type ParsedQuery = z.infer<typeof baseQuerySchema>;

export interface QueryStage {
  id: string;
  name: string;
  type: 'open' | 'won' | 'lost';
  pipelineName?: string;
}

export interface QueryCustomField {
  object: QueryResource;
  key: string;
  label: string;
  /** A custom field type (`text`, `number`, `currency`, `date`, `boolean`, `select`, `multi_select`, `url`, `email`, `phone`). */
  type: string;
}

export interface QueryContext {
  now: Date;
  /** The asker: "my deals" are the deals they own. */
  userId: string;
  /** IANA zone for "today", "this quarter" and the like. Default `UTC`. */
  timeZone?: string;
  /** The workspace's pipeline stages, for "won deals" and "deals in negotiation". */
  stages?: ReadonlyArray<QueryStage>;
  customFields?: ReadonlyArray<QueryCustomField>;
}

export interface QueryInput {
  question: string;
  context: QueryContext;
}
