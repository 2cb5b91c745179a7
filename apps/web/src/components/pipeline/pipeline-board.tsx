'use client';

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState, useToast } from '@/components/ui';
import { api, errorMessage } from '@/lib/api';
import { formatMoney, type Company, type Deal, type Pipeline, type Stage } from '@/lib/records';
import type { Page } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import { appendPage, applyDeal, insertDeal, loadingColumn, localToday, sortParam, type BoardSort, type ColumnState, type PipelineSummary } from './board-state';
import { addDecimal } from './decimal';
import { DealCardOverlay } from './deal-card';
import { moveFailure } from './move-messages';
import type { QuickDealInput } from './quick-create';
import { StageColumn } from './stage-column';
import { stageCollision, stageCoordinates } from './stage-keyboard';
import styles from './pipeline.module.css';

const pageSize = 50;
/** The list API's `in` takes at most 500 values and a page at most 200 records. */
const companyBatch = 200;

const screenReaderInstructions = {
  draggable:
    'To pick up a deal, press Space or Enter. Use the left and right arrow keys to move it to another stage. Press Space or Enter again to drop it there, or Escape to cancel. Each card also has a "Move to…" menu.',
};

/**
 * The board of one pipeline: a column per stage with exact figures from the
 * summary endpoint, cards a page at a time, moves by drag (mouse, touch,
 * keyboard) or menu, shown at once and undone if the server refuses.
 */
