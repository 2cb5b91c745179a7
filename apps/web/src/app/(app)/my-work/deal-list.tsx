'use client';

import Link from 'next/link';
import { useState } from 'react';
import { EmptyState, ErrorState } from '@/components/ui';
import { formatDate, formatMoney } from '@/lib/records';
import { daysFrom } from './due-groups';
import styles from './my-work.module.css';
import type { useMyDeals } from './use-my-work';

export function DealList({ deals }: { deals: ReturnType<typeof useMyDeals> }) {
  const [now] = useState(() => new Date());
  if (deals.status === 'loading') {
    return (
      <div className={styles.skeletons} role="status" aria-label="Loading deals">
        {[0, 1, 2].map((i) => (
          <div key={i} className="skeleton" style={{ height: 44 }} />
        ))}
      </div>
    );
  }
  if (deals.status === 'error') return <ErrorState message={deals.error} onRetry={deals.reload} />;
  const { data } = deals;
  if (data.deals.length === 0) {
    return (
      <EmptyState title="No open deals">
        <p className="muted">Deals you own in an open stage will show up here.</p>
      </EmptyState>
    );
  }
  const pipelines = new Set(data.deals.map((d) => d.pipeline?.id));
  return (
    <>
      <ul className={styles.list}>
        {data.deals.map(({ deal, stage, pipeline }) => {
          const late = deal.closeDate !== null && daysFrom(new Date(`${deal.closeDate}T00:00:00`), now) < 0;
          return (
            <li key={deal.id} className={styles.deal}>
              <Link href={`/deals/${deal.id}`} className={styles.dealName}>
                {deal.name}
              </Link>
              <div className={styles.meta}>
                <span className="badge">
                  {stage?.name ?? 'Unknown stage'}
                  {pipelines.size > 1 && pipeline ? ` · ${pipeline.name}` : ''}
                </span>
                {deal.amount !== null ? <span className={styles.amount}>{formatMoney(deal.amount, deal.currency)}</span> : null}
                <span className={late ? styles.overdue : undefined}>
                  {deal.closeDate ? `${late ? 'Was due to close' : 'Closes'} ${formatDate(deal.closeDate)}` : 'No close date'}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
      {data.more ? <p className="muted">Showing the first {data.deals.length} deals.</p> : null}
    </>
  );
}
