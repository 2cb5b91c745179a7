import {
  clip,
  dateField,
  daysFrom,
  decimalField,
  isoDay,
  joinAnd,
  lastHappened,
  lineField,
  listField,
  openTasks,
  personName,
  plural,
  readTimeline,
  recordId,
  relativeDays,
  timeField,
  type ApiRecordLike,
} from './brief-records';
import type { BriefFact, BriefInput, BriefSourceObject, BriefStage } from './brief.schemas';

/** The id of the fact a piece of the summary rests on. */
interface Ref {
  ref: string;
}

/**
 * The facts, and the same values in structured form for the offline
 * summary, each with the id of its fact so the prose cites what it says.
 */
export interface BriefSnapshot {
  object: BriefInput['object'];
  facts: BriefFact[];
  name?: Ref & { text: string };
  title?: Ref & { text: string };
  company?: Ref & { text: string };
  industry?: Ref & { text: string };
  size?: Ref & { text: string };
  contacts?: Ref & { count: number };
  amount?: Ref & { text: string };
  stage?: Ref & { name: string; probability: number; type: BriefStage['type'] };
  close?: Ref & { day: string; inDays: number; overdue: boolean };
  inStage?: Ref & { days: number };
  openDeals?: Ref & { count: number; total?: string };
  recent?: Ref & { calls: number; meetings: number; emails: number };
  last?: Ref & { type: string; subject?: string; inDays: number };
  nextTask?: Ref & { subject?: string; day?: string; inDays?: number; overdue: boolean };
  nextMeeting?: Ref & { subject?: string; day: string; inDays: number };
  noActivity?: Ref;
}

/** Values from records are cut so that one long field cannot crowd out the rest of the prompt. */
const maxValueChars = 300;
const recentDays = 30;
const activityLabels: Readonly<Record<string, string>> = { email: 'e-mail', task: 'completed task' };
const dayMs = 86_400_000;

/**
 * The facts a brief may rest on, computed from the input alone, numbered
 * `f1`, `f2`… in order of importance. Counts cover only the activities the
 * caller passed.
 *
 * @example
 * const facts = buildBriefFacts({ object: 'deals', record: deal, companies: [acme], contacts, deals: [], activities, stages, now: new Date() });
 * // [{ id: 'f1', label: 'Deal', value: 'Acme renewal', source: { object: 'deals', id: deal.id } }, …]
 */
export function buildBriefFacts(input: BriefInput): BriefFact[] {
  return collectBrief(input).facts;
}

