'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '@/lib/api';
import type { Company, CustomFieldDefinition, Member, Pipeline } from '@/lib/records';
import type { Page } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import type { Lookups, TableObject } from './table-types';

const empty: never[] = [];

/**
 * Names the table shows instead of ids: members, pipeline stages, custom
 * field definitions, and the companies of the rows on screen (read in one
 * request per scroll stop, then remembered).
 */
export function useLookups(object: TableObject): Lookups & { requestCompanies: (ids: Iterable<string>) => void; ready: boolean } {
  const members = useApi<{ data: Member[] }>('/api/v1/members');
  const pipelines = useApi<{ data: Pipeline[] }>(object === 'deals' ? '/api/v1/pipelines' : null);
  const customFields = useApi<{ data: CustomFieldDefinition[] }>('/api/v1/custom-fields', { object });

  const names = useRef(new Map<string, string | null>());
  const pending = useRef(new Set<string>());
  const wanted = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [version, setVersion] = useState(0);

  const flush = useCallback(() => {
    const ids = [...wanted.current].slice(0, 200);
    wanted.current.clear();
    if (ids.length === 0) return;
    for (const id of ids) pending.current.add(id);
    api<Page<Company>>('/api/v1/companies', { query: { limit: 200, filter: JSON.stringify({ id: { in: ids } }) } }).then(
      (page) => {
        for (const c of page.data) names.current.set(c.id, c.name);
        // Not found: deleted, or hidden from this user.
        for (const id of ids) if (!names.current.has(id)) names.current.set(id, null);
        for (const id of ids) pending.current.delete(id);
        setVersion((v) => v + 1);
      },
      () => {
        // A failed lookup is not worth an error on every row: the cells say "Unknown company".
        for (const id of ids) {
          pending.current.delete(id);
          names.current.set(id, null);
        }
        setVersion((v) => v + 1);
      },
    );
  }, []);

  const requestCompanies = useCallback(
    (ids: Iterable<string>) => {
      let added = false;
      for (const id of ids) {
        if (names.current.has(id) || pending.current.has(id) || wanted.current.has(id)) continue;
        wanted.current.add(id);
        added = true;
      }
      if (!added) return;
      clearTimeout(timer.current);
      // Waits for scrolling to pause, so a fling through 5,000 rows is one request, not fifty.
      timer.current = setTimeout(flush, 120);
    },
    [flush],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  const rememberCompany = useCallback((id: string, name: string) => {
    names.current.set(id, name);
    setVersion((v) => v + 1);
  }, []);

  const memberList = members.data?.data ?? empty;
  const pipelineList = pipelines.data?.data ?? empty;
  const definitionList = customFields.data?.data ?? empty;

  return useMemo(() => {
    void version; // a new name arrived: cells re-render
    const stageById = new Map<string, Lookups['stageById'] extends Map<string, infer S> ? S : never>();
    for (const p of pipelineList) for (const s of p.stages) stageById.set(s.id, { ...s, pipelineId: p.id, pipelineName: p.name });
    const lookupName = (id: string) => names.current.get(id);
    return {
      members: memberList,
      memberById: new Map(memberList.map((m) => [m.userId, m])),
      pipelines: pipelineList,
      stageById,
      customFields: definitionList,
      companyName: lookupName,
      rememberCompany,
      requestCompanies,
      ready: customFields.status !== 'loading',
    };
  }, [version, memberList, pipelineList, definitionList, rememberCompany, requestCompanies, customFields.status]);
}
