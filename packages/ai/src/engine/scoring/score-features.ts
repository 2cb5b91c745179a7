import type { SqlClient } from '@nexus/db';
import type { FeatureRow, FeatureSpec } from '../../models/features';

/**
 * What the scoring models see of a deal or a contact, always as of one
 * moment (the snapshot): for scoring, now; for training on a closed deal, a
 * moment while it was still open, so that nothing learnt from it depends on
 * how it ended. Reads name the workspace in every statement, so they serve
 * both a tenant transaction and the outbox relay's owner-rights one.
 */

export type ScoreTask = 'lead_score' | 'win_probability';
export const scoreTasks = ['lead_score', 'win_probability'] as const satisfies readonly ScoreTask[];

const day = 86_400_000;

/** One record at its snapshot, with the raw facts rules and models both read. */
export interface DealSnapshot {
  id: string;
  at: Date;
  stageName: string;
  stageType: 'open' | 'won' | 'lost';
  /** The stage's own probability, 0–100. */
  stageProbability: number;
  amount: number | null;
  currency: string | null;
  closeDate: string | null;
  ageDays: number;
  daysInStage: number;
  stageChanges: number;
  activities30d: number;
  meetings: number;
  calls: number;
  emails: number;
  daysSinceActivity: number | null;
  contacts: number;
  pipelineId: string;
  ownerId: string | null;
  industry: string | null;
  companySize: string | null;
}

export interface ContactSnapshot {
  id: string;
  at: Date;
  lifecycleStage: string | null;
  leadSource: string | null;
  title: string | null;
  hasEmail: boolean;
  hasPhone: boolean;
  freeMail: boolean;
  hasCompany: boolean;
  ownerId: string | null;
  industry: string | null;
  companySize: string | null;
  /** Activities in the contact's first 30 days: early engagement, comparable between old and new contacts. */
  earlyActivities: number;
  earlyMeetings: number;
  activities30d: number;
  daysSinceActivity: number | null;
  openDeals: number;
}

const freeMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
]);

export function seniorityOf(title: string | null): string {
  if (!title) return 'unknown';
  const t = title.toLowerCase();
  if (/\b(ceo|cto|cfo|coo|cmo|cio|chief|founder|co-founder|owner|president|partner)\b/.test(t)) return 'executive';
  if (/\b(vp|vice president|svp|evp|head)\b/.test(t)) return 'vp';
  if (/\bdirector\b/.test(t)) return 'director';
  if (/\b(manager|lead|principal)\b/.test(t)) return 'manager';
  if (/\b(intern|student|assistant)\b/.test(t)) return 'junior';
  return 'individual';
}

function num(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
  return Number.isFinite(n) ? n : 0;
}

function days(from: Date | string | null, to: Date): number | null {
  if (from === null) return null;
  return Math.max(0, (to.getTime() - new Date(from).getTime()) / day);
}

interface DealRow {
  id: string;
  at: Date | string;
  amount: string | null;
  currency: string | null;
  close_date: string | Date | null;
  pipeline_id: string;
  owner_id: string | null;
  created_at: Date | string;
  industry: string | null;
  size: string | null;
  stage_name: string;
  stage_type: 'open' | 'won' | 'lost';
  stage_probability: number;
  stage_since: Date | string | null;
  stage_changes: string | number;
  activities_30d: string | number;
  meetings: string | number;
  calls: string | number;
  emails: string | number;
  last_activity: Date | string | null;
  contacts: string | number;
}

function dateOnly(value: string | Date | null): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/**
 * Deals as they stood at their snapshot moments: the stage they were in then
 * (from the stage history), activity linked to them before then, and their
 * company. Deleted deals are left out.
 */
