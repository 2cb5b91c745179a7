'use client';

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Alert, useToast } from '@/components/ui';
import { api, ApiError, errorMessage } from '@/lib/api';
import type { Activity, ActivityType, Member } from '@/lib/records';
import { ActivityFields, draftErrorsOf, emptyDraft, payloadOf, typeSpecs, type ActivityDraft, type DraftErrors } from './activity-form';
import { ActivityIcon } from './activity-icon';
import type { TimelineObject } from './use-timeline';
import styles from './timeline.module.css';

const tabs: ActivityType[] = ['note', 'task', 'call', 'meeting', 'email'];
const linkField: Record<TimelineObject, 'contactIds' | 'companyIds' | 'dealIds'> = { contacts: 'contactIds', companies: 'companyIds', deals: 'dealIds' };

function newKey(): string | undefined {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : undefined;
}

/**
 * Notes, tasks, calls, meetings and emails for this record. Each tab keeps
 * its own draft, so switching tabs loses nothing; a submission carries an
 * idempotency key, so a retry after a lost answer never logs the call twice.
 */
export function Composer({ object, recordId, members, meId, onCreated }: { object: TimelineObject; recordId: string; members: readonly Member[]; meId: string; onCreated: (activity: Activity) => void }) {
  const toast = useToast();
  const [active, setActive] = useState<ActivityType>('note');
  const [drafts, setDrafts] = useState<Record<ActivityType, ActivityDraft>>(() => ({
    note: emptyDraft('note', meId),
    task: emptyDraft('task', meId),
    call: emptyDraft('call', meId),
    meeting: emptyDraft('meeting', meId),
    email: emptyDraft('email', meId),
  }));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [busy, setBusy] = useState(false);
  const keys = useRef<Partial<Record<ActivityType, string>>>({});
  const tabRefs = useRef<Partial<Record<ActivityType, HTMLButtonElement | null>>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);
  const id = useId();
  const spec = typeSpecs[active];

  useEffect(() => {
    // After a refused submit, the first field to fix takes the focus (once it is marked invalid on screen).
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  function select(type: ActivityType, focus = false) {
    setActive(type);
    setErrors({});
    if (focus) tabRefs.current[type]?.focus();
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = tabs.indexOf(active);
    let next: ActivityType | undefined;
    if (event.key === 'ArrowRight') next = tabs[(index + 1) % tabs.length];
    else if (event.key === 'ArrowLeft') next = tabs[(index - 1 + tabs.length) % tabs.length];
    else if (event.key === 'Home') next = tabs[0];
    else if (event.key === 'End') next = tabs[tabs.length - 1];
    if (next) {
      event.preventDefault();
      select(next, true);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const type = active;
    const result = payloadOf(type, drafts[type]);
    if (!result.ok) {
      focusInvalid.current = true;
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const key = (keys.current[type] ??= newKey());
    try {
      const created = await api<Activity>('/api/v1/activities', {
        method: 'POST',
        body: { type, ...result.payload, [linkField[object]]: [recordId] },
        headers: key ? { 'idempotency-key': key } : {},
      });
      delete keys.current[type];
      setDrafts((d) => ({ ...d, [type]: emptyDraft(type, meId) }));
      onCreated(created);
      toast(`${typeSpecs[type].label} added`);
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.code !== 'idempotency_in_progress') delete keys.current[type];
      focusInvalid.current = true;
      setErrors(error instanceof ApiError ? draftErrorsOf(error.fieldErrors(), error.message) : { form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={`card ${styles.composer}`} aria-label="Add activity">
      <div role="tablist" aria-label="Activity type" className={styles.tabs}>
        {tabs.map((type) => (
          <button
            key={type}
            ref={(el) => {
              tabRefs.current[type] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${type}`}
            aria-selected={active === type}
            aria-controls={`${id}-panel`}
            tabIndex={active === type ? 0 : -1}
            className={styles.tab}
            onClick={() => select(type)}
            onKeyDown={onTabKey}
          >
            <ActivityIcon type={type} />
            {typeSpecs[type].label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${active}`} className={styles.panel}>
        <form ref={formRef} aria-label={`New ${spec.label.toLowerCase()}`} noValidate onSubmit={(e) => void submit(e)}>
          {errors.form ? <Alert>{errors.form}</Alert> : null}
          <ActivityFields
            key={active}
            type={active}
            draft={drafts[active]}
            errors={errors}
            members={members}
            meId={meId}
            onChange={(patch) => {
              // A changed draft is a new submission: a retry of the old one would be refused as a different body under the same key.
              delete keys.current[active];
              setDrafts((d) => ({ ...d, [active]: { ...d[active], ...patch } }));
              setErrors((e) => {
                const next = { ...e };
                for (const k of Object.keys(patch)) delete next[k as keyof DraftErrors];
                return next;
              });
            }}
          />
          <div className={styles.formActions}>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Saving…' : spec.submit}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
