import type { ActivityType } from '@/lib/records';
import styles from './timeline.module.css';

const paths: Record<ActivityType, string> = {
  note: 'M4 2h6l4 4v10H4z M10 2v4h4 M6.5 9.5h5 M6.5 12.5h5',
  task: 'M3 3h12v12H3z M6 9l2.2 2.2L12.5 6.8',
  call: 'M5 2.5l2.5 3-1.6 1.6a9 9 0 0 0 5 5l1.6-1.6 3 2.5-1.5 2.5C8.5 15.5 2.5 9.5 2.5 4z',
  meeting: 'M3 4h12v11H3z M3 7.5h12 M6.5 2.5v3 M11.5 2.5v3',
  email: 'M2.5 4h13v10h-13z M2.5 4.5l6.5 5 6.5-5',
};

/** A small line icon for an activity type; decorative, the type is always also written out. */
export function ActivityIcon({ type }: { type: ActivityType }) {
  return (
    <svg className={styles.icon} viewBox="0 0 18 18" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[type]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
