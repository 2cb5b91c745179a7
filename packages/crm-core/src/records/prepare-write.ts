import type { WorkspaceTx } from '@nexus/db';
import { AppError, type AuthContext } from '@nexus/platform';
import { validateCustomValues, type CustomFieldDefinition } from '../custom-fields/custom-fields';
import { currencyDigits, normaliseAmount } from '../objects/money';
import { objectSpecs, type ObjectName, type ObjectSpec, type RelationSpec } from '../objects/object-specs';
import { resolveDealStage } from '../pipelines/pipeline-repo';
import { existingIds, type Row } from './record-repo';

export interface PreparedWrite {
  columns: Record<string, unknown>;
  links: { relation: RelationSpec; ids: string[]; extra?: Record<string, unknown> }[];
  stageChange?: { from: string | null; to: string; at: Date };
}

const relationTargets: Record<string, ObjectName> = { companyIds: 'companies', contactIds: 'contacts', dealIds: 'deals' };
const referenceTargets: Record<string, ObjectName> = { companyId: 'companies' };
const memberFields = ['ownerId', 'assigneeId'];

async function checkMembers(tx: WorkspaceTx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await tx.query<{ user_id: string }>('select user_id from memberships where workspace_id = $1 and user_id = any($2::uuid[])', [
    tx.workspaceId,
    ids,
  ]);
  const found = new Set(rows.map((r) => r.user_id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError('invalid_reference', 'Some users are not members of this workspace', { details: { users: missing } });
}

async function checkReferences(tx: WorkspaceTx, auth: AuthContext, target: ObjectName, field: string, ids: string[]): Promise<void> {
  const found = await existingIds(tx, objectSpecs[target], auth, ids);
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError('invalid_reference', `${field} names records that do not exist`, { details: { field, ids: missing } });
  }
}

/**
 * Turns a validated create or update body into column values and link
 * changes: references checked inside this workspace, custom fields validated
 * and merged, money normalised, a deal's stage resolved within its pipeline.
 */
export async function prepareWrite(
  tx: WorkspaceTx,
  auth: AuthContext,
  spec: ObjectSpec,
  input: Record<string, unknown>,
  current: Row | undefined,
  definitions: CustomFieldDefinition[],
): Promise<PreparedWrite> {
  const columns: Record<string, unknown> = {};
  const links: PreparedWrite['links'] = [];
  const members: string[] = [];

  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || name === 'version') continue;
    if (name === 'customFields') {
      const validated = validateCustomValues(definitions, value as Record<string, unknown>);
      const merged: Record<string, unknown> = { ...((current?.custom_fields as Record<string, unknown> | undefined) ?? {}) };
      for (const [key, v] of Object.entries(validated)) {
        if (v === null) delete merged[key];
        else merged[key] = v;
      }
      columns.custom_fields = JSON.stringify(merged);
      continue;
    }
    const relation = Object.hasOwn(spec.relations, name) ? spec.relations[name] : undefined;
    if (relation) {
      if (relation.readOnly) throw new AppError('validation_failed', `${name} is read-only here`, { details: [{ path: name, message: 'is read-only' }] });
      const ids = value as string[];
      const target = relationTargets[name];
      if (target) await checkReferences(tx, auth, target, name, ids);
      links.push({ relation, ids, ...(spec.name === 'activities' ? { extra: { object: target } } : {}) });
      continue;
    }
    const field = Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
    if (!field || field.readOnly) throw new AppError('validation_failed', `${name} cannot be written`, { details: [{ path: name, message: 'is read-only' }] });
    if (memberFields.includes(name) && typeof value === 'string') members.push(value);
    const target = referenceTargets[name];
    if (target && typeof value === 'string') await checkReferences(tx, auth, target, name, [value]);
    columns[field.column] = field.type === 'json' && value !== null ? JSON.stringify(value) : value;
  }
  await checkMembers(tx, [...new Set(members)]);

  if (!current && !('owner_id' in columns)) columns.owner_id = auth.userId;

  if (spec.name === 'contacts') {
    // The primary company is always among the contact's companies.
    const companyId = ('company_id' in columns ? columns.company_id : current?.company_id) as string | null | undefined;
    const companyLink = links.find((l) => l.relation === spec.relations.companyIds);
    if (companyLink && companyId && !companyLink.ids.includes(companyId)) companyLink.ids.push(companyId);
    if (!companyLink && 'company_id' in columns && companyId) {
      const existing = ((current?.rel_companyIds as string[] | undefined) ?? []).filter(Boolean);
      const relation = spec.relations.companyIds;
      if (relation && !existing.includes(companyId)) links.push({ relation, ids: [...existing, companyId] });
    }
  }

  let stageChange: PreparedWrite['stageChange'];
  if (spec.name === 'deals') {
    const resolved = await resolveDealStage(tx, {
      pipelineId: (columns.pipeline_id as string | undefined) ?? undefined,
      stageId: (columns.stage_id as string | undefined) ?? undefined,
      currentPipelineId: current?.pipeline_id as string | undefined,
      currentStageId: current?.stage_id as string | undefined,
    });
    columns.pipeline_id = resolved.pipelineId;
    columns.stage_id = resolved.stageId;
    if (resolved.stageId !== current?.stage_id) {
      // The history row and the deal carry the same instant, so "the stage at time t" reads the same from both.
      const at = new Date();
      stageChange = { from: (current?.stage_id as string | undefined) ?? null, to: resolved.stageId, at };
      columns.stage_changed_at = at;
    }
    const currency = (columns.currency as string | undefined) ?? (current?.currency as string | undefined) ?? 'USD';
    columns.currency = currency;
    const amount = 'amount' in columns ? (columns.amount as string | null) : (current?.amount as string | null | undefined);
    if (amount !== null && amount !== undefined) {
      const fraction = amount.split('.')[1] ?? '';
      if (/[1-9]/.test(fraction.slice(currencyDigits(currency)))) {
        throw new AppError('validation_failed', `The amount has more decimal places than ${currency} allows`, { details: [{ path: 'amount', message: 'too many decimal places' }] });
      }
      columns.amount = normaliseAmount(amount, currency);
    }
  }

  if (spec.name === 'activities') {
    const type = (columns.type as string | undefined) ?? (current?.type as string | undefined);
    if (type === 'task' && !current && !('status' in columns)) columns.status = 'open';
    if ('status' in columns) {
      const wasDone = current?.status === 'done';
      if (columns.status === 'done' && !wasDone) columns.completed_at = new Date();
      if (columns.status !== 'done') columns.completed_at = null;
    }
  }

  return { columns, links, ...(stageChange ? { stageChange } : {}) };
}
