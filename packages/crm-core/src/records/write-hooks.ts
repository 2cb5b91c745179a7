import type { WorkspaceTx } from '@nexus/db';
import type { AuthContext } from '@nexus/platform';
import type { ObjectName } from '../objects/object-specs';
import type { FilterInput } from './list-query';
import type { ApiRecord } from './record-repo';

/**
 * Where one field's value came from: a user's typing reformatted
 * (`normalisation`), a website, an email domain, a paid provider. CRM Core
 * carries these from the caller and the hooks to `afterWrite`; it neither
 * reads nor stores them.
 */
export interface FieldProvenance {
  /** The API field name (`phones`, `domain`), or a value kept beside the record (`timeZone`). */
  field: string;
  value: unknown;
  source: string;
  /** 0..1 */
  confidence: number;
  /** ISO 8601 */
  at: string;
}

/** What a write may carry besides its input: the provenance of values it sets (an enrichment, say). */
export interface WriteOptions {
  provenance?: readonly FieldProvenance[] | undefined;
}

/** The request's transaction and caller, as the record service's use-cases take them. */
export interface HookContext {
  tx: WorkspaceTx;
  auth: AuthContext;
  requestId: string | null;
}

/** The part of the record service a hook may call: writing a related record goes through it like any other write. */
export interface HookRecords {
  create(ctx: HookContext, object: ObjectName, input: Record<string, unknown>, options?: WriteOptions): Promise<ApiRecord>;
  list(ctx: HookContext, object: ObjectName, query: { limit: number; filter?: FilterInput }): Promise<{ data: ApiRecord[]; nextCursor: string | null }>;
}

export interface PrepareWriteHookInput {
  ctx: HookContext;
  object: ObjectName;
  action: 'create' | 'update';
  /** The validated body (an update's holds only the fields sent). */
  input: Record<string, unknown>;
  /** The record as it is, for an update. */
  current: ApiRecord | undefined;
  /** Provenance the caller passed in `WriteOptions`. */
  provenance: readonly FieldProvenance[];
  records: HookRecords;
}

export interface AfterWriteHookInput {
  ctx: HookContext;
  object: ObjectName;
  action: 'create' | 'update';
  /** What the hooks' prepare returned (for a create it is the body). */
  input: Record<string, unknown>;
  before: ApiRecord | undefined;
  record: ApiRecord;
  provenance: readonly FieldProvenance[];
}

/**
 * Lets another service take part in every create and update without CRM
 * Core depending on it (the Enrichment service normalises contacts and
 * companies this way). Both run inside the write's transaction: a throw
 * refuses the write and nothing of it is kept.
 *
 * @example
 * createCrmCore({ signal, writeHooks: enrichment.writeHooks });
 */
export interface WriteHooks {
  /** Rewrites the input before it is validated against the database; returns the provenance of what it changed. */
  prepare?(write: PrepareWriteHookInput): Promise<{ input: Record<string, unknown>; provenance: FieldProvenance[] }>;
  /**
   * After the record is written: every update that changed something, and
   * every create that carries provenance (a create without it may be the
   * unit's final statement).
   */
  afterWrite?(write: AfterWriteHookInput): Promise<void>;
}
