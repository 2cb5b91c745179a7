'use client';

import { useDroppable } from '@dnd-kit/core';
import { useId } from 'react';
import { formatMoney, type Stage } from '@/lib/records';
import type { ColumnState, StageSummary } from './board-state';
import { isZeroDecimal } from './decimal';
import { DealCard } from './deal-card';
import { QuickCreate, type QuickDealInput } from './quick-create';
import styles from './pipeline.module.css';

interface ColumnProps {
  stage: Stage;
  stages: Stage[];
  column: ColumnState;
  summary: StageSummary | undefined;
  summaryFailed: boolean;
  companies: Record<string, string>;
  today: string;
  readOnly: boolean;
  saving: ReadonlySet<string>;
  creating: boolean;
  onStartCreate: () => void;
  onCloseCreate: () => void;
  onCreate: (input: QuickDealInput) => Promise<void>;
  onMove: (dealId: string, stageId: string) => void;
  onLoadMore: () => void;
  onRetry: () => void;
}

function Totals({ summary, failed }: { summary: StageSummary | undefined; failed: boolean }) {
  if (!summary) return <div className={styles.totals}>{failed ? <span className="faint">Totals unavailable</span> : <span className={`skeleton ${styles.totalsSkeleton}`} />}</div>;
  // A currency whose deals all left the stage keeps a zero line until the server's figures come back; hide it.
  const totals = summary.totals.filter((t, _, all) => all.length === 1 || !isZeroDecimal(t.amount));
  if (totals.length === 0) return <div className={`${styles.totals} faint`}>No value</div>;
  return (
    <dl className={styles.totals}>
      <div>
        <dt>Total</dt>
        <dd data-testid="stage-total">{totals.map((t) => formatMoney(t.amount, t.currency)).join(' + ')}</dd>
      </div>
      <div>
        <dt>Weighted</dt>
        <dd data-testid="stage-weighted">{totals.map((t) => formatMoney(t.weighted, t.currency)).join(' + ')}</dd>
      </div>
    </dl>
  );
}

/** One stage: its figures for every deal in it, its cards a page at a time, and the drop target for moves. */
export function StageColumn(props: ColumnProps) {
  const { stage, stages, column, summary, summaryFailed, companies, today, readOnly, saving, creating } = props;
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const headingId = useId();
  const kind = stage.type === 'won' ? styles.columnWon : stage.type === 'lost' ? styles.columnLost : '';
  const count = summary?.count;
  const shown = column.deals.length;

  return (
    <section
      ref={setNodeRef}
      className={`${styles.column} ${kind} ${isOver ? styles.columnOver : ''}`}
      aria-labelledby={headingId}
      data-testid="pipeline-column"
      data-stage-id={stage.id}
      data-stage-name={stage.name}
    >
      <header className={styles.head}>
        <div className={styles.headTop}>
          <h2 id={headingId} className={styles.stageName}>
            {stage.name}
          </h2>
          {stage.type !== 'open' && stage.name.toLowerCase() !== stage.type ? <span className={`badge ${stage.type === 'won' ? styles.wonBadge : styles.lostBadge}`}>{stage.type === 'won' ? 'Won' : 'Lost'}</span> : null}
          <span className={`badge ${styles.count}`} data-testid="stage-count" data-count={count}>
            {count ?? '…'}
            <span className="visually-hidden">{count === undefined ? ' deals, still counting' : count === 1 ? ' deal' : ' deals'}</span>
          </span>
          <span className={styles.probability} title="Probability of winning a deal in this stage">
            {stage.probability} %
          </span>
          {readOnly ? null : (
            <button type="button" className={`btn btn-ghost btn-sm ${styles.add}`} aria-label={`Add a deal to ${stage.name}`} aria-expanded={creating} onClick={creating ? props.onCloseCreate : props.onStartCreate}>
              <span aria-hidden="true">+</span>
            </button>
          )}
        </div>
        <Totals summary={summary} failed={summaryFailed} />
      </header>
      {creating ? <QuickCreate stageName={stage.name} onCreate={props.onCreate} onClose={props.onCloseCreate} /> : null}
      <div className={styles.scroller}>
        {column.status === 'loading' ? (
          <div className={styles.cardSkeletons} role="status" aria-label={`Loading deals in ${stage.name}`}>
            {[0, 1, 2].map((i) => (
              <div key={i} className={styles.cardSkeleton}>
                <span className="skeleton" style={{ width: '70%' }} />
                <span className="skeleton" style={{ width: '45%' }} />
              </div>
            ))}
          </div>
        ) : column.status === 'error' ? (
          <div className={styles.columnError} role="alert">
            <span>The deals of this stage could not be loaded. {column.error}</span>
            <button type="button" className="btn btn-sm" onClick={props.onRetry}>
              Try again
            </button>
          </div>
        ) : shown === 0 ? (
          <p className={styles.columnEmpty}>{readOnly ? 'No deals' : 'No deals here yet. Drop one here or add one with +.'}</p>
        ) : (
          <ul className={styles.list} aria-label={`Deals in ${stage.name}`}>
            {column.deals.map((deal) => (
              <li key={deal.id}>
                <DealCard
                  deal={deal}
                  stage={stage}
                  stages={stages}
                  companyName={deal.companyId ? companies[deal.companyId] : undefined}
                  today={today}
                  readOnly={readOnly}
                  saving={saving.has(deal.id)}
                  onMove={props.onMove}
                />
              </li>
            ))}
          </ul>
        )}
        {column.status === 'ready' && column.nextCursor ? (
          <div className={styles.more}>
            {column.moreError ? (
              <span className="field-error" role="alert">
                {column.moreError}
              </span>
            ) : null}
            <button type="button" className="btn btn-sm btn-block" onClick={props.onLoadMore} disabled={column.loadingMore}>
              {column.loadingMore ? 'Loading…' : count !== undefined && count > shown ? `Load more (${count - shown} not shown)` : 'Load more'}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
