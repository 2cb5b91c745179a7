import { listDefinitions, type ApiRecord, type ObjectName, type RecordService } from '@nexus/crm-core';
import type { Database, WorkspaceTx } from '@nexus/db';
import { AppError, type AuthContext } from '@nexus/platform';

/**
 * What the AI features read about a record, gathered in one read-only unit
 * under the caller's own rights (workspace, role, "only my records"), and
 * released before any model is called: a provider's slowness never holds a
 * database connection.
 */

export type BriefObject = 'contacts' | 'companies' | 'deals';

export interface StageInfo {
  id: string;
  name: string;
  type: 'open' | 'won' | 'lost';
  probability: number;
  pipelineName: string;
}

export interface RecordBundle {
  object: BriefObject;
  record: ApiRecord;
  companies: ApiRecord[];
  contacts: ApiRecord[];
  deals: ApiRecord[];
  /** Newest first. */
  activities: ApiRecord[];
  stages: StageInfo[];
  members: Array<{ id: string; name: string }>;
}

const relatedLimit = 25;
const timelineLimit = 40;

const timelineField: Record<BriefObject, string> = { contacts: 'contactIds', companies: 'companyIds', deals: 'dealIds' };

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function listByIds(records: RecordService, ctx: Parameters<RecordService['list']>[0], object: ObjectName, wanted: string[]): Promise<ApiRecord[]> {
  const unique = [...new Set(wanted)].slice(0, relatedLimit);
  if (unique.length === 0) return [];
  return (await records.list(ctx, object, { limit: relatedLimit, filter: { id: { in: unique } } })).data;
}

export async function stagesOf(tx: WorkspaceTx): Promise<StageInfo[]> {
  const { rows } = await tx.query<{ id: string; name: string; type: StageInfo['type']; probability: number; pipeline_name: string }>(
    `select s.id, s.name, s.type, s.probability, p.name as pipeline_name
     from pipeline_stages s join pipelines p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id
     where s.workspace_id = $1 and p.deleted_at is null order by p.position, p.name, s.position`,
    [tx.workspaceId],
  );
  return rows.map((row) => ({ id: row.id, name: row.name, type: row.type, probability: row.probability, pipelineName: row.pipeline_name }));
}

export async function membersOf(tx: WorkspaceTx): Promise<Array<{ id: string; name: string; email: string }>> {
  const { rows } = await tx.query<{ id: string; name: string; email: string }>(
    'select u.id, u.name, u.email from memberships m join users u on u.id = m.user_id where m.workspace_id = $1 order by u.name',
    [tx.workspaceId],
  );
  return rows;
}

/** A record with its companies, contacts, deals and recent timeline; 404 when the caller may not see it. */
export async function gatherRecord(db: Database, records: RecordService, auth: AuthContext, object: BriefObject, id: string, requestId: string | null): Promise<RecordBundle> {
  return db.withWorkspace(
    auth.workspaceId,
    async (tx) => {
      const ctx = { tx, auth, requestId };
      const record = await records.get(ctx, object, id);
      const companyIds = object === 'companies' ? [] : [...ids(record.companyIds), ...(typeof record.companyId === 'string' ? [record.companyId] : [])];
      const companies = object === 'companies' ? [record] : await listByIds(records, ctx, 'companies', companyIds);
      let contacts: ApiRecord[] = [];
      let deals: ApiRecord[] = [];
      if (object === 'companies') {
        contacts = (await records.list(ctx, 'contacts', { limit: relatedLimit, filter: { companyIds: { eq: id } } })).data;
        deals = (await records.list(ctx, 'deals', { limit: relatedLimit, filter: { companyId: { eq: id } } })).data;
      } else if (object === 'contacts') {
        deals = await listByIds(records, ctx, 'deals', ids(record.dealIds));
      } else {
        contacts = await listByIds(records, ctx, 'contacts', ids(record.contactIds));
        deals = [record];
      }
      const activities = (await records.list(ctx, 'activities', { limit: timelineLimit, sort: '-occurredAt', filter: { [timelineField[object]]: { eq: id } } })).data;
      const stages = await stagesOf(tx);
      const members = (await membersOf(tx)).map(({ id: memberId, name }) => ({ id: memberId, name }));
      return { object, record, companies, contacts, deals, activities, stages, members };
    },
    { readOnly: true },
  );
}

export interface DraftBundle {
  contact?: ApiRecord;
  company?: ApiRecord;
  deal?: ApiRecord;
  stageName?: string;
  activities: ApiRecord[];
  sender: { name: string; email?: string; workspaceName?: string };
}

/** The records a draft is grounded in: the contact and/or deal named, their company, their timeline, and who writes. */
export async function gatherDraft(
  db: Database,
  records: RecordService,
  auth: AuthContext,
  input: { contactId?: string | undefined; dealId?: string | undefined },
  requestId: string | null,
): Promise<DraftBundle> {
  return db.withWorkspace(
    auth.workspaceId,
    async (tx) => {
      const ctx = { tx, auth, requestId };
      const deal = input.dealId === undefined ? undefined : await records.get(ctx, 'deals', input.dealId);
      let contact = input.contactId === undefined ? undefined : await records.get(ctx, 'contacts', input.contactId);
      if (!contact && deal) contact = (await listByIds(records, ctx, 'contacts', ids(deal.contactIds)))[0];
      const companyId = typeof deal?.companyId === 'string' ? deal.companyId : typeof contact?.companyId === 'string' ? contact.companyId : ids(contact?.companyIds)[0];
      const company = companyId === undefined ? undefined : (await listByIds(records, ctx, 'companies', [companyId]))[0];
      const [object, id]: [BriefObject, string] | [undefined, undefined] = deal ? ['deals', deal.id] : contact ? ['contacts', contact.id] : [undefined, undefined];
      if (object === undefined) throw new AppError('validation_failed', 'Name a contactId or a dealId to draft from', { details: { field: 'contactId' } });
      const activities = (await records.list(ctx, 'activities', { limit: timelineLimit, sort: '-occurredAt', filter: { [timelineField[object]]: { eq: id } } })).data;
      const stageName = deal ? (await stagesOf(tx)).find((s) => s.id === deal.stageId)?.name : undefined;
      const { rows: people } = await tx.query<{ name: string; email: string }>('select name, email from users where id = $1', [auth.userId]);
      const { rows: spaces } = await tx.query<{ name: string }>('select name from workspaces where id = $1', [tx.workspaceId]);
      const person = people[0];
      return {
        ...(contact ? { contact } : {}),
        ...(company ? { company } : {}),
        ...(deal ? { deal } : {}),
        ...(stageName === undefined ? {} : { stageName }),
        activities,
        sender: { name: person?.name ?? 'The team', ...(person?.email ? { email: person.email } : {}), ...(spaces[0] ? { workspaceName: spaces[0].name } : {}) },
      };
    },
    { readOnly: true },
  );
}

/** What the plain-English query parser needs to know about the workspace: stages and custom fields. */
export async function gatherQueryContext(db: Database, auth: AuthContext) {
  return db.withWorkspace(
    auth.workspaceId,
    async (tx) => {
      const stages = await stagesOf(tx);
      const customFields = [];
      for (const object of ['contacts', 'companies', 'deals', 'activities'] as const) {
        for (const d of await listDefinitions(tx, object)) customFields.push({ object, key: d.key, label: d.label, type: d.type });
      }
      return { stages: stages.map((s) => ({ id: s.id, name: s.name, type: s.type, pipelineName: s.pipelineName })), customFields };
    },
    { readOnly: true },
  );
}