export function collectBrief(input: BriefInput): BriefSnapshot {
  const { record, now } = input;
  const facts: BriefFact[] = [];
  const self = { object: input.object, id: recordId(record) };
  const add = (label: string, value: string, source: { object: BriefSourceObject; id: string } = self): string => {
    const id = `f${facts.length + 1}`;
    facts.push({ id, label, value: clip(value, maxValueChars), source });
    return id;
  };
  const snapshot: BriefSnapshot = { object: input.object, facts };

  if (input.object === 'contacts') {
    const name = personName(record);
    if (name) snapshot.name = { text: name, ref: add('Name', name) };
    const title = lineField(record, 'title');
    if (title) snapshot.title = { text: title, ref: add('Title', title) };
    const company = primaryCompany(record, input.companies);
    const companyName = lineField(company, 'name');
    if (company && companyName) snapshot.company = { text: companyName, ref: add('Company', companyName, { object: 'companies', id: recordId(company) }) };
    const lifecycle = lineField(record, 'lifecycleStage');
    if (lifecycle) add('Lifecycle stage', lifecycle);
    const leadSource = lineField(record, 'leadSource');
    if (leadSource) add('Lead source', leadSource);
    const emails = listField(record, 'emails').length;
    const phones = listField(record, 'phones').length;
    add('Contact details', `${emails === 0 ? 'no e-mail address' : plural(emails, 'e-mail address', 'e-mail addresses')}, ${phones === 0 ? 'no phone number' : plural(phones, 'phone number')}`);
  } else if (input.object === 'companies') {
    const name = lineField(record, 'name');
    if (name) snapshot.name = { text: name, ref: add('Company', name) };
    const industry = lineField(record, 'industry');
    if (industry) snapshot.industry = { text: industry, ref: add('Industry', industry) };
    const size = lineField(record, 'size');
    if (size) snapshot.size = { text: size, ref: add('Size', size) };
    const domain = lineField(record, 'domain');
    if (domain) add('Domain', domain);
    snapshot.contacts = { count: input.contacts.length, ref: add('Contacts', contactList(input.contacts)) };
  } else {
    const name = lineField(record, 'name');
    if (name) snapshot.name = { text: name, ref: add('Deal', name) };
    const amount = moneyText(decimalField(record, 'amount'), lineField(record, 'currency'));
    if (amount) snapshot.amount = { text: amount, ref: add('Amount', amount) };
    const stage = stageOf(record, input.stages);
    if (stage) {
      const value = `${stage.name} (${stage.type} stage, ${stage.probability}% probability)`;
      snapshot.stage = { name: stage.name, probability: stage.probability, type: stage.type, ref: add('Stage', value) };
    }
    const closeDate = dateField(record, 'closeDate');
    if (closeDate) {
      const inDays = daysFrom(now, closeDate);
      // A won or lost deal is closed: only an open one (or one in an unknown stage) can be late.
      const overdue = inDays < 0 && (stage === undefined || stage.type === 'open');
      const day = isoDay(closeDate);
      snapshot.close = { day, inDays, overdue, ref: add('Close date', `${day} (${relativeDays(inDays)}${overdue ? ', overdue' : ''})`) };
    }
    const changedAt = timeField(record, 'stageChangedAt');
    if (changedAt && stage) {
      const days = Math.max(0, Math.floor((now.getTime() - changedAt.getTime()) / dayMs));
      snapshot.inStage = { days, ref: add('Time in stage', `${plural(days, 'day')} (since ${isoDay(changedAt)})`) };
    }
    const company = primaryCompany(record, input.companies);
    const companyName = lineField(company, 'name');
    if (company && companyName) snapshot.company = { text: companyName, ref: add('Company', companyName, { object: 'companies', id: recordId(company) }) };
    if (input.contacts.length > 0) snapshot.contacts = { count: input.contacts.length, ref: add('Contacts', contactList(input.contacts)) };
  }

  // For a deal, its own row may be among the related deals; it is described above, not counted again.
  const others = input.deals.filter((deal) => input.object !== 'deals' || recordId(deal) !== self.id);
  if (input.object !== 'deals' || others.length > 0) {
    const open = others.filter((deal) => stageOf(deal, input.stages)?.type === 'open');
    const total = sumByCurrency(open);
    const value = open.length === 0 ? 'none' : `${open.length}${total ? `, worth ${total} in total` : ''}`;
    snapshot.openDeals = { count: open.length, ...(total ? { total } : {}), ref: add(input.object === 'deals' ? 'Other open deals' : 'Open deals', value) };
  }

  const owner = input.members?.find((member) => member.id === lineField(record, 'ownerId'));
  if (owner && owner.name.trim() !== '') add('Owner', owner.name.trim());
  const tags = listField(record, 'tags');
  if (tags.length > 0) add('Tags', tags.join(', '));

  addTimeline(input, snapshot, add);
  return { ...snapshot, facts: facts.slice(0, 30) };
}

