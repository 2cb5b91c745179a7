'use client';

import Link from 'next/link';
import { useDraggable } from '@dnd-kit/core';
import { formatDate, formatMoney, type Deal, type Stage } from '@/lib/records';
import { isOverdue } from './board-state';
import { MoveMenu } from './move-menu';
import styles from './pipeline.module.css';

interface CardProps {
  deal: Deal;
  stage: Stage;
  stages: Stage[];
  companyName: string | undefined;
  today: string;
  readOnly: boolean;
  saving: boolean;
  onMove: (dealId: string, stageId: string) => void;
}

/** What a card shows, shared by the card in its column and the copy that follows the pointer while dragging. */
function CardBody({ deal, stage, companyName, today }: Pick<CardProps, 'deal' | 'stage' | 'companyName' | 'today'>) {
  const overdue = isOverdue(deal, stage, today);
  return (
    <>
      {companyName ? <div className={styles.company}>{companyName}</div> : null}
      <div className={styles.meta}>
        {deal.amount !== null ? <span className={styles.amount}>{formatMoney(deal.amount, deal.currency)}</span> : <span className="faint">No amount</span>}
        {deal.closeDate ? (
          <span className={overdue ? styles.overdue : styles.closeDate}>
            {overdue ? <span className={styles.overdueBadge}>Overdue</span> : null}
            <span>
              <span className="visually-hidden">Close date </span>
              {formatDate(deal.closeDate)}
            </span>
          </span>
        ) : null}
      </div>
    </>
  );
}

/** A deal on the board: drag it anywhere by the card (or by its handle with the keyboard), or use "Move to…". */
export function DealCard({ deal, stage, stages, companyName, today, readOnly, saving, onMove }: CardProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: deal.id,
    data: { stageId: deal.stageId },
    disabled: readOnly || saving,
  });
  return (
    <article
      ref={setNodeRef}
      className={`${styles.card} ${isDragging ? styles.cardDragging : ''} ${readOnly ? styles.cardStatic : ''}`}
      data-testid="deal-card"
      data-deal-id={deal.id}
      data-deal-name={deal.name}
      data-stage-id={deal.stageId}
      aria-busy={saving || undefined}
      {...listeners}
    >
      <div className={styles.cardTop}>
        {readOnly ? null : (
          <button
            ref={setActivatorNodeRef}
            type="button"
            className={styles.handle}
            data-drag-handle=""
            {...attributes}
            aria-label={`Drag deal ${deal.name}`}
          >
            <svg viewBox="0 0 10 16" width="10" height="16" aria-hidden="true" focusable="false">
              {[3, 8, 13].map((y) => [3, 7].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" fill="currentColor" />))}
            </svg>
          </button>
        )}
        <Link href={`/deals/${deal.id}`} className={styles.name} draggable={false} prefetch={false}>
          {deal.name}
        </Link>
      </div>
      <CardBody deal={deal} stage={stage} companyName={companyName} today={today} />
      {readOnly ? null : (
        <div className={styles.cardFoot}>
          {saving ? (
            <span className={styles.saving} role="status">
              Saving…
            </span>
          ) : (
            <span />
          )}
          <MoveMenu dealName={deal.name} currentStageId={deal.stageId} stages={stages} disabled={saving} onMove={(stageId) => onMove(deal.id, stageId)} />
        </div>
      )}
    </article>
  );
}

/** The copy under the pointer while a card is dragged (drawn above the columns, never clipped by their scrolling). */
export function DealCardOverlay({ deal, stage, companyName, today }: Pick<CardProps, 'deal' | 'stage' | 'companyName' | 'today'>) {
  return (
    <article className={`${styles.card} ${styles.cardOverlay}`} aria-hidden="true">
      <div className={styles.cardTop}>
        <span className={styles.name}>{deal.name}</span>
      </div>
      <CardBody deal={deal} stage={stage} companyName={companyName} today={today} />
    </article>
  );
}
