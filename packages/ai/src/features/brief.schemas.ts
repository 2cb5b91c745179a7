import { z } from 'zod';
import type { ApiRecordLike } from './brief-records';

export const briefFactSchema = z.object({
  id: z.string().describe("The fact's id as given, e.g. f3"),
  label: z.string(),
  value: z.string(),
  source: z.object({
    object: z.enum(['contacts', 'companies', 'deals', 'activities']),
    id: z.string(),
  }),
});

/**
 * A short summary of a record and its timeline, with the facts it cites.
 * The facts a model returns are never trusted: `groundBrief` replaces them
 * with the deterministic list, keeping those the summary cites.
 */
export const briefSchema = z.object({
  summary: z
    .string()
    .min(1)
    .max(1200)
    .describe('2 to 4 sentences of plain prose, grounded only in the facts, citing fact ids in brackets such as [f3]'),
  facts: z.array(briefFactSchema).max(30).describe('The facts the summary cites, each exactly as given'),
});

export type Brief = z.infer<typeof briefSchema>;
export type BriefFact = z.infer<typeof briefFactSchema>;
export type BriefSourceObject = BriefFact['source']['object'];

export interface BriefStage {
  id: string;
  name: string;
  type: 'open' | 'won' | 'lost';
  /** Percent, 0 to 100. */
  probability: number;
}

/** What the caller gathered about one record; nothing is fetched here. */
export interface BriefInput {
  object: 'contacts' | 'companies' | 'deals';
  record: ApiRecordLike;
  /** The record's companies (a contact's, a deal's), or empty. */
  companies: ApiRecordLike[];
  /** A company's or a deal's contacts, or empty. */
  contacts: ApiRecordLike[];
  /** A contact's or a company's deals (for a deal: related deals, if any). */
  deals: ApiRecordLike[];
  /** Newest first, already capped by the caller: counts cover only these. */
  activities: ApiRecordLike[];
  /** Every stage the deals may be in. */
  stages: ReadonlyArray<BriefStage>;
  /** Workspace members, to name owners. */
  members?: ReadonlyArray<{ id: string; name: string }>;
  now: Date;
}
