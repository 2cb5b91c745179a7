import type { SqlClient } from '@nexus/db';

/**
 * The ports of the search service: a keyword engine (PostgreSQL full text by
 * default, Elasticsearch/OpenSearch when configured), a vector store (pgvector
 * or an exact scan by default, Pinecone when configured) and an embedding
 * provider (LSA trained on the workspace's own text by default).
 */

export const searchTypes = ['contacts', 'companies', 'deals', 'activities'] as const;
export type SearchType = (typeof searchTypes)[number];

/** What the index holds for one record or activity. */
export interface SearchDocument {
  workspaceId: string;
  type: SearchType;
  id: string;
  /** The record's name (a contact's full name, a company's name, an activity's subject). */
  title: string;
  /** Identifiers: e-mail addresses, domains, websites, phone numbers (digits only). */
  keys: string;
  /** Everything else worth finding: job title, industry, a note's body, text custom fields. */
  body: string;
  /** Users who may see the record under "only records I own" (owner, assignee). */
  ownerIds: string[];
  /** ISO timestamp of the record's last change. */
  updatedAt: string;
  /** A hash of title, keys, body and owners: equal checksums mean equal documents. */
  checksum: string;
}

export interface DocRef {
  type: SearchType;
  id: string;
}

export interface SearchFilter {
  workspaceId: string;
  types: readonly SearchType[];
  /** Set when the caller sees only records they own: hits must list this user in ownerIds. */
  visibleTo?: string | undefined;
  limit: number;
}

export interface KeywordHit extends DocRef {
  title: string;
  /** HTML-safe text with matches wrapped in <mark></mark>. */
  snippet: string;
  score: number;
}

/**
 * A keyword engine kept in step with the documents. Writes are idempotent
 * upserts and deletes; a failing write throws, and the caller retries.
 */
export interface KeywordEngine {
  readonly name: string;
  index(docs: readonly SearchDocument[]): Promise<void>;
  remove(workspaceId: string, refs: readonly DocRef[]): Promise<void>;
  /** Ranked hits for plain user text (already length-checked); fuzzy matching on names and keys included. */
  search(text: string, filter: SearchFilter): Promise<KeywordHit[]>;
  /** Number of documents per type in one workspace. */
  count(workspaceId: string): Promise<Record<SearchType, number>>;
  /** The stored checksum of each ref that is indexed, keyed `${type}:${id}`. */
  checksums(workspaceId: string, refs: readonly DocRef[]): Promise<Map<string, string>>;
  /** Drops every document of a workspace. */
  clear(workspaceId: string): Promise<void>;
}

export interface VectorItem extends DocRef {
  values: Float32Array;
  ownerIds: string[];
}

export interface VectorHit extends DocRef {
  /** Cosine similarity, 1 is identical. */
  score: number;
}

/** Vectors of one embedding model live in their own space: every call names the model. */
export interface VectorStore {
  readonly name: string;
  upsert(workspaceId: string, model: string, items: readonly VectorItem[]): Promise<void>;
  /** With `timeoutMs`, a store that searches exactly may give up and answer nothing rather than slowly. */
  query(model: string, vector: Float32Array, filter: SearchFilter, options?: { timeoutMs?: number }): Promise<VectorHit[]>;
  remove(workspaceId: string, refs: readonly DocRef[]): Promise<void>;
  /** Drops the vectors of one model in one workspace (after a model was replaced). */
  removeModel(workspaceId: string, model: string): Promise<void>;
  count(workspaceId: string, model: string): Promise<number>;
}

/** A model that turns text into unit-length vectors of a fixed dimension. */
export interface Embedder {
  /** Names the vector space: two embedders with the same id give comparable vectors. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[], purpose: 'document' | 'query'): Promise<Float32Array[]>;
}

/**
 * Where the records come from for a rebuild or a consistency check: CRM
 * Core's own reads, passed in by the composition root. Records are shaped as
 * the API shows them; deleted records are never returned.
 */
export interface RecordSource {
  /** Up to `limit` records of one type with ids above `afterId`, in id order. */
  scan(workspaceId: string, type: SearchType, afterId: string | undefined, limit: number): Promise<Array<Record<string, unknown>>>;
  count(workspaceId: string, type: SearchType): Promise<number>;
  /** Live records of one type by id, read through `client` (the outbox relay's transaction); unknown and deleted ids are left out. */
  read(client: SqlClient, workspaceId: string, type: SearchType, ids: readonly string[]): Promise<Array<Record<string, unknown>>>;
}
