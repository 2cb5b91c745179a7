import { defineRoute, idParams, listResponse, type RouteDef } from '@nexus/http';
import type { SavedViewService } from '../views/saved-view-service';
import { savedViewCreate, savedViewQuery, savedViewUpdate, savedViewView } from '../views/saved-view.schemas';
import { ctxOf, etag, expectedVersion } from './request-helpers';

const tags = ['Saved views'];

/** Saved views of the record tables: private to their owner or shared with the workspace. */
export function viewRoutes(views: SavedViewService): RouteDef[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/views',
      auth: 'read',
      summary: "Your private views and the workspace's shared views, in menu order",
      tags,
      query: savedViewQuery,
      responses: { 200: { description: 'Views', schema: listResponse(savedViewView) } },
      handler: async (input) => ({ status: 200, body: { data: await views.list(ctxOf(input), input.query.object), nextCursor: null } }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/views',
      auth: 'write',
      idempotent: true,
      summary: 'Save a view: a filter and sort the list API accepts, and the columns to show',
      tags,
      body: savedViewCreate,
      responses: { 201: { description: 'Created', schema: savedViewView } },
      handler: async (input) => {
        const view = await views.create(ctxOf(input), input.body);
        return { status: 201, body: view, headers: { ...etag(view), location: `/api/v1/views/${view.id}` } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/views/:id',
      auth: 'read',
      summary: "Get a view (another member's private view is not found)",
      tags,
      params: idParams,
      responses: { 200: { description: 'The view', schema: savedViewView } },
      handler: async (input) => {
        const view = await views.get(ctxOf(input), input.params.id);
        return { status: 200, body: view, headers: etag(view) };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/views/:id',
      auth: 'write',
      summary: 'Rename, share or un-share a view, or overwrite its filter, sort and columns (owner, or an admin for a shared view)',
      tags,
      params: idParams,
      body: savedViewUpdate,
      responses: { 200: { description: 'Updated', schema: savedViewView } },
      handler: async (input) => {
        const view = await views.update(ctxOf(input), input.params.id, input.body, expectedVersion(input.req, input.body));
        return { status: 200, body: view, headers: etag(view) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/views/:id',
      auth: 'write',
      summary: 'Delete a view (owner, or an admin for a shared view)',
      tags,
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async (input) => {
        await views.remove(ctxOf(input), input.params.id, expectedVersion(input.req, {}));
        return { status: 204 };
      },
    }),
  ];
}