export async function dealSnapshots(client: SqlClient, workspaceId: string, points: ReadonlyArray<{ id: string; at: Date }>): Promise<DealSnapshot[]> {
  if (points.length === 0) return [];
  const { rows } = await client.query<DealRow>(
    `with snap as (select * from unnest($2::uuid[], $3::timestamptz[]) as s (id, at)),
     stage_at as (
       select snap.id,
              coalesce(
                (select h.to_stage_id from deal_stage_history h where h.workspace_id = $1 and h.deal_id = snap.id and h.changed_at <= snap.at order by h.changed_at desc, h.id desc limit 1),
                -- A snapshot taken a moment before the first history row (clocks differ by a few ms) is in the stage the deal was created in.
                (select h.to_stage_id from deal_stage_history h where h.workspace_id = $1 and h.deal_id = snap.id order by h.changed_at, h.id limit 1)
              ) as stage_id,
              (select max(h.changed_at) from deal_stage_history h where h.workspace_id = $1 and h.deal_id = snap.id and h.changed_at <= snap.at) as stage_since,
              (select count(*) from deal_stage_history h where h.workspace_id = $1 and h.deal_id = snap.id and h.changed_at <= snap.at) as stage_changes
       from snap
     ),
     acts as (
       select snap.id,
              count(*) filter (where a.occurred_at > snap.at - interval '30 days') as activities_30d,
              count(*) filter (where a.type = 'meeting') as meetings,
              count(*) filter (where a.type = 'call') as calls,
              count(*) filter (where a.type = 'email') as emails,
              max(a.occurred_at) as last_activity
       from snap
       join activity_links l on l.workspace_id = $1 and l.object = 'deals' and l.record_id = snap.id
       join activities a on a.workspace_id = $1 and a.id = l.activity_id and a.deleted_at is null and a.occurred_at <= snap.at
       group by snap.id
     )
     select d.id, snap.at, d.amount::text as amount, d.currency, d.close_date, d.pipeline_id, d.owner_id, d.created_at,
            c.industry, c.size,
            s.name as stage_name, s.type as stage_type, s.probability as stage_probability,
            sa.stage_since, sa.stage_changes,
            coalesce(acts.activities_30d, 0) as activities_30d, coalesce(acts.meetings, 0) as meetings, coalesce(acts.calls, 0) as calls,
            coalesce(acts.emails, 0) as emails, acts.last_activity,
            (select count(*) from deal_contacts dc where dc.workspace_id = $1 and dc.deal_id = d.id) as contacts
     from snap
     join deals d on d.workspace_id = $1 and d.id = snap.id and d.deleted_at is null
     join stage_at sa on sa.id = snap.id
     join pipeline_stages s on s.workspace_id = $1 and s.id = coalesce(sa.stage_id, d.stage_id)
     left join companies c on c.workspace_id = $1 and c.id = d.company_id
     left join acts on acts.id = snap.id`,
    [workspaceId, points.map((p) => p.id), points.map((p) => p.at)],
  );
  return rows.map((row) => {
    const at = new Date(row.at);
    return {
      id: row.id,
      at,
      stageName: row.stage_name,
      stageType: row.stage_type,
      stageProbability: row.stage_probability,
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      closeDate: dateOnly(row.close_date),
      ageDays: days(row.created_at, at) ?? 0,
      daysInStage: days(row.stage_since ?? row.created_at, at) ?? 0,
      stageChanges: num(row.stage_changes),
      activities30d: num(row.activities_30d),
      meetings: num(row.meetings),
      calls: num(row.calls),
      emails: num(row.emails),
      daysSinceActivity: days(row.last_activity, at),
      contacts: num(row.contacts),
      pipelineId: row.pipeline_id,
      ownerId: row.owner_id,
      industry: row.industry,
      companySize: row.size,
    };
  });
}

interface ContactRow {
  id: string;
  at: Date | string;
  lifecycle_stage: string | null;
  lead_source: string | null;
  title: string | null;
  emails: string[] | null;
  phones: string[] | null;
  company_id: string | null;
  owner_id: string | null;
  industry: string | null;
  size: string | null;
  early_activities: string | number;
  early_meetings: string | number;
  activities_30d: string | number;
  last_activity: Date | string | null;
  open_deals: string | number;
}

