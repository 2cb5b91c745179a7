'use client';

import { useMe } from '@/lib/session';
import { DealList } from './deal-list';
import styles from './my-work.module.css';
import { TaskList } from './task-list';
import { useMyDeals, useMyTasks } from './use-my-work';

/** The signed-in user's open tasks by when they are due, and their open deals by close date. */
export default function MyWorkPage() {
  const me = useMe();
  const tasks = useMyTasks(me.user.id);
  const deals = useMyDeals(me.user.id);
  const openTasks = tasks.status === 'ready' ? tasks.data.tasks.filter((t) => t.status !== 'done').length : null;
  const openDeals = deals.status === 'ready' ? deals.data.deals.length : null;
  return (
    <div className="page">
      <div className="page-header">
        <h1>My work</h1>
      </div>
      <div className={styles.columns}>
        <section aria-labelledby="my-tasks" className={`card ${styles.section}`}>
          <h2 id="my-tasks" className={styles.sectionHeading}>
            My tasks {openTasks !== null ? <span className={styles.count}>{openTasks}</span> : null}
          </h2>
          <TaskList tasks={tasks} />
        </section>
        <section aria-labelledby="my-deals" className={`card ${styles.section}`}>
          <h2 id="my-deals" className={styles.sectionHeading}>
            My open deals {openDeals !== null ? <span className={styles.count}>{openDeals}</span> : null}
          </h2>
          <DealList deals={deals} />
        </section>
      </div>
    </div>
  );
}
