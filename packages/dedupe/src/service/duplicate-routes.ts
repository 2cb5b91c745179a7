import { z } from 'zod';
import { defineRoute, idParams, listResponse, type RouteDef } from '@nexus/http';
import type { DuplicateService } from './duplicate-service';

const object = z.enum(['contacts', 'companies']);
const record = z.record(z.string(), z.unknown()).describe('The record as GET /api/v1/{object}/{id} shows it');

const groupView = z.object({
  id: z.uuid().describe('Stable while the group keeps its members'),
  score: z.number().min(0).max(1).describe('Average match score over the pairs of members'),
  records: z.array(z.uuid()).describe('Record ids, oldest first'),
  reasons: z.array(z.object({ field: z.string(), similarity: z.number() })).describe('Fields that matched, strongest evidence first, with their similarity 0..1'),
});

const mergeView = z.object({
  id: z.uuid(),
  object,
  survivorId: z.uuid(),
  mergedIds: z.array(z.uuid()),
  fieldChoices: z.record(z.string(), z.uuid()),
  automatic: z.boolean().describe('Merged without asking, above DEDUPE_AUTO_MERGE_SCORE'),
  status: z.enum(['applied', 'undone']),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  undoneBy: z.uuid().nullable(),
  undoneAt: z.string().nullable(),
});

const rescanView = z.object({
  object,
  records: z.number().int(),
  candidatePairs: z.number().int(),
  pairs: z.number().int(),
  groups: z.number().int(),
  autoMerged: z.number().int(),
  truncated: z.boolean(),
});

const listQuery = z.strictObject({
  object,
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200'),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
});

const mergeListQuery = z.strictObject({
  object: object.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

const scanBody = z.strictObject({ object: object.optional().describe('Omit to rescan both contacts and companies') }).default({});

const mergeBody = z.strictObject({
  object,
  survivorId: z.uuid(),
  mergedIds: z.array(z.uuid()).min(1).max(20).describe('Records folded into the survivor and moved to the trash (at most 20)'),
  fieldChoices: z
    .record(z.string().max(64), z.uuid())
    .optional()
    .describe('{ "<field>": "<id of the record whose value wins>" }. Unnamed fields keep the survivor\'s value, or take the first merged value when it is empty; emails, phones and tags are unioned'),
});

/**
 * The duplicates and merges API: duplicate groups with their score and
 * reasons, dismissal, a rescan, reversible merges.
 */
export function duplicateRoutes(service: DuplicateService): RouteDef[] {
  const tags = ['Duplicates'];
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/duplicates',
      auth: 'read',
      summary: 'Likely duplicate contacts or companies, as groups with a score and the fields that matched, strongest first',
      tags,
      query: listQuery,
      responses: { 200: { description: 'A page of groups', schema: listResponse(groupView) } },
      handler: async ({ tx, auth, query }) => ({ status: 200, body: await service.listGroups({ tx, auth }, query.object, { limit: query.limit, cursor: query.cursor }) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/duplicates/scan',
      auth: 'admin',
      summary: 'Match every contact and/or company afresh (detection runs continuously; this is for after bulk changes)',
      tags,
      body: scanBody,
      responses: { 200: { description: 'What the rescan found', schema: z.object({ data: z.array(rescanView) }) } },
      handler: async ({ tx, body }) => {
        const objects = body.object ? [body.object] : (['contacts', 'companies'] as const);
        const data = [];
        for (const o of objects) data.push(await service.rescanDuplicates(tx, o));
        return { status: 200, body: { data } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/duplicates/:id/dismiss',
      auth: 'write',
      summary: 'Not duplicates: the pairs of this group are no longer proposed nor merged automatically',
      tags,
      params: idParams,
      responses: {
        200: {
          description: 'Dismissed',
          schema: z.object({ id: z.uuid(), object, records: z.array(z.uuid()), dismissedPairs: z.number().int(), status: z.literal('dismissed') }),
        },
      },
      handler: async ({ tx, auth, params }) => ({ status: 200, body: await service.dismissGroup({ tx, auth }, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/merges',
      auth: 'write',
      idempotent: true,
      summary: 'Merge records into a survivor: every relation and activity moves to it, the others go to the trash; undoable',
      tags,
      body: mergeBody,
      responses: { 201: { description: 'Merged', schema: mergeView.extend({ survivor: record }) } },
      handler: async ({ tx, auth, requestId, body }) => {
        const { merge, survivor } = await service.merge({ tx, auth, requestId }, body.object, {
          survivorId: body.survivorId,
          mergedIds: body.mergedIds,
          fieldChoices: body.fieldChoices,
        });
        return { status: 201, body: { ...merge, survivor }, headers: { location: `/api/v1/merges/${merge.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/merges',
      auth: 'read',
      summary: 'Merges, newest first: automatic ones included, to review or undo them',
      tags,
      query: mergeListQuery,
      responses: { 200: { description: 'A page of merges', schema: listResponse(mergeView) } },
      handler: async ({ tx, auth, query }) => ({ status: 200, body: await service.merges({ tx, auth }, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/merges/:id',
      auth: 'read',
      summary: 'A merge: who, when, which records, undone or not',
      tags,
      params: idParams,
      responses: { 200: { description: 'The merge', schema: mergeView } },
      handler: async ({ tx, auth, params }) => ({ status: 200, body: await service.getMerge({ tx, auth }, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/merges/:id/undo',
      auth: 'write',
      summary: 'Undo a merge: the records, their fields and every relation as they were. 409 when they changed since, or it was undone already',
      tags,
      params: idParams,
      responses: { 200: { description: 'Undone', schema: mergeView.extend({ survivor: record, restored: z.array(record) }) } },
      handler: async ({ tx, auth, requestId, params }) => {
        const { merge, survivor, restored } = await service.undo({ tx, auth, requestId }, params.id);
        return { status: 200, body: { ...merge, survivor, restored } };
      },
    }),
  ];
}
