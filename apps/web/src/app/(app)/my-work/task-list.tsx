'use client';

import Link from 'next/link';
import { useState } from 'react';
import { EmptyState, ErrorState, useToast } from '@/components/ui';
import { api, ApiError, errorMessage } from '@/lib/api';
import type { Activity } from '@/lib/records';
import { daysFrom, dueGroups, groupByDue, type DueGroup } from './due-groups';
import styles from './my-work.module.css';
import type { LinkedRecord, MyTasks, useMyTasks } from './use-my-work';

function dueLabel(dueAt: string, group: DueGroup, now: Date): string {
  const due = new Date(dueAt);
  const time = due.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  const days = daysFrom(due, now);
  if (group === 'today') return `Today, ${time}`;
  if (days === 1) return `Tomorrow, ${time}`;
  if (days === -1) return 'Yesterday';
  const date = due.toLocaleDateString(undefined, { month: 'short', day: 'numeric', ...(due.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
  return days < 0 ? `${date} · ${-days} days ago` : date;
}

/** What a task is about: its first deal, contact and company, as links. */
function aboutOf(task: Activity, names: Map<string, LinkedRecord>): LinkedRecord[] {
  return [task.dealIds[0], task.contactIds[0], task.companyIds[0]].flatMap((id) => {
    const record = id ? names.get(id) : undefined;
    return record ? [record] : [];
  });
}

export function TaskList({ tasks }: { tasks: ReturnType<typeof useMyTasks> }) {
  const toast = useToast();
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [now] = useState(() => new Date());

  if (tasks.status === 'loading') {
    return (
      <div className={styles.skeletons} role="status" aria-label="Loading tasks">
        {[0, 1, 2].map((i) => (
          <div key={i} className="skeleton" style={{ height: 36 }} />
        ))}
      </div>
    );
  }
  if (tasks.status === 'error') return <ErrorState message={tasks.error} onRetry={tasks.reload} />;
  const { data } = tasks;

  async function setDone(task: Activity, done: boolean) {
    setSaving((s) => new Set(s).add(task.id));
    const previous = task;
    // Shown at once; the server's answer (or a refusal) replaces it.
    tasks.setData((d: MyTasks) => ({ ...d, tasks: d.tasks.map((t) => (t.id === task.id ? { ...t, status: done ? 'done' : 'open' } : t)) }));
    try {
      const saved = await api<Activity>(`/api/v1/activities/${task.id}`, {
        method: 'PATCH',
        body: { status: done ? 'done' : 'open' },
        headers: { 'if-match': `"${task.version}"` },
      });
      tasks.setData((d: MyTasks) => ({ ...d, tasks: d.tasks.map((t) => (t.id === task.id ? saved : t)) }));
    } catch (error) {
      tasks.setData((d: MyTasks) => ({ ...d, tasks: d.tasks.map((t) => (t.id === task.id ? previous : t)) }));
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
        toast('This task was changed by someone else; the list was reloaded. Try again.', 'error');
        tasks.reload();
      } else if (error instanceof ApiError && error.status === 404) {
        toast('This task no longer exists; the list was reloaded.', 'error');
        tasks.reload();
      } else {
        toast(errorMessage(error), 'error');
      }
    } finally {
      setSaving((s) => {
        const next = new Set(s);
        next.delete(task.id);
        return next;
      });
    }
  }

  if (data.tasks.length === 0) {
    return (
      <EmptyState title="Nothing due — nice">
        <p className="muted">Open tasks assigned to you will show up here.</p>
      </EmptyState>
    );
  }

  const grouped = groupByDue(data.tasks, now);
  return (
    <div className={styles.taskGroups}>
      {dueGroups.map(({ key, label }) => {
        const items = grouped[key];
        if (items.length === 0) return null;
        const headingId = `tasks-${key}`;
        return (
          <section key={key} aria-labelledby={headingId} className={styles.taskGroup}>
            <h3 id={headingId} className={`${styles.groupHeading} ${key === 'overdue' ? styles.overdue : ''}`}>
              {label} <span className={styles.count}>{items.length}</span>
            </h3>
            <ul className={styles.list}>
              {items.map((task) => {
                const done = task.status === 'done';
                const subject = task.subject?.trim() || 'Untitled task';
                const about = aboutOf(task, data.names);
                const checkboxId = `task-${task.id}`;
                return (
                  <li key={task.id} className={`${styles.task} ${done ? styles.done : ''}`}>
                    <input
                      id={checkboxId}
                      type="checkbox"
                      className={styles.checkbox}
                      checked={done}
                      disabled={saving.has(task.id)}
                      onChange={(event) => void setDone(task, event.target.checked)}
                      aria-describedby={`${checkboxId}-due`}
                    />
                    <div className={styles.taskBody}>
                      <label htmlFor={checkboxId} className={styles.subject}>
                        <span className="visually-hidden">{done ? 'Done: ' : 'Mark as done: '}</span>
                        {subject}
                      </label>
                      <div className={styles.meta}>
                        <span id={`${checkboxId}-due`} className={key === 'overdue' && !done ? styles.overdue : undefined}>
                          {task.dueAt ? dueLabel(task.dueAt, key, now) : 'No due date'}
                        </span>
                        {about.map((record) => (
                          <Link key={record.href} href={record.href} className={styles.about}>
                            {record.name}
                          </Link>
                        ))}
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {data.more ? <p className="muted">Showing the first {data.tasks.length} tasks.</p> : null}
    </div>
  );
}
