/**
 * Reading records as the API returns them (camelCase fields, relation id
 * arrays, `customFields`) without trusting their shape: the brief and the
 * draft get whatever the caller gathered, so a missing or mistyped field
 * reads as absent and is left out of the text rather than printed as
 * `undefined`. Shared by the brief and the draft features.
 */

/** A record as the API returns it. */
export type ApiRecordLike = Readonly<Record<string, unknown>>;

const dayMs = 86_400_000;

/** A text field on one line, whitespace collapsed; empty reads as absent. */
export function lineField(record: ApiRecordLike | undefined, key: string): string | undefined {
  const value = record?.[key];
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line;
}

/** A multi-line text field as written; blank reads as absent. */
export function textField(record: ApiRecordLike | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The non-empty strings of an array field (tags, emails, relation ids). */
export function listField(record: ApiRecordLike | undefined, key: string): string[] {
  const value = record?.[key];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

/** A timestamp field: an ISO string or a Date; anything unreadable is absent. */
export function timeField(record: ApiRecordLike | undefined, key: string): Date | undefined {
  const value = record?.[key];
  const date = value instanceof Date ? value : typeof value === 'string' && value.trim() !== '' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** A calendar date field (`closeDate`, "2026-12-15"), as midnight UTC. */
export function dateField(record: ApiRecordLike | undefined, key: string): Date | undefined {
  const value = record?.[key];
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A decimal amount ("1234.50", or a whole number); never read through a binary float. */
export function decimalField(record: ApiRecordLike | undefined, key: string): string | undefined {
  const value = record?.[key];
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return /^-?\d{1,15}(\.\d{1,6})?$/.test(trimmed) ? trimmed : undefined;
}

export function recordId(record: ApiRecordLike | undefined): string {
  const id = record?.['id'];
  return typeof id === 'string' ? id : '';
}

/** "Ada Lovelace", from first and last name; a contact known only by e-mail has no name here. */
export function personName(contact: ApiRecordLike | undefined): string | undefined {
  const name = [lineField(contact, 'firstName'), lineField(contact, 'lastName')].filter(Boolean).join(' ');
  return name === '' ? undefined : name;
}

/** YYYY-MM-DD of the UTC day. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Calendar days from `now` to `date`, by UTC day: 1 is tomorrow, -3 three days ago. */
export function daysFrom(now: Date, date: Date): number {
  return Math.floor(date.getTime() / dayMs) - Math.floor(now.getTime() / dayMs);
}

/** "today", "tomorrow", "yesterday", "in 13 days", "3 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** Cuts text to `max` characters with an ellipsis, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end);
  if (code >= 0xdc00 && code <= 0xdfff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** One activity of a timeline, its fields read once. */
export interface TimelineItem {
  id: string;
  type: string;
  subject?: string;
  body?: string;
  /** When it happened: a finished task counts from its completion. */
  at: Date;
  dueAt?: Date;
  /** A task not done yet: future work, not something that happened. */
  openTask: boolean;
}

/** The activities newest first, whatever order they came in; one without a date cannot be placed and is left out. */
export function readTimeline(activities: readonly ApiRecordLike[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const activity of activities) {
    const type = lineField(activity, 'type') ?? 'activity';
    const completedAt = timeField(activity, 'completedAt');
    const occurredAt = timeField(activity, 'occurredAt');
    const at = (type === 'task' ? completedAt : undefined) ?? occurredAt ?? completedAt;
    if (!at) continue;
    const subject = lineField(activity, 'subject');
    const body = textField(activity, 'body');
    const dueAt = timeField(activity, 'dueAt');
    items.push({
      id: recordId(activity),
      type,
      ...(subject === undefined ? {} : { subject }),
      ...(body === undefined ? {} : { body }),
      at,
      ...(dueAt === undefined ? {} : { dueAt }),
      openTask: type === 'task' && activity['status'] !== 'done' && completedAt === undefined,
    });
  }
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** The newest thing that happened by `now`: open tasks and scheduled meetings are not history. */
export function lastHappened(timeline: readonly TimelineItem[], now: Date, types?: readonly string[]): TimelineItem | undefined {
  return timeline.find((item) => !item.openTask && item.at.getTime() <= now.getTime() && (types === undefined || types.includes(item.type)));
}

/** Open tasks, soonest due first; tasks without a due date follow, newest first. */
export function openTasks(timeline: readonly TimelineItem[]): TimelineItem[] {
  const open = timeline.filter((item) => item.openTask);
  const dated = open.filter((item) => item.dueAt).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
  return [...dated, ...open.filter((item) => !item.dueAt)];
}
