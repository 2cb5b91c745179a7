import { classifyDbError, type OutboxSignal } from '@nexus/db';
import { AppError } from '@nexus/platform';
import { diff, recordChange } from '../audit/audit-log';
import { listDefinitions } from '../custom-fields/custom-fields';
import { objectSpecs, type ObjectName } from '../objects/object-specs';
import { buildFilters, orderBy, Params, parseSort } from '../records/list-query';
import { assertVersion, type ExpectedVersion, type RecordContext } from '../records/record-service';
import { countOwnedViews, deleteSavedView, findSavedView, insertSavedView, listSavedViews, mayEdit, updateSavedView } from './saved-view-repo';
import { maxViewsPerOwner, type SavedView, type SavedViewCreate, type SavedViewUpdate } from './saved-view.schemas';

/**
 * Checks a view's filter and sort exactly as the list API would read them,
 * so a view that names an unknown field or operator is refused when it is
 * saved rather than failing each time it is opened. The query then runs with
 * `limit 0`: PostgreSQL reads every value as its field's type while binding,
 * which catches what the pattern checks cannot (2024-02-30), and reads no row.
 */
async function checkListQuery(ctx: RecordContext, object: ObjectName, filter: Record<string, unknown> | null, sort: string | null): Promise<void> {
  if (filter === null && sort === null) return;
  const spec = objectSpecs[object];
  const definitions = await listDefinitions(ctx.tx, object);
  const params = new Params();
  const where = [`t.workspace_id = ${params.add(ctx.tx.workspaceId)}`, ...buildFilters(spec, definitions, filter ?? {}, params)];
  const order = parseSort(spec, definitions, sort ?? undefined, params);
  try {
    await ctx.tx.query(`select 1 from ${spec.table} t where ${where.join(' and ')} order by ${orderBy(order)} limit 0`, params.values);
  } catch (error) {
    if (classifyDbError(error).type === 'invalid_input') throw new AppError('invalid_filter', 'A filter value is not valid for its field', { cause: error });
    throw error;
  }
}

function duplicateName(error: unknown, shared: boolean): unknown {
  if (classifyDbError(error).type !== 'unique_violation') return error;
  const message = shared ? 'A shared view of this table already has this name' : 'You already have a view of this table with this name';
  return new AppError('already_exists', message, { details: [{ path: 'name', message }] });
}

/**
 * Saved views of the record tables: a named filter, sort and set of columns,
 * private to the member who made it or shared with the workspace. Another
 * member's private view does not exist as far as the caller can tell (404);
 * a shared view can be changed by its owner or an admin (403 otherwise).
 *
 * @example
 * const views = createSavedViewService({ signal });
 * await views.create(ctx, { object: 'contacts', name: 'Customers', shared: true, filter: { lifecycleStage: 'customer' }, sort: '-createdAt', columns: ['firstName'] });
 */
export function createSavedViewService(deps: { signal?: OutboxSignal | undefined }) {
  async function record(ctx: RecordContext, action: 'create' | 'update' | 'delete', before: SavedView | null, after: SavedView) {
    const past = { create: 'created', update: 'updated', delete: 'deleted' }[action];
    // canEdit and ownerName describe the caller and the owner, not the view.
    const plain = (view: SavedView | null) => (view ? { ...view, canEdit: undefined, ownerName: undefined } : null);
    await recordChange(
      ctx.tx,
      deps.signal,
      { actor: ctx.auth.actor, action, object: 'saved_views', recordId: after.id, changes: diff(plain(before), action === 'delete' ? null : plain(after)), requestId: ctx.requestId },
      { type: `saved_view.${past}`, object: 'saved_views', recordId: after.id, payload: { view: plain(after) } },
    );
  }

  async function mustFind(ctx: RecordContext, id: string, options: { forUpdate?: boolean } = {}): Promise<SavedView> {
    const view = await findSavedView(ctx.tx, ctx.auth, id, options);
    if (!view) throw new AppError('not_found', 'Saved view not found');
    return view;
  }

  async function mustEdit(ctx: RecordContext, id: string, expected: ExpectedVersion): Promise<SavedView> {
    const view = await mustFind(ctx, id, { forUpdate: true });
    if (!view.canEdit) throw new AppError('forbidden', "Only the view's owner or an admin can change a shared view");
    assertVersion(expected, view.version, 'view');
    return view;
  }

  return {
    list: (ctx: RecordContext, object: ObjectName | undefined) => listSavedViews(ctx.tx, ctx.auth, object),
    get: (ctx: RecordContext, id: string) => mustFind(ctx, id),

    async create(ctx: RecordContext, input: SavedViewCreate): Promise<SavedView> {
      if ((await countOwnedViews(ctx.tx, ctx.auth.userId, input.object)) >= maxViewsPerOwner) {
        throw new AppError('invalid_state', `You have ${maxViewsPerOwner} views of this table already; delete one first`);
      }
      await checkListQuery(ctx, input.object, input.filter, input.sort);
      let id: string;
      try {
        id = await insertSavedView(ctx.tx, { ...input, ownerId: ctx.auth.userId });
      } catch (error) {
        throw duplicateName(error, input.shared);
      }
      const created = await mustFind(ctx, id);
      await record(ctx, 'create', null, created);
      return created;
    },

    async update(ctx: RecordContext, id: string, input: SavedViewUpdate, expected: ExpectedVersion): Promise<SavedView> {
      const before = await mustEdit(ctx, id, expected);
      const next = {
        name: input.name ?? before.name,
        shared: input.shared ?? before.shared,
        filter: input.filter === undefined ? before.filter : input.filter,
        sort: input.sort === undefined ? before.sort : input.sort,
        columns: input.columns ?? before.columns,
        position: input.position ?? before.position,
      };
      // A rename alone need not re-check a filter that a since-deleted custom field made stale.
      if (input.filter !== undefined || input.sort !== undefined) await checkListQuery(ctx, before.object, next.filter, next.sort);
      try {
        await updateSavedView(ctx.tx, id, next);
      } catch (error) {
        throw duplicateName(error, next.shared);
      }
      // Read by id alone: an admin who un-shares another member's view can no longer see it, but is owed the result.
      const after = await findSavedView(ctx.tx, { ...ctx.auth, userId: before.ownerId }, id);
      if (!after) throw new AppError('not_found', 'Saved view not found');
      const result = { ...after, canEdit: mayEdit(after, ctx.auth) };
      await record(ctx, 'update', before, result);
      return result;
    },

    async remove(ctx: RecordContext, id: string, expected: ExpectedVersion): Promise<void> {
      const before = await mustEdit(ctx, id, expected);
      await deleteSavedView(ctx.tx, id);
      await record(ctx, 'delete', before, before);
    },
  };
}

export type SavedViewService = ReturnType<typeof createSavedViewService>;
