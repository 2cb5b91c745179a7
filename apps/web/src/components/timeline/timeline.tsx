'use client';

import { useCallback, useRef } from 'react';
import type { Activity, Member } from '@/lib/records';
import { ActivityItem } from './activity-item';
import { Composer } from './composer';
import { useTimeline, type TimelineObject } from './use-timeline';
import styles from './timeline.module.css';

/** A record's activity: a composer on top, then notes, tasks, calls, meetings and emails, newest first. */
export function Timeline({ object, recordId, members, meId, canEdit }: { object: TimelineObject; recordId: string; members: readonly Member[]; meId: string; canEdit: boolean }) {
  const timeline = useTimeline(object, recordId);
  const { upsert, removeItem } = timeline;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const onDeleted = useCallback(
    (id: string) => {
      removeItem(id);
      // The deleted entry held the focus; put it somewhere that still exists.
      headingRef.current?.focus();
    },
    [removeItem],
  );
  const onCreated = useCallback((activity: Activity) => upsert(activity), [upsert]);

  return (
    <section className={styles.timeline} aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" ref={headingRef} tabIndex={-1} className={styles.heading}>
        Activity
      </h2>
      {canEdit ? <Composer object={object} recordId={recordId} members={members} meId={meId} onCreated={onCreated} /> : null}
      {timeline.state.status === 'loading' ? (
        <div className={styles.skeletonList} role="status" aria-label="Loading activity">
          {[0, 1, 2].map((i) => (
            <div key={i} className={styles.skeletonItem}>
              <div className="skeleton" style={{ width: 28, height: 28, borderRadius: '50%' }} />
              <div style={{ flex: 1 }}>
                <div className="skeleton" style={{ width: '45%', marginBottom: 8 }} />
                <div className="skeleton" style={{ width: '85%' }} />
              </div>
            </div>
          ))}
        </div>
      ) : timeline.state.status === 'error' ? (
        <div className="state" role="alert">
          <h3>The activity could not be loaded</h3>
          <div>{timeline.state.message}</div>
          <button type="button" className="btn" onClick={timeline.reload}>
            Try again
          </button>
        </div>
      ) : timeline.state.items.length === 0 ? (
        <div className="state">
          <h3>No activity yet</h3>
          <div>{canEdit ? 'Add a note, a task or log a call above.' : 'Notes, tasks, calls, meetings and emails will show here.'}</div>
        </div>
      ) : (
        <>
          <ol className={styles.list} aria-label="Timeline">
            {timeline.state.items.map((activity) => (
              <ActivityItem key={activity.id} activity={activity} members={members} meId={meId} canEdit={canEdit} onChanged={upsert} onDeleted={onDeleted} />
            ))}
          </ol>
          {timeline.moreError ? (
            <p className="field-error" role="alert">
              {timeline.moreError}
            </p>
          ) : null}
          {timeline.state.cursor ? (
            <button type="button" className="btn" disabled={timeline.loadingMore} onClick={() => void timeline.loadMore()}>
              {timeline.loadingMore ? 'Loading…' : 'Load older activity'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
