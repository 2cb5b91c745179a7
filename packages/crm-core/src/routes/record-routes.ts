import { z } from 'zod';
import { defineRoute, idParams, listResponse, type RouteDef } from '@nexus/http';
import { objectSpecs, objectNames, type ObjectName } from '../objects/object-specs';
import { createSchemas, updateSchemas, viewSchemas } from '../objects/record.schemas';
import { maxBatch, type RecordService } from '../records/record-service';
import { ctxOf, etag, expectedVersion, listQuery, parseFilter } from './request-helpers';

const titles: Record<ObjectName, string> = { companies: 'Companies', contacts: 'Contacts', deals: 'Deals', activities: 'Activities' };

/** Related lists: a parent's children, served by the child's list with one more filter. */
const relatedLists: { parent: ObjectName; child: ObjectName; path: string; field: string; summary: string }[] = [
  { parent: 'companies', child: 'contacts', path: 'contacts', field: 'companyIds', summary: "A company's contacts" },
  { parent: 'companies', child: 'deals', path: 'deals', field: 'companyId', summary: "A company's deals" },
  { parent: 'contacts', child: 'deals', path: 'deals', field: 'dealContacts', summary: "A contact's deals" },
  { parent: 'deals', child: 'contacts', path: 'contacts', field: 'dealIds', summary: "A deal's contacts" },
  { parent: 'contacts', child: 'activities', path: 'timeline', field: 'contactIds', summary: "A contact's timeline: notes, tasks, calls, meetings and emails, newest first" },
  { parent: 'companies', child: 'activities', path: 'timeline', field: 'companyIds', summary: "A company's timeline, newest first" },
  { parent: 'deals', child: 'activities', path: 'timeline', field: 'dealIds', summary: "A deal's timeline, newest first" },
];