function addTimeline(input: BriefInput, snapshot: BriefSnapshot, add: (label: string, value: string, source?: { object: BriefSourceObject; id: string }) => string): void {
  const { now } = input;
  const timeline = readTimeline(input.activities);
  if (timeline.length === 0) {
    snapshot.noActivity = { ref: add('Activity', 'none on record') };
    return;
  }
  const activity = (id: string) => ({ object: 'activities' as const, id });
  const quoted = (subject: string | undefined): string => (subject ? ` "${subject}"` : '');

  const last = lastHappened(timeline, now);
  if (last) {
    const inDays = daysFrom(now, last.at);
    const what = activityLabels[last.type] ?? last.type;
    snapshot.last = {
      type: what,
      ...(last.subject ? { subject: last.subject } : {}),
      inDays,
      ref: add('Last activity', `${what}${quoted(last.subject)} on ${isoDay(last.at)} (${relativeDays(inDays)})`, activity(last.id)),
    };
  }

  const tasks = openTasks(timeline);
  const next = tasks[0];
  if (next) {
    const due = next.dueAt;
    const overdue = due !== undefined && due.getTime() < now.getTime();
    const inDays = due && daysFrom(now, due);
    const when = due ? `due ${isoDay(due)} (${relativeDays(inDays!)}${overdue ? ', overdue' : ''})` : 'no due date';
    snapshot.nextTask = {
      ...(next.subject ? { subject: next.subject } : {}),
      ...(due ? { day: isoDay(due), inDays: inDays! } : {}),
      overdue,
      ref: add('Next task', `${next.subject ? `"${next.subject}"` : 'task without a subject'}, ${when}`, activity(next.id)),
    };
  }

  const meeting = timeline.filter((item) => item.type === 'meeting' && item.at.getTime() > now.getTime()).at(-1);
  if (meeting) {
    const inDays = daysFrom(now, meeting.at);
    snapshot.nextMeeting = {
      ...(meeting.subject ? { subject: meeting.subject } : {}),
      day: isoDay(meeting.at),
      inDays,
      ref: add('Next meeting', `meeting${quoted(meeting.subject)} on ${isoDay(meeting.at)} (${relativeDays(inDays)})`, activity(meeting.id)),
    };
  }

  const since = now.getTime() - recentDays * dayMs;
  const recent = timeline.filter((item) => !item.openTask && item.at.getTime() > since && item.at.getTime() <= now.getTime());
  const count = (type: string): number => recent.filter((item) => item.type === type).length;
  const calls = count('call');
  const meetings = count('meeting');
  const emails = count('email');
  snapshot.recent = {
    calls,
    meetings,
    emails,
    ref: add(`Calls, meetings and e-mails in the last ${recentDays} days`, `${plural(calls, 'call')}, ${plural(meetings, 'meeting')}, ${plural(emails, 'e-mail')}`),
  };

  if (tasks.length > 0) {
    const overdue = tasks.filter((task) => task.dueAt && task.dueAt.getTime() < now.getTime()).length;
    add('Open tasks', `${tasks.length}${overdue > 0 ? ` (${overdue} overdue)` : ''}`);
  }
}

function stageOf(deal: ApiRecordLike, stages: readonly BriefStage[]): BriefStage | undefined {
  const id = lineField(deal, 'stageId');
  return id === undefined ? undefined : stages.find((stage) => stage.id === id);
}

/** The record's primary company, else its first linked one that was passed, else the first passed. */
function primaryCompany(record: ApiRecordLike, companies: readonly ApiRecordLike[]): ApiRecordLike | undefined {
  const ids = [lineField(record, 'companyId'), ...listField(record, 'companyIds')].filter((id): id is string => id !== undefined);
  for (const id of ids) {
    const found = companies.find((company) => recordId(company) === id);
    if (found) return found;
  }
  return companies[0];
}

/** "Ada Lovelace (CTO), Grace Hopper and 3 more"; contacts known only by e-mail are counted, not named. */
function contactList(contacts: readonly ApiRecordLike[]): string {
  if (contacts.length === 0) return 'none';
  const named = contacts
    .map((contact) => {
      const name = personName(contact);
      const title = lineField(contact, 'title');
      return name && title ? `${name} (${title})` : name;
    })
    .filter((name): name is string => name !== undefined)
    .slice(0, 5);
  if (named.length === 0) return plural(contacts.length, 'contact');
  const more = contacts.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/** "50,000 USD", "1,234.50 EUR"; an amount without a currency stands alone. */
export function moneyText(amount: string | undefined, currency: string | undefined): string | undefined {
  if (amount === undefined) return undefined;
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = /[1-9]/.test(fraction) ? `.${fraction.replace(/0+$/, '').padEnd(2, '0')}` : '';
  return `${negative ? '-' : ''}${grouped}${cents}${currency ? ` ${currency}` : ''}`;
}

/** Exact sums per currency, on scaled integers: "80,000 USD and 10,000 EUR". */
function sumByCurrency(deals: readonly ApiRecordLike[]): string | undefined {
  const scale = 1_000_000n;
  const totals = new Map<string, bigint>();
  for (const deal of deals) {
    const amount = decimalField(deal, 'amount');
    if (amount === undefined) continue;
    const negative = amount.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
    const scaled = BigInt(whole) * scale + BigInt(fraction.padEnd(6, '0').slice(0, 6));
    const currency = lineField(deal, 'currency') ?? '';
    totals.set(currency, (totals.get(currency) ?? 0n) + (negative ? -scaled : scaled));
  }
  if (totals.size === 0) return undefined;
  const parts = [...totals.entries()].map(([currency, total]) => {
    const negative = total < 0n;
    const absolute = negative ? -total : total;
    const text = `${negative ? '-' : ''}${absolute / scale}.${String(absolute % scale).padStart(6, '0')}`;
    return moneyText(text, currency || undefined)!;
  });
  return joinAnd(parts);
}
