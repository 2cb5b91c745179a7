'use client';

import { useId } from 'react';
import type { Activity, ActivityType, Member } from '@/lib/records';
import styles from './timeline.module.css';

/** What the activity forms hold while the user types; the API payload is made from it on submit. */
export interface ActivityDraft {
  subject: string;
  body: string;
  /** datetime-local text, e.g. 2025-03-01T09:30 */
  due: string;
  when: string;
  /** `when` is still the time the form was opened: the server stamps the real moment of saving instead. */
  whenAuto: boolean;
  assigneeId: string;
}

export type DraftErrors = Partial<Record<Exclude<keyof ActivityDraft, 'whenAuto'> | 'form', string>>;

interface TypeSpec {
  label: string;
  subject?: { label: string; required: boolean };
  body: { label: string; required: boolean };
  when?: string;
  submit: string;
}

export const typeSpecs: Record<ActivityType, TypeSpec> = {
  note: { label: 'Note', subject: { label: 'Title (optional)', required: false }, body: { label: 'Note text', required: true }, submit: 'Add note' },
  task: { label: 'Task', subject: { label: 'Task title', required: true }, body: { label: 'Details (optional)', required: false }, submit: 'Add task' },
  call: { label: 'Call', subject: { label: 'Call summary', required: false }, body: { label: 'Call notes', required: false }, when: 'When', submit: 'Log call' },
  meeting: { label: 'Meeting', subject: { label: 'Meeting title', required: true }, body: { label: 'Meeting notes', required: false }, when: 'When', submit: 'Log meeting' },
  email: { label: 'Email', subject: { label: 'Email subject', required: true }, body: { label: 'Email body', required: false }, when: 'Sent', submit: 'Log email' },
};

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the text of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(text: string): string | null | undefined {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function emptyDraft(type: ActivityType, meId: string): ActivityDraft {
  return { subject: '', body: '', due: '', when: typeSpecs[type].when ? toLocalInput(new Date().toISOString()) : '', whenAuto: true, assigneeId: type === 'task' ? meId : '' };
}

export function draftOf(activity: Activity): ActivityDraft {
  return {
    subject: activity.subject ?? '',
    body: activity.body ?? '',
    due: toLocalInput(activity.dueAt),
    when: toLocalInput(activity.occurredAt),
    whenAuto: false,
    assigneeId: activity.assigneeId ?? '',
  };
}

/** The fields to send for a draft, or the problems to show beside them. */
export function payloadOf(type: ActivityType, draft: ActivityDraft): { ok: true; payload: Record<string, unknown> } | { ok: false; errors: DraftErrors } {
  const spec = typeSpecs[type];
  const errors: DraftErrors = {};
  const subject = draft.subject.trim();
  const body = draft.body.trim();
  if (spec.subject?.required && !subject) errors.subject = type === 'task' ? 'Say what needs doing' : `Enter the ${spec.subject.label.toLowerCase()}`;
  if (spec.body.required && !body) errors.body = 'Write the note first';
  if (type === 'call' && !subject && !body) errors.subject = 'Add a summary or notes for the call';
  if (subject.length > 500) errors.subject = 'Use at most 500 characters';
  if (body.length > 100_000) errors.body = 'This is too long (at most 100,000 characters)';
  const payload: Record<string, unknown> = { subject: subject || null, body: body || null };
  if (type === 'task') {
    const due = fromLocalInput(draft.due);
    if (due === undefined) errors.due = 'Enter a valid date and time';
    payload.dueAt = due ?? null;
    payload.assigneeId = draft.assigneeId || null;
  }
  if (spec.when && !draft.whenAuto) {
    const when = fromLocalInput(draft.when);
    if (when === undefined) errors.when = 'Enter a valid date and time';
    if (when) payload.occurredAt = when;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, payload };
}

const serverPaths: Record<string, Exclude<keyof ActivityDraft, 'whenAuto'>> = { subject: 'subject', body: 'body', dueAt: 'due', occurredAt: 'when', assigneeId: 'assigneeId' };

/** The server's field messages, placed on the form's own fields; anything else goes to the form. */
export function draftErrorsOf(fieldErrors: Record<string, string>, message: string): DraftErrors {
  const out: DraftErrors = {};
  for (const [path, text] of Object.entries(fieldErrors)) {
    const key = serverPaths[path.split('.')[0] ?? ''];
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    if (key && !out[key]) out[key] = sentence;
    else if (!out.form) out.form = sentence;
  }
  if (Object.keys(out).length === 0) out.form = message;
  return out;
}

/** The inputs of one kind of activity; the same for creating and editing. */
export function ActivityFields({
  type,
  draft,
  errors,
  members,
  meId,
  onChange,
}: {
  type: ActivityType;
  draft: ActivityDraft;
  errors: DraftErrors;
  members: readonly Member[];
  meId: string;
  onChange: (patch: Partial<ActivityDraft>) => void;
}) {
  const spec = typeSpecs[type];
  const id = useId();
  const describe = (key: Exclude<keyof ActivityDraft, 'whenAuto'>) => (errors[key] ? `${id}-${key}-error` : undefined);
  const error = (key: Exclude<keyof ActivityDraft, 'whenAuto'>) =>
    errors[key] ? (
      <span id={`${id}-${key}-error`} className="field-error" role="alert">
        {errors[key]}
      </span>
    ) : null;
  return (
    <>
      {spec.subject ? (
        <div className="field">
          <label htmlFor={`${id}-subject`}>{spec.subject.label}</label>
          <input
            id={`${id}-subject`}
            className="input"
            type="text"
            value={draft.subject}
            maxLength={500}
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={describe('subject')}
            onChange={(e) => onChange({ subject: e.target.value })}
          />
          {error('subject')}
        </div>
      ) : null}
      {type === 'task' ? (
        <div className={styles.fieldRow}>
          <div className="field">
            <label htmlFor={`${id}-due`}>Due</label>
            <input
              id={`${id}-due`}
              className="input"
              type="datetime-local"
              value={draft.due}
              aria-invalid={errors.due ? true : undefined}
              aria-describedby={describe('due')}
              onChange={(e) => onChange({ due: e.target.value })}
            />
            {error('due')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-assignee`}>Assignee</label>
            <select
              id={`${id}-assignee`}
              className="select"
              value={draft.assigneeId}
              aria-invalid={errors.assigneeId ? true : undefined}
              aria-describedby={describe('assigneeId')}
              onChange={(e) => onChange({ assigneeId: e.target.value })}
            >
              <option value="">Unassigned</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name || m.email}
                  {m.userId === meId ? ' (you)' : ''}
                </option>
              ))}
              {draft.assigneeId && !members.some((m) => m.userId === draft.assigneeId) ? <option value={draft.assigneeId}>Former member</option> : null}
            </select>
            {error('assigneeId')}
          </div>
        </div>
      ) : null}
      {spec.when ? (
        <div className="field">
          <label htmlFor={`${id}-when`}>{spec.when}</label>
          <input
            id={`${id}-when`}
            className="input"
            type="datetime-local"
            value={draft.when}
            aria-invalid={errors.when ? true : undefined}
            aria-describedby={describe('when')}
            onChange={(e) => onChange({ when: e.target.value, whenAuto: false })}
          />
          {error('when')}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-body`}>{spec.body.label}</label>
        <textarea
          id={`${id}-body`}
          className="textarea"
          value={draft.body}
          rows={type === 'note' ? 4 : 3}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={[describe('body'), `${id}-body-hint`].filter(Boolean).join(' ')}
          onChange={(e) => onChange({ body: e.target.value })}
        />
        <span id={`${id}-body-hint`} className="field-hint">
          Markdown works: **bold**, _italic_, lists, links.
        </span>
        {error('body')}
      </div>
    </>
  );
}
