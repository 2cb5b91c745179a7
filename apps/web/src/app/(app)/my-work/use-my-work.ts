'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '@/lib/api';
import type { Activity, Company, Contact, Deal, Pipeline, Stage } from '@/lib/records';
import { contactName } from '@/lib/records';
import type { Page } from '@/lib/types';
import type { Loadable } from '@/lib/use-api';

const pageSize = 200;
/** More than a person can work through; beyond it the page says how many it shows. */
const maxPages = 5;

/** Every page of a filtered list, up to `maxPages`; `more` says there was still more. */
async function listAll<T>(path: string, filter: Record<string, unknown>, sort: string, signal: AbortSignal): Promise<{ data: T[]; more: boolean }> {
  const data: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const result: Page<T> = await api<Page<T>>(path, { query: { filter: JSON.stringify(filter), sort, limit: pageSize, cursor }, signal });
    data.push(...result.data);
    cursor = result.nextCursor;
    if (!cursor) return { data, more: false };
  }
  return { data, more: true };
}

export interface LinkedRecord {
  href: string;
  name: string;
}

export interface MyTasks {
  tasks: Activity[];
  /** What each task is about, keyed by record id. */
  names: Map<string, LinkedRecord>;
  more: boolean;
}

export interface OpenDeal {
  deal: Deal;
  stage: Stage | undefined;
  pipeline: Pipeline | undefined;
}

export interface MyDeals {
  deals: OpenDeal[];
  more: boolean;
}

/**
 * The names of the records tasks are linked to, so each task can link to what it is about.
 * A record the caller may not see (or that was deleted) simply has no name here.
 */
async function linkedNames(tasks: readonly Activity[], signal: AbortSignal): Promise<Map<string, LinkedRecord>> {
  const ids = (pick: (a: Activity) => string[]) => [...new Set(tasks.flatMap((t) => pick(t).slice(0, 1)))].slice(0, 500);
  const byIds = async <T extends { id: string }>(object: string, list: string[]) =>
    list.length === 0 ? [] : (await listAll<T>(`/api/v1/${object}`, { id: { in: list } }, 'id', signal)).data;
  const [contacts, companies, deals] = await Promise.all([
    byIds<Contact>('contacts', ids((t) => t.contactIds)),
    byIds<Company>('companies', ids((t) => t.companyIds)),
    byIds<Deal>('deals', ids((t) => t.dealIds)),
  ]);
  const names = new Map<string, LinkedRecord>();
  for (const c of contacts) names.set(c.id, { href: `/contacts/${c.id}`, name: contactName(c) });
  for (const c of companies) names.set(c.id, { href: `/companies/${c.id}`, name: c.name });
  for (const d of deals) names.set(d.id, { href: `/deals/${d.id}`, name: d.name });
  return names;
}

/**
 * Open tasks assigned to the user. A task nobody is assigned to counts as its owner's: the demo
 * workspace and quick notes create tasks without an assignee, and they would otherwise be nobody's.
 */
async function loadTasks(userId: string, signal: AbortSignal): Promise<MyTasks> {
  const base = { type: 'task', status: 'open' };
  const [assigned, unassigned] = await Promise.all([
    listAll<Activity>('/api/v1/activities', { ...base, assigneeId: userId }, 'dueAt', signal),
    listAll<Activity>('/api/v1/activities', { ...base, assigneeId: { isEmpty: true }, ownerId: userId }, 'dueAt', signal),
  ]);
  const tasks = [...assigned.data, ...unassigned.data];
  return { tasks, names: await linkedNames(tasks, signal), more: assigned.more || unassigned.more };
}

async function loadDeals(userId: string, signal: AbortSignal): Promise<MyDeals> {
  const pipelines = (await api<Page<Pipeline>>('/api/v1/pipelines', { signal })).data;
  const stages = new Map<string, { stage: Stage; pipeline: Pipeline }>();
  for (const pipeline of pipelines) for (const stage of pipeline.stages) stages.set(stage.id, { stage, pipeline });
  const open = [...stages.values()].filter((s) => s.stage.type === 'open').map((s) => s.stage.id);
  if (open.length === 0) return { deals: [], more: false };
  const { data, more } = await listAll<Deal>('/api/v1/deals', { ownerId: userId, stageId: { in: open } }, 'closeDate', signal);
  return { deals: data.map((deal) => ({ deal, stage: stages.get(deal.stageId)?.stage, pipeline: stages.get(deal.stageId)?.pipeline })), more };
}

type WithReload<T> = Loadable<T> & { reload: () => void; setData: (update: (data: T) => T) => void };

function useLoader<T>(load: (signal: AbortSignal) => Promise<T>): WithReload<T> {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [load, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (data: T) => T) => setState((s) => (s.status === 'ready' ? { status: 'ready', data: update(s.data) } : s)), []);
  return { ...state, reload, setData };
}

export function useMyTasks(userId: string): WithReload<MyTasks> {
  return useLoader(useCallback((signal: AbortSignal) => loadTasks(userId, signal), [userId]));
}

export function useMyDeals(userId: string): WithReload<MyDeals> {
  return useLoader(useCallback((signal: AbortSignal) => loadDeals(userId, signal), [userId]));
}