export function PipelineBoard({ pipeline, sort, readOnly, onStagesChanged }: { pipeline: Pipeline; sort: BoardSort; readOnly: boolean; onStagesChanged: () => void }) {
  const toast = useToast();
  const stages = useMemo(() => [...pipeline.stages].sort((a, b) => a.position - b.position), [pipeline.stages]);
  const stageById = useMemo(() => new Map(stages.map((s) => [s.id, s])), [stages]);
  const summary = useApi<PipelineSummary>(`/api/v1/pipelines/${pipeline.id}/summary`);
  const [columns, setColumns] = useState<Record<string, ColumnState>>(() => Object.fromEntries(stages.map((s) => [s.id, loadingColumn])));
  const [companies, setCompanies] = useState<Record<string, string>>({});
  const requestedCompanies = useRef(new Set<string>());
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(0);
  const [creatingIn, setCreatingIn] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const today = useMemo(() => localToday(), []);
  const columnsRef = useRef(columns);
  columnsRef.current = columns;

  const findDeal = useCallback((id: UniqueIdentifier | undefined | null): Deal | undefined => {
    if (id === undefined || id === null) return undefined;
    for (const column of Object.values(columnsRef.current)) {
      const deal = column.deals.find((d) => d.id === id);
      if (deal) return deal;
    }
    return undefined;
  }, []);

  const fetchPage = useCallback(
    (stageId: string, cursor: string | null, signal?: AbortSignal) =>
      api<Page<Deal>>('/api/v1/deals', {
        query: { filter: JSON.stringify({ pipelineId: pipeline.id, stageId }), sort: sortParam[sort], limit: pageSize, cursor },
        signal,
      }),
    [pipeline.id, sort],
  );

  const loadColumn = useCallback(
    (stageId: string, signal?: AbortSignal) => {
      setColumns((c) => ({ ...c, [stageId]: loadingColumn }));
      fetchPage(stageId, null, signal).then(
        (page) => setColumns((c) => ({ ...c, [stageId]: { status: 'ready', deals: page.data, nextCursor: page.nextCursor, loadingMore: false } })),
        (error: unknown) => {
          if (signal?.aborted) return;
          setColumns((c) => ({ ...c, [stageId]: { ...loadingColumn, status: 'error', error: errorMessage(error) } }));
        },
      );
    },
    [fetchPage],
  );

  useEffect(() => {
    const controller = new AbortController();
    for (const stage of stages) loadColumn(stage.id, controller.signal);
    return () => controller.abort();
  }, [stages, loadColumn]);

  async function loadMore(stageId: string) {
    const column = columnsRef.current[stageId];
    if (!column?.nextCursor || column.loadingMore) return;
    setColumns((c) => ({ ...c, [stageId]: { ...(c[stageId] ?? loadingColumn), loadingMore: true, moreError: undefined } }));
    try {
      const page = await fetchPage(stageId, column.nextCursor);
      setColumns((c) => {
        const current = c[stageId] ?? loadingColumn;
        return { ...c, [stageId]: { ...current, deals: appendPage(current.deals, page.data), nextCursor: page.nextCursor, loadingMore: false } };
      });
    } catch (error) {
      setColumns((c) => ({ ...c, [stageId]: { ...(c[stageId] ?? loadingColumn), loadingMore: false, moreError: errorMessage(error) } }));
    }
  }

  // Company names for the loaded cards: once every column has its first page, one list request
  // for all of them; after that, one per "Load more" that brings new companies.
  const settled = Object.values(columns).every((c) => c.status !== 'loading');
  useEffect(() => {
    if (!settled) return;
    const missing = new Set<string>();
    for (const column of Object.values(columns)) {
      for (const deal of column.deals) if (deal.companyId && !requestedCompanies.current.has(deal.companyId)) missing.add(deal.companyId);
    }
    if (missing.size === 0) return;
    const ids = [...missing];
    for (const id of ids) requestedCompanies.current.add(id);
    for (let i = 0; i < ids.length; i += companyBatch) {
      const batch = ids.slice(i, i + companyBatch);
      api<Page<Company>>('/api/v1/companies', { query: { filter: JSON.stringify({ id: { in: batch } }), limit: companyBatch } }).then(
        (page) => setCompanies((known) => ({ ...known, ...Object.fromEntries(page.data.map((c) => [c.id, c.name])) })),
        // Names are a nicety on a card: without them the board still works, and a later load asks again.
        () => {
          for (const id of batch) requestedCompanies.current.delete(id);
        },
      );
    }
  }, [settled, columns]);

  /** Puts a deal where the server says it is: in its stage's column if that is on this board, else nowhere. */
  const place = useCallback(
    (deal: Deal, options: { index?: number } = {}) =>
      setColumns((c) => {
        const next: Record<string, ColumnState> = {};
        for (const [stageId, column] of Object.entries(c)) {
          const without = column.deals.filter((d) => d.id !== deal.id);
          next[stageId] = stageId === deal.stageId && deal.pipelineId === pipeline.id ? { ...column, deals: insertDeal(without, deal, sort, options.index) } : { ...column, deals: without };
        }
        return next;
      }),
    [pipeline.id, sort],
  );

  const remove = useCallback((dealId: string) => setColumns((c) => Object.fromEntries(Object.entries(c).map(([id, column]) => [id, { ...column, deals: column.deals.filter((d) => d.id !== dealId) }]))), []);

  /** The summary is read again once no move is under way, so figures end exact even if others changed deals meanwhile. */
  const { reload: reloadSummary, setData: setSummary } = summary;
  const settle = useCallback(() => {
    inFlight.current -= 1;
    if (inFlight.current === 0) reloadSummary();
  }, [reloadSummary]);

  async function moveDeal(dealId: string, toStageId: string, via: 'drag' | 'menu') {
    const deal = findDeal(dealId);
    const to = stageById.get(toStageId);
    const from = deal ? stageById.get(deal.stageId) : undefined;
    if (!deal || !to || !from || from.id === to.id || saving.has(dealId)) return;
    const index = columnsRef.current[from.id]?.deals.findIndex((d) => d.id === dealId) ?? 0;
    const focusCard = () => {
      if (via !== 'menu') return;
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(dealId)}"] [data-drag-handle]`)?.focus());
    };

    // At once: the card changes column and both columns' figures follow.
    place({ ...deal, stageId: to.id });
    setSummary((s) => applyDeal(applyDeal(s, from, deal, -1), to, deal, 1));
    setSaving((s) => new Set(s).add(dealId));
    inFlight.current += 1;
    focusCard();
    try {
      const updated = await api<Deal>(`/api/v1/deals/${dealId}`, { method: 'PATCH', body: { stageId: to.id }, headers: { 'if-match': `"${deal.version}"` } });
      place(updated);
      if (via === 'menu') toast(`“${deal.name}” moved to ${to.name}`);
    } catch (error) {
      // Undone: back to its column and place, figures restored.
      place(deal, { index });
      setSummary((s) => applyDeal(applyDeal(s, to, deal, -1), from, deal, 1));
      const failure = moveFailure(error, deal.name, to.name);
      toast(failure.message, 'error');
      if (failure.refresh === 'gone') remove(dealId);
      // Someone changed the pipeline's stages since the board loaded: read them again, so no column is left for a stage that is gone.
      if (failure.refresh === 'stages') onStagesChanged();
      if (failure.refresh === 'deal') {
        await api<Deal>(`/api/v1/deals/${dealId}`).then(
          (fresh) => place(fresh),
          () => undefined,
        );
      }
    } finally {
      setSaving((s) => {
        const next = new Set(s);
        next.delete(dealId);
        return next;
      });
      focusCard();
      settle();
    }
  }

  async function createDeal(stage: Stage, input: QuickDealInput) {
    const created = await api<Deal>('/api/v1/deals', { method: 'POST', body: { ...input, pipelineId: pipeline.id, stageId: stage.id } });
    place(created);
    setSummary((s) => applyDeal(s, stage, created, 1));
    setCreatingIn(null);
    toast(`“${created.name}” added to ${stage.name}`);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(created.id)}"] a`)?.focus());
  }

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    // A short press-and-hold starts a drag on touch screens, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: stageCoordinates }),
  );

  const nameOf = (id: UniqueIdentifier | undefined | null) => findDeal(id)?.name ?? 'the deal';
  const stageName = (id: UniqueIdentifier | undefined | null) => (id === undefined || id === null ? '' : (stageById.get(String(id))?.name ?? ''));
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up deal ${nameOf(active.id)} in stage ${stageName(findDeal(active.id)?.stageId)}.`,
    onDragOver: ({ active, over }) => (over ? `Deal ${nameOf(active.id)} is over stage ${stageName(over.id)}.` : `Deal ${nameOf(active.id)} is not over a stage.`),
    onDragEnd: ({ active, over }) => {
      const from = findDeal(active.id)?.stageId;
      if (!over || over.id === from) return `Deal ${nameOf(active.id)} was dropped back in stage ${stageName(from)}.`;
      return `Deal ${nameOf(active.id)} was moved to stage ${stageName(over.id)}.`;
    },
    onDragCancel: ({ active }) => `Moving was cancelled. Deal ${nameOf(active.id)} stays in stage ${stageName(findDeal(active.id)?.stageId)}.`,
  };

  function onDragStart(event: DragStartEvent) {
    setActiveId(String(event.active.id));
  }

  function onDragEnd(event: DragEndEvent) {
    setActiveId(null);
    if (event.over) void moveDeal(String(event.active.id), String(event.over.id), 'drag');
  }

  const activeDeal = findDeal(activeId);
  const activeStage = activeDeal ? stageById.get(activeDeal.stageId) : undefined;
  const figures = summary.status === 'ready' ? summary.data : undefined;
  const total = figures?.stages.reduce((n, s) => n + s.count, 0);
  const openWeighted = useMemo(() => {
    const byCurrency = new Map<string, string>();
    for (const s of figures?.stages ?? []) {
      if (stageById.get(s.stageId)?.type !== 'open') continue;
      for (const t of s.totals) byCurrency.set(t.currency, addDecimal(byCurrency.get(t.currency) ?? '0', t.weighted));
    }
    return [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [figures, stageById]);
  const firstStage = stages[0];

  return (
    <>
      <div className={styles.boardInfo}>
        {summary.status === 'error' ? (
          <div className={styles.summaryError} role="alert">
            <span>The stage totals could not be loaded. {summary.error}</span>
            <button type="button" className="btn btn-sm" onClick={summary.reload}>
              Try again
            </button>
          </div>
        ) : total !== undefined ? (
          <p className="muted" data-testid="pipeline-totals">
            {total} {total === 1 ? 'deal' : 'deals'}
            {openWeighted.length > 0 ? ` · open pipeline weighted ${openWeighted.map(([currency, value]) => formatMoney(value, currency)).join(' + ')}` : ''}
          </p>
        ) : (
          <span className={`skeleton ${styles.infoSkeleton}`} />
        )}
      </div>
      {total === 0 && settled && creatingIn === null ? (
        <div className={styles.emptyBoard}>
          <EmptyState
            title="No deals in this pipeline yet"
            action={
              readOnly || !firstStage ? undefined : (
                <button type="button" className="btn btn-primary" onClick={() => setCreatingIn(firstStage.id)}>
                  Add your first deal
                </button>
              )
            }
          >
            {readOnly ? 'Deals added by your team will show here, one column per stage.' : 'Add a deal to a stage, then drag it along as it progresses.'}
          </EmptyState>
        </div>
      ) : null}
      <DndContext sensors={sensors} collisionDetection={stageCollision} accessibility={{ announcements, screenReaderInstructions }} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setActiveId(null)}>
        <div className={`${styles.board} ${activeId ? styles.boardDragging : ''}`} data-testid="pipeline-board" role="region" aria-label={`${pipeline.name} pipeline board`} tabIndex={-1}>
          {stages.map((stage) => (
            <StageColumn
              key={stage.id}
              stage={stage}
              stages={stages}
              column={columns[stage.id] ?? loadingColumn}
              summary={figures?.stages.find((s) => s.stageId === stage.id)}
              summaryFailed={summary.status === 'error'}
              companies={companies}
              today={today}
              readOnly={readOnly}
              saving={saving}
              creating={creatingIn === stage.id}
              onStartCreate={() => setCreatingIn(stage.id)}
              onCloseCreate={() => setCreatingIn(null)}
              onCreate={(input) => createDeal(stage, input)}
              onMove={(dealId, stageId) => void moveDeal(dealId, stageId, 'menu')}
              onLoadMore={() => void loadMore(stage.id)}
              onRetry={() => loadColumn(stage.id)}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {activeDeal && activeStage ? <DealCardOverlay deal={activeDeal} stage={activeStage} companyName={activeDeal.companyId ? companies[activeDeal.companyId] : undefined} today={today} /> : null}
        </DragOverlay>
      </DndContext>
    </>
  );
}
