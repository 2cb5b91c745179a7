'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useMemo } from 'react';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui';
import type { Pipeline } from '@/lib/records';
import { useMe } from '@/lib/session';
import type { Page } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import type { BoardSort } from './board-state';
import { PipelineBoard } from './pipeline-board';
import styles from './pipeline.module.css';

/** The pipeline page: which pipeline and card order (both kept in the URL), then its board. */
export function PipelinePage() {
  const me = useMe();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const pickerId = useId();
  const sortId = useId();
  const pipelines = useApi<Page<Pipeline>>('/api/v1/pipelines');
  const readOnly = me.workspace.role === 'read_only';

  // The default pipeline first, the others in their own order.
  const ordered = useMemo(() => (pipelines.status === 'ready' ? [...pipelines.data.data].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)) : []), [pipelines]);
  const requested = params.get('pipeline');
  const current = ordered.find((p) => p.id === requested) ?? ordered[0];
  const sort: BoardSort = params.get('sort') === 'amount' ? 'amount' : 'updated';

  function setParam(key: string, value: string | null) {
    const next = new URLSearchParams(params.toString());
    if (value === null) next.delete(key);
    else next.set(key, value);
    const text = next.toString();
    router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
  }

  let body;
  if (pipelines.status === 'loading') body = <LoadingState label="Loading pipelines…" />;
  else if (pipelines.status === 'error') body = <ErrorState message={pipelines.error} onRetry={pipelines.reload} />;
  else if (!current)
    body = (
      <EmptyState title="No pipelines yet" action={<Link href="/settings/pipelines" className="btn btn-primary">Set up a pipeline</Link>}>
        A pipeline lists the stages your deals move through.
      </EmptyState>
    );
  else body = <PipelineBoard key={`${current.id}:${sort}`} pipeline={current} sort={sort} readOnly={readOnly} onStagesChanged={pipelines.reload} />;

  return (
    <div className={styles.page}>
      <div className={styles.header}>
        <h1>Pipeline</h1>
        {ordered.length > 0 ? (
          <div className={styles.controls}>
            <div className={styles.control}>
              <label htmlFor={pickerId}>Pipeline</label>
              <select id={pickerId} className="select" value={current?.id ?? ''} onChange={(e) => setParam('pipeline', e.target.value)} data-testid="pipeline-picker">
                {ordered.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className={styles.control}>
              <label htmlFor={sortId}>Order cards by</label>
              <select id={sortId} className="select" value={sort} onChange={(e) => setParam('sort', e.target.value === 'amount' ? 'amount' : null)}>
                <option value="updated">Last updated</option>
                <option value="amount">Largest amount</option>
              </select>
            </div>
          </div>
        ) : null}
      </div>
      {requested && current && requested !== current.id ? (
        <div className="alert" role="status">
          That pipeline no longer exists; showing {current.name}.
        </div>
      ) : null}
      {body}
    </div>
  );
}
