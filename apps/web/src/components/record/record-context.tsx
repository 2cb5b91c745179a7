'use client';

import { createContext, useContext } from 'react';
import type { Member, Pipeline, Stage } from '@/lib/records';

/** What every part of a record page needs besides the record: people, pipelines, and whether the caller may write. */
export interface RecordPageData {
  members: Member[];
  pipelines: Pipeline[];
  meId: string;
  canEdit: boolean;
}

export const RecordPageContext = createContext<RecordPageData>({ members: [], pipelines: [], meId: '', canEdit: false });

export function useRecordPage(): RecordPageData {
  return useContext(RecordPageContext);
}

export function memberName(members: readonly Member[], id: string | null, meId?: string): string {
  if (!id) return '';
  const member = members.find((m) => m.userId === id);
  const name = member ? member.name || member.email : 'Former member';
  return id === meId ? `${name} (you)` : name;
}

export function findStage(pipelines: readonly Pipeline[], stageId: string): { stage: Stage; pipeline: Pipeline } | undefined {
  for (const pipeline of pipelines) {
    const stage = pipeline.stages.find((s) => s.id === stageId);
    if (stage) return { stage, pipeline };
  }
  return undefined;
}
