import { z } from 'zod';
import { defineRoute, idParams, listResponse, type RouteDef } from '@nexus/http';
import type { OutboxSignal } from '@nexus/db';
import { auditEntryView, auditQuery, diff, listAudit, recordChange } from '../audit/audit-log';
import {
  createCustomFieldBody,
  createDefinition,
  customFieldView,
  deleteDefinition,
  listDefinitions,
  updateCustomFieldBody,
  updateDefinition,
  type CustomFieldDefinition,
} from '../custom-fields/custom-fields';
import { pipelineCreate, pipelineUpdate, pipelineView, type PipelineService } from '../pipelines/pipeline-service';
import { pipelineSummary, pipelineSummaryView } from '../pipelines/pipeline-summary';
import type { RecordContext } from '../records/record-service';
import { ctxOf, etag, expectedVersion } from './request-helpers';

const objectQuery = z.strictObject({ object: z.enum(['companies', 'contacts', 'deals', 'activities']).optional() });

async function auditDefinition(ctx: RecordContext, signal: OutboxSignal | undefined, action: 'create' | 'update' | 'delete', before: CustomFieldDefinition | null, after: CustomFieldDefinition) {
  const past = { create: 'created', update: 'updated', delete: 'deleted' }[action];
  await recordChange(
    ctx.tx,
    signal,
    { actor: ctx.auth.actor, action, object: 'custom_fields', recordId: after.id, changes: diff(before, action === 'delete' ? null : after), requestId: ctx.requestId },
    { type: `custom_field.${past}`, object: 'custom_fields', recordId: after.id, payload: { definition: after } },
  );
}

/** Pipelines, custom field definitions, tags and the audit log. */
export function settingsRoutes(pipelines: PipelineService, signal: OutboxSignal | undefined): RouteDef[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/pipelines',
      auth: 'read',
      summary: 'Pipelines, each with its stages in order',
      tags: ['Pipelines'],
      query: z.strictObject({ deleted: z.enum(['true', 'false']).optional() }),
      responses: { 200: { description: 'Pipelines', schema: listResponse(pipelineView) } },
      handler: async (input) => ({ status: 200, body: { data: await pipelines.list(ctxOf(input), input.query.deleted === 'true'), nextCursor: null } }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/pipelines',
      auth: 'admin',
      idempotent: true,
      summary: 'Create a pipeline with its ordered stages',
      tags: ['Pipelines'],
      body: pipelineCreate,
      responses: { 201: { description: 'Created', schema: pipelineView } },
      handler: async (input) => {
        const pipeline = await pipelines.create(ctxOf(input), input.body);
        return { status: 201, body: pipeline, headers: etag(pipeline) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/pipelines/:id',
      auth: 'read',
      summary: 'Get a pipeline',
      tags: ['Pipelines'],
      params: idParams,
      responses: { 200: { description: 'The pipeline', schema: pipelineView } },
      handler: async (input) => {
        const pipeline = await pipelines.get(ctxOf(input), input.params.id);
        return { status: 200, body: pipeline, headers: etag(pipeline) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/pipelines/:id/summary',
      auth: 'read',
      summary: "Each stage's deal count, total and weighted total per currency, over every deal the caller may see",
      tags: ['Pipelines'],
      params: idParams,
      responses: { 200: { description: 'The stages in order, empty ones included', schema: pipelineSummaryView } },
      handler: async (input) => ({ status: 200, body: await pipelineSummary(ctxOf(input), input.params.id) }),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/pipelines/:id',
      auth: 'admin',
      summary: 'Rename a pipeline, make it the default, or rewrite its stages (kept by id, in the order given)',
      tags: ['Pipelines'],
      params: idParams,
      body: pipelineUpdate,
      responses: { 200: { description: 'Updated', schema: pipelineView } },
      handler: async (input) => {
        const pipeline = await pipelines.update(ctxOf(input), input.params.id, input.body, expectedVersion(input.req, input.body));
        return { status: 200, body: pipeline, headers: etag(pipeline) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/pipelines/:id',
      auth: 'admin',
      summary: 'Delete an empty, non-default pipeline (restorable)',
      tags: ['Pipelines'],
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async (input) => {
        await pipelines.remove(ctxOf(input), input.params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/pipelines/:id/restore',
      auth: 'admin',
      summary: 'Restore a deleted pipeline',
      tags: ['Pipelines'],
      params: idParams,
      responses: { 200: { description: 'Restored', schema: pipelineView } },
      handler: async (input) => ({ status: 200, body: await pipelines.restore(ctxOf(input), input.params.id) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/custom-fields',
      auth: 'read',
      summary: 'Custom field definitions',
      tags: ['Custom fields'],
      query: objectQuery,
      responses: { 200: { description: 'Definitions', schema: listResponse(customFieldView) } },
      handler: async (input) => ({ status: 200, body: { data: await listDefinitions(input.tx, input.query.object), nextCursor: null } }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/custom-fields',
      auth: 'admin',
      idempotent: true,
      summary: 'Define a custom field; its values live under customFields.<key> on records, validated on write',
      tags: ['Custom fields'],
      body: createCustomFieldBody,
      responses: { 201: { description: 'Created', schema: customFieldView } },
      handler: async (input) => {
        const definition = await createDefinition(input.tx, input.body);
        await auditDefinition(ctxOf(input), signal, 'create', null, definition);
        return { status: 201, body: definition };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/custom-fields/:id',
      auth: 'admin',
      summary: 'Relabel a custom field or change its options (its type is fixed)',
      tags: ['Custom fields'],
      params: idParams,
      body: updateCustomFieldBody,
      responses: { 200: { description: 'Updated', schema: customFieldView } },
      handler: async (input) => {
        const before = (await listDefinitions(input.tx)).find((d) => d.id === input.params.id) ?? null;
        const definition = await updateDefinition(input.tx, input.params.id, input.body);
        await auditDefinition(ctxOf(input), signal, 'update', before, definition);
        return { status: 200, body: definition };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/custom-fields/:id',
      auth: 'admin',
      summary: 'Delete a custom field and its values',
      tags: ['Custom fields'],
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async (input) => {
        const definition = await deleteDefinition(input.tx, input.params.id);
        await auditDefinition(ctxOf(input), signal, 'delete', definition, definition);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/tags',
      auth: 'read',
      summary: 'Tags in use, with how many records carry each',
      tags: ['Tags'],
      query: objectQuery,
      responses: { 200: { description: 'Tags', schema: z.object({ data: z.array(z.object({ tag: z.string(), count: z.number().int() })) }) } },
      handler: async (input) => {
        const tables = input.query.object ? [input.query.object] : ['companies', 'contacts', 'deals'];
        const parts = tables.filter((t) => t !== 'activities').map((t) => `select unnest(tags) as tag from ${t} where workspace_id = $1 and deleted_at is null`);
        if (parts.length === 0) return { status: 200, body: { data: [] } };
        const { rows } = await input.tx.query<{ tag: string; count: string }>(
          `select tag, count(*) as count from (${parts.join(' union all ')}) t group by tag order by count(*) desc, tag limit 1000`,
          [input.tx.workspaceId],
        );
        return { status: 200, body: { data: rows.map((r) => ({ tag: r.tag, count: Number(r.count) })) } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/audit-log',
      auth: 'admin',
      summary: 'Who changed what and when: every mutation with before and after of the changed fields, newest first',
      tags: ['Audit'],
      query: auditQuery,
      responses: { 200: { description: 'A page', schema: listResponse(auditEntryView) } },
      handler: async (input) => ({ status: 200, body: await listAudit(input.tx, input.query) }),
    }),
  ];
}