function routesFor(object: ObjectName, records: RecordService): RouteDef[] {
  const spec = objectSpecs[object];
  const tags = [titles[object]];
  const view = viewSchemas[object];
  const create = createSchemas[object] as unknown as z.ZodType<Record<string, unknown>>;
  const update = updateSchemas[object] as unknown as z.ZodType<Record<string, unknown> & { version?: number }>;
  const base = `/api/v1/${object}`;
  const a = spec.singular.startsWith('a') ? 'an' : 'a';

  return [
    defineRoute({
      method: 'GET',
      path: base,
      auth: 'read',
      summary: `List ${object}: filter on any field (custom fields too), sort, cursor pagination`,
      tags,
      query: listQuery,
      responses: { 200: { description: 'A page', schema: listResponse(view) } },
      handler: async (input) => ({
        status: 200,
        body: await records.list(ctxOf(input), object, {
          limit: input.query.limit,
          cursor: input.query.cursor,
          sort: input.query.sort,
          filter: parseFilter(input.query.filter),
          deleted: input.query.deleted === 'true',
          q: input.query.q,
        }),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: base,
      auth: 'write',
      idempotent: true,
      summary: `Create ${a} ${spec.singular}`,
      tags,
      body: create,
      responses: { 201: { description: 'Created', schema: view } },
      handler: async (input) => {
        // Without an Idempotency-Key nothing is written after the record, so its insert may be the final write.
        const last = input.req.headers['idempotency-key'] === undefined;
        const record = await records.create(ctxOf(input), object, input.body, { last });
        return { status: 201, body: record, headers: { ...etag(record), location: `${base}/${record.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${base}/:id`,
      auth: 'read',
      summary: `Get ${a} ${spec.singular}`,
      tags,
      params: idParams,
      responses: { 200: { description: `The ${spec.singular}; its ETag is its version`, schema: view } },
      handler: async (input) => {
        const record = await records.get(ctxOf(input), object, input.params.id);
        return { status: 200, body: record, headers: etag(record) };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: `${base}/:id`,
      auth: 'write',
      summary: `Update ${a} ${spec.singular}: only the fields sent change; send If-Match (or version) to refuse stale writes`,
      tags,
      params: idParams,
      body: update,
      responses: { 200: { description: 'Updated', schema: view } },
      handler: async (input) => {
        const record = await records.update(ctxOf(input), object, input.params.id, input.body, expectedVersion(input.req, input.body));
        return { status: 200, body: record, headers: etag(record) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/:id`,
      auth: 'write',
      summary: `Delete ${a} ${spec.singular} (to the trash; restorable)`,
      tags,
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async (input) => {
        await records.remove(ctxOf(input), object, input.params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/:id/restore`,
      auth: 'write',
      summary: `Restore a deleted ${spec.singular}`,
      tags,
      params: idParams,
      responses: { 200: { description: 'Restored', schema: view } },
      handler: async (input) => {
        const record = await records.restore(ctxOf(input), object, input.params.id);
        return { status: 200, body: record, headers: etag(record) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/batch/create`,
      auth: 'write',
      idempotent: true,
      summary: `Create up to ${maxBatch} ${object} at once; all or nothing`,
      tags,
      body: z.strictObject({ records: z.array(create).min(1).max(maxBatch) }),
      responses: { 201: { description: 'Created, in order', schema: z.object({ data: z.array(view) }) } },
      handler: async (input) => ({ status: 201, body: { data: await records.batchCreate(ctxOf(input), object, input.body.records) } }),
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/batch/update`,
      auth: 'write',
      summary: `Update up to ${maxBatch} ${object} at once; all or nothing`,
      tags,
      body: z.strictObject({ records: z.array(z.intersection(z.object({ id: z.uuid() }), update)).min(1).max(maxBatch) }),
      responses: { 200: { description: 'Updated, in order', schema: z.object({ data: z.array(view) }) } },
      handler: async (input) => ({
        status: 200,
        body: { data: await records.batchUpdate(ctxOf(input), object, input.body.records as (Record<string, unknown> & { id: string })[]) },
      }),
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/batch/delete`,
      auth: 'write',
      summary: `Delete up to ${maxBatch} ${object} at once; all or nothing`,
      tags,
      body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(maxBatch) }),
      responses: { 200: { description: 'Deleted', schema: z.object({ deleted: z.number().int() }) } },
      handler: async (input) => ({ status: 200, body: { deleted: (await records.batchDelete(ctxOf(input), object, input.body.ids)).length } }),
    }),
  ];
}

function relatedRoute(records: RecordService, related: (typeof relatedLists)[number]): RouteDef {
  const view = viewSchemas[related.child];
  const parentSpec = objectSpecs[related.parent];
  return defineRoute({
    method: 'GET',
    path: `/api/v1/${related.parent}/:id/${related.path}`,
    auth: 'read',
    summary: related.summary,
    tags: [titles[related.parent]],
    params: idParams,
    query: listQuery,
    responses: { 200: { description: 'A page', schema: listResponse(view) } },
    handler: async (input) => {
      const ctx = ctxOf(input);
      // The parent must be visible to the caller: a foreign or deleted id answers 404, not an empty list.
      await records.get(ctx, parentSpec.name, input.params.id);
      const filter = { ...(parseFilter(input.query.filter) ?? {}) };
      if (related.field === 'dealContacts') filter.contactIds = { contains: input.params.id };
      else if (related.field === 'companyId') filter.companyId = input.params.id;
      else filter[related.field] = { contains: input.params.id };
      return {
        status: 200,
        body: await records.list(ctx, related.child, {
          limit: input.query.limit,
          cursor: input.query.cursor,
          sort: input.query.sort,
          filter,
          deleted: input.query.deleted === 'true',
          q: input.query.q,
        }),
      };
    },
  });
}

/** The REST routes of companies, contacts, deals and activities, with their related lists. */
export function recordRoutes(records: RecordService): RouteDef[] {
  return [...objectNames.flatMap((object) => routesFor(object, records)), ...relatedLists.map((related) => relatedRoute(records, related))];
}
