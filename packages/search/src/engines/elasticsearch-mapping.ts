import type { estypes } from '@elastic/elasticsearch';

/**
 * Settings and mappings of the keyword index. One index serves every
 * workspace; documents are routed by workspace so a workspace's search reads
 * one shard, and every query still filters on `workspace_id`.
 */

/** Longest prefix indexed for type-ahead; longer words still match through the full-text clause. */
const maxPrefixLength = 20;

export const indexSettings = {
  analysis: {
    tokenizer: {
      // E-mail addresses, domains and phone numbers split on every punctuation
      // mark, so "acme" finds "sales@acme.com" while typing.
      nexus_identifier: { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' },
    },
    filter: {
      nexus_edge_ngram: { type: 'edge_ngram', min_gram: 1, max_gram: maxPrefixLength },
    },
    analyzer: {
      nexus_title_prefix: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'nexus_edge_ngram'] },
      nexus_title_prefix_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
      nexus_keys_prefix: { type: 'custom', tokenizer: 'nexus_identifier', filter: ['lowercase', 'asciifolding', 'nexus_edge_ngram'] },
      nexus_keys_prefix_search: { type: 'custom', tokenizer: 'nexus_identifier', filter: ['lowercase', 'asciifolding'] },
    },
  },
} satisfies estypes.IndicesIndexSettings;

export const indexMappings = {
  // A field the engine does not know is a bug, not something to map on the fly.
  dynamic: 'strict',
  // Every write and read names its workspace as routing; one without it would land on the wrong shard.
  _routing: { required: true },
  properties: {
    workspace_id: { type: 'keyword' },
    type: { type: 'keyword' },
    id: { type: 'keyword' },
    owner_ids: { type: 'keyword' },
    title: {
      type: 'text',
      analyzer: 'english',
      fields: {
        // Edge n-grams at index time, whole words at query time: a prefix lookup is one term lookup.
        prefix: { type: 'text', analyzer: 'nexus_title_prefix', search_analyzer: 'nexus_title_prefix_search' },
        raw: { type: 'keyword', ignore_above: 256 },
      },
    },
    keys: {
      type: 'text',
      analyzer: 'standard',
      fields: {
        prefix: { type: 'text', analyzer: 'nexus_keys_prefix', search_analyzer: 'nexus_keys_prefix_search' },
      },
    },
    body: { type: 'text', analyzer: 'english' },
    checksum: { type: 'keyword', index: false },
    updated_at: { type: 'date' },
  },
} satisfies estypes.MappingTypeMapping;

/** The `_source` of one indexed document. */
export interface IndexedSource {
  workspace_id: string;
  type: string;
  id: string;
  owner_ids: string[];
  title: string;
  keys: string;
  body: string;
  checksum: string;
  updated_at: string;
}