/** Contacts as they stood at their snapshot moments. */
export async function contactSnapshots(client: SqlClient, workspaceId: string, points: ReadonlyArray<{ id: string; at: Date }>): Promise<ContactSnapshot[]> {
  if (points.length === 0) return [];
  const { rows } = await client.query<ContactRow>(
    `with snap as (select * from unnest($2::uuid[], $3::timestamptz[]) as s (id, at)),
     acts as (
       select snap.id,
              count(*) filter (where a.occurred_at <= k.created_at + interval '30 days') as early_activities,
              count(*) filter (where a.occurred_at <= k.created_at + interval '30 days' and a.type = 'meeting') as early_meetings,
              count(*) filter (where a.occurred_at > snap.at - interval '30 days') as activities_30d,
              max(a.occurred_at) as last_activity
       from snap
       join contacts k on k.workspace_id = $1 and k.id = snap.id
       join activity_links l on l.workspace_id = $1 and l.object = 'contacts' and l.record_id = snap.id
       join activities a on a.workspace_id = $1 and a.id = l.activity_id and a.deleted_at is null and a.occurred_at <= snap.at
       group by snap.id
     )
     select k.id, snap.at, k.lifecycle_stage, k.lead_source, k.title, k.emails, k.phones, k.company_id, k.owner_id, c.industry, c.size,
            coalesce(acts.early_activities, 0) as early_activities, coalesce(acts.early_meetings, 0) as early_meetings,
            coalesce(acts.activities_30d, 0) as activities_30d, acts.last_activity,
            (select count(*) from deal_contacts dc
               join deals d on d.workspace_id = $1 and d.id = dc.deal_id and d.deleted_at is null
               join pipeline_stages s on s.workspace_id = $1 and s.id = d.stage_id and s.type = 'open'
             where dc.workspace_id = $1 and dc.contact_id = k.id) as open_deals
     from snap
     join contacts k on k.workspace_id = $1 and k.id = snap.id and k.deleted_at is null
     left join companies c on c.workspace_id = $1 and c.id = k.company_id
     left join acts on acts.id = snap.id`,
    [workspaceId, points.map((p) => p.id), points.map((p) => p.at)],
  );
  return rows.map((row) => {
    const at = new Date(row.at);
    const email = row.emails?.[0] ?? null;
    const domain = email?.split('@')[1]?.toLowerCase() ?? null;
    return {
      id: row.id,
      at,
      lifecycleStage: row.lifecycle_stage,
      leadSource: row.lead_source,
      title: row.title,
      hasEmail: (row.emails?.length ?? 0) > 0,
      hasPhone: (row.phones?.length ?? 0) > 0,
      freeMail: domain !== null && freeMailDomains.has(domain),
      hasCompany: row.company_id !== null,
      ownerId: row.owner_id,
      industry: row.industry,
      companySize: row.size,
      earlyActivities: num(row.early_activities),
      earlyMeetings: num(row.early_meetings),
      activities30d: num(row.activities_30d),
      daysSinceActivity: days(row.last_activity, at),
      openDeals: num(row.open_deals),
    };
  });
}

export const dealFeatureSpecs: FeatureSpec[] = [
  { kind: 'numeric', field: 'amount', log: true },
  { kind: 'categorical', field: 'currency' },
  { kind: 'numeric', field: 'stageProbability' },
  { kind: 'numeric', field: 'ageDays', log: true },
  { kind: 'numeric', field: 'daysInStage', log: true },
  { kind: 'numeric', field: 'stageChanges' },
  { kind: 'numeric', field: 'activities30d', log: true },
  { kind: 'numeric', field: 'meetings', log: true },
  { kind: 'numeric', field: 'calls', log: true },
  { kind: 'numeric', field: 'emails', log: true },
  { kind: 'numeric', field: 'daysSinceActivity', log: true },
  { kind: 'numeric', field: 'contacts' },
  { kind: 'categorical', field: 'pipeline' },
  { kind: 'categorical', field: 'owner' },
  { kind: 'categorical', field: 'industry' },
  { kind: 'categorical', field: 'companySize' },
];

export function dealFeatureRow(deal: DealSnapshot): FeatureRow {
  return {
    amount: deal.amount,
    currency: deal.currency,
    stageProbability: deal.stageProbability,
    ageDays: deal.ageDays,
    daysInStage: deal.daysInStage,
    stageChanges: deal.stageChanges,
    activities30d: deal.activities30d,
    meetings: deal.meetings,
    calls: deal.calls,
    emails: deal.emails,
    daysSinceActivity: deal.daysSinceActivity,
    contacts: deal.contacts,
    pipeline: deal.pipelineId,
    owner: deal.ownerId,
    industry: deal.industry,
    companySize: deal.companySize,
  };
}

export const contactFeatureSpecs: FeatureSpec[] = [
  { kind: 'categorical', field: 'leadSource' },
  { kind: 'categorical', field: 'seniority' },
  { kind: 'boolean', field: 'hasEmail' },
  { kind: 'boolean', field: 'hasPhone' },
  { kind: 'boolean', field: 'freeMail' },
  { kind: 'boolean', field: 'hasCompany' },
  { kind: 'categorical', field: 'owner' },
  { kind: 'categorical', field: 'industry' },
  { kind: 'categorical', field: 'companySize' },
  { kind: 'numeric', field: 'earlyActivities', log: true },
  { kind: 'numeric', field: 'earlyMeetings', log: true },
];

