'use client';

import { useCallback, useId, useState, type FormEvent } from 'react';
import { Alert, Dialog, useToast } from '@/components/ui';
import { api, ApiError, errorMessage, ifMatch, isStaleWrite } from '@/lib/api';
import { formatDateTime, type Activity, type Member } from '@/lib/records';
import { ActivityFields, draftErrorsOf, draftOf, payloadOf, typeSpecs, type ActivityDraft, type DraftErrors } from './activity-form';
import { ActivityIcon } from './activity-icon';
import { MarkdownBody } from './markdown';
import styles from './timeline.module.css';

function personName(members: readonly Member[], id: string | null, meId: string): string {
  if (!id) return '';
  if (id === meId) return 'you';
  const m = members.find((x) => x.userId === id);
  return m ? m.name || m.email : 'a former member';
}

/** One entry of the timeline: read it, tick a task done, edit it in place, delete it. */
export function ActivityItem({
  activity,
  members,
  meId,
  canEdit,
  onChanged,
  onDeleted,
}: {
  activity: Activity;
  members: readonly Member[];
  meId: string;
  canEdit: boolean;
  onChanged: (activity: Activity) => void;
  onDeleted: (id: string) => void;
}) {
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<ActivityDraft>(() => draftOf(activity));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [busy, setBusy] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const spec = typeSpecs[activity.type];
  const title = activity.subject?.trim() || spec.label;
  const named = `${spec.label.toLowerCase()}${activity.subject ? ` “${activity.subject}”` : ''}`;
  const author = personName(members, activity.createdBy, meId);
  const done = activity.status === 'done';
  const overdue = activity.type === 'task' && !done && activity.dueAt !== null && new Date(activity.dueAt).getTime() < Date.now();
  const closeDialog = useCallback(() => setConfirming(false), []);

  async function fresh(): Promise<Activity | undefined> {
    try {
      const latest = await api<Activity>(`/api/v1/activities/${activity.id}`);
      onChanged(latest);
      return latest;
    } catch {
      return undefined;
    }
  }

  async function toggle(nextDone: boolean) {
    const status = nextDone ? 'done' : 'open';
    setToggling(true);
    onChanged({ ...activity, status, completedAt: nextDone ? new Date().toISOString() : null });
    try {
      onChanged(await api<Activity>(`/api/v1/activities/${activity.id}`, { method: 'PATCH', body: { status }, headers: ifMatch(activity.version) }));
    } catch (error) {
      if (isStaleWrite(error)) {
        const latest = await fresh();
        if (latest?.status !== status) toast('This task was changed elsewhere; the latest version is shown.', 'error');
      } else {
        onChanged(activity);
        toast(errorMessage(error), 'error');
      }
    } finally {
      setToggling(false);
    }
  }

  function startEdit() {
    setDraft(draftOf(activity));
    setErrors({});
    setEditing(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const result = payloadOf(activity.type, draft);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      onChanged(await api<Activity>(`/api/v1/activities/${activity.id}`, { method: 'PATCH', body: result.payload, headers: ifMatch(activity.version) }));
      setEditing(false);
    } catch (error) {
      if (isStaleWrite(error)) {
        await fresh();
        setErrors({ form: 'This activity was changed elsewhere, so your edit was not saved. The latest version is loaded: save again to apply your edit over it, or cancel.' });
      } else if (error instanceof ApiError && error.status === 404) {
        onDeleted(activity.id);
        toast('That activity was deleted elsewhere.', 'error');
      } else setErrors(error instanceof ApiError ? draftErrorsOf(error.fieldErrors(), error.message) : { form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={styles.item}>
      <article aria-labelledby={`${id}-title`} className={styles.article}>
        <span className={`${styles.marker} ${styles[`marker_${activity.type}`] ?? ''}`}>
          <ActivityIcon type={activity.type} />
        </span>
        <div className={styles.content}>
          <div className={styles.itemHeader}>
            {activity.type === 'task' ? (
              <input
                type="checkbox"
                className={styles.check}
                checked={done}
                disabled={!canEdit || toggling}
                aria-label={`Complete task “${title}”`}
                onChange={(e) => void toggle(e.target.checked)}
              />
            ) : null}
            <span className={styles.typeLabel}>{spec.label}</span>
            <h3 id={`${id}-title`} className={`${styles.itemTitle} ${done ? styles.done : ''}`}>
              {title}
            </h3>
            {activity.type === 'task' ? <span className={`badge ${done ? styles.badgeDone : overdue ? styles.badgeOverdue : ''}`}>{done ? 'Done' : overdue ? 'Overdue' : 'Open'}</span> : null}
          </div>
          <p className={styles.meta}>
            <time dateTime={activity.occurredAt}>{formatDateTime(activity.occurredAt)}</time>
            {author ? <span>by {author}</span> : null}
            {activity.type === 'task' && activity.dueAt ? (
              <span>
                due <time dateTime={activity.dueAt}>{formatDateTime(activity.dueAt)}</time>
              </span>
            ) : null}
            {activity.type === 'task' ? <span>{activity.assigneeId ? `assigned to ${personName(members, activity.assigneeId, meId)}` : 'unassigned'}</span> : null}
          </p>
          {editing ? (
            <form
              className={styles.editForm}
              aria-label={`Edit ${named}`}
              noValidate
              onSubmit={(e) => void save(e)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setEditing(false);
                }
              }}
            >
              {errors.form ? <Alert>{errors.form}</Alert> : null}
              <ActivityFields type={activity.type} draft={draft} errors={errors} members={members} meId={meId} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
              <div className={styles.formActions}>
                <button type="button" className="btn" onClick={() => setEditing(false)}>
                  Cancel
                </button>
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {busy ? 'Saving…' : 'Save'}
                </button>
              </div>
            </form>
          ) : (
            <>
              {activity.body ? <MarkdownBody text={activity.body} /> : null}
              {canEdit ? (
                <div className={styles.itemActions}>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={startEdit} aria-label={`Edit ${named}`}>
                    Edit
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(true)} aria-label={`Delete ${named}`}>
                    Delete
                  </button>
                </div>
              ) : null}
            </>
          )}
        </div>
      </article>
      {confirming ? <DeleteActivity activity={activity} label={spec.label} onClose={closeDialog} onDeleted={onDeleted} /> : null}
    </li>
  );
}

function DeleteActivity({ activity, label, onClose, onDeleted }: { activity: Activity; label: string; onClose: () => void; onDeleted: (id: string) => void }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/activities/${activity.id}`, { method: 'DELETE' });
      toast(`${label} deleted`);
      onDeleted(activity.id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        onDeleted(activity.id);
        return;
      }
      setError(errorMessage(e));
      setBusy(false);
    }
  }
  return (
    <Dialog title={`Delete this ${label.toLowerCase()}?`} onClose={onClose}>
      {activity.subject ? (
        <p>
          <strong>{activity.subject}</strong>
        </p>
      ) : null}
      <p className="muted">It is removed from every record it is linked to.</p>
      {error ? <Alert>{error}</Alert> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void confirm()}>
          {busy ? 'Deleting…' : `Delete ${label.toLowerCase()}`}
        </button>
      </div>
    </Dialog>
  );
}