/** The lead model's inputs. Lifecycle stage and open deals are left out: they are the outcome it predicts. */
export function contactFeatureRow(contact: ContactSnapshot): FeatureRow {
  return {
    leadSource: contact.leadSource,
    seniority: seniorityOf(contact.title),
    hasEmail: contact.hasEmail,
    hasPhone: contact.hasPhone,
    freeMail: contact.freeMail,
    hasCompany: contact.hasCompany,
    owner: contact.ownerId,
    industry: contact.industry,
    companySize: contact.companySize,
    earlyActivities: contact.earlyActivities,
    earlyMeetings: contact.earlyMeetings,
  };
}

/** Lifecycle stages that mean a lead did not convert (compared lower-cased). */
export const lostLifecycleStages = ['unqualified', 'disqualified', 'lost', 'churned', 'bad_fit', 'bad fit', 'closed_lost'];

export interface LabelledPoint {
  id: string;
  /** When the outcome became known: the order of the time-based hold-out. */
  decidedAt: Date;
  /** The snapshot: a moment while the outcome was still open. */
  at: Date;
  label: 0 | 1;
}

/** A stable fraction in [0.2, 0.8] from an id, so a deal's training snapshot does not move between retrains. */
function snapshotFraction(id: string): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return 0.2 + ((hash >>> 0) / 0xffffffff) * 0.6;
}

/**
 * Closed deals with their outcome. The snapshot is a moment between the
 * deal's creation and its close, chosen per deal, so the model learns from
 * deals at every age and never sees the closing stage.
 */
export async function closedDeals(client: SqlClient, workspaceId: string): Promise<LabelledPoint[]> {
  const { rows } = await client.query<{ id: string; created_at: Date | string; closed_at: Date | string; type: 'won' | 'lost' }>(
    `select d.id, d.created_at, d.stage_changed_at as closed_at, s.type
     from deals d join pipeline_stages s on s.workspace_id = $1 and s.id = d.stage_id
     where d.workspace_id = $1 and d.deleted_at is null and s.type in ('won', 'lost')`,
    [workspaceId],
  );
  return rows.map((row) => {
    const created = new Date(row.created_at).getTime();
    const closed = Math.max(created, new Date(row.closed_at).getTime());
    return { id: row.id, decidedAt: new Date(closed), at: new Date(created + (closed - created) * snapshotFraction(row.id)), label: row.type === 'won' ? 1 : 0 };
  });
}

/**
 * Contacts whose outcome is known: converted (a customer, or on a won deal)
 * or not (a lost lifecycle stage, or only lost deals). The snapshot is the
 * end of the contact's first 30 days, or its last update if sooner.
 */
export async function decidedContacts(client: SqlClient, workspaceId: string): Promise<LabelledPoint[]> {
  const { rows } = await client.query<{ id: string; created_at: Date | string; updated_at: Date | string; converted: boolean }>(
    `select k.id, k.created_at, k.updated_at,
            (lower(coalesce(k.lifecycle_stage, '')) = 'customer' or bool_or(s.type = 'won')) as converted
     from contacts k
     left join deal_contacts dc on dc.workspace_id = $1 and dc.contact_id = k.id
     left join deals d on d.workspace_id = $1 and d.id = dc.deal_id and d.deleted_at is null
     left join pipeline_stages s on s.workspace_id = $1 and s.id = d.stage_id
     where k.workspace_id = $1 and k.deleted_at is null
     group by k.id
     having lower(coalesce(k.lifecycle_stage, '')) = 'customer'
         or lower(coalesce(k.lifecycle_stage, '')) = any($2::text[])
         or bool_or(s.type = 'won')
         or (count(d.id) > 0 and bool_and(s.type = 'lost'))`,
    [workspaceId, lostLifecycleStages],
  );
  return rows.map((row) => {
    const created = new Date(row.created_at).getTime();
    const decided = Math.max(created, new Date(row.updated_at).getTime());
    return { id: row.id, decidedAt: new Date(decided), at: new Date(Math.min(created + 30 * day, decided)), label: row.converted ? 1 : 0 };
  });
}
