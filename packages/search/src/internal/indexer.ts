import type { DomainEvent, OutboxConsumer, SqlClient } from '@nexus/db';
import type { Logger } from '@nexus/platform';
import { searchTypes, type KeywordEngine, type SearchType } from '../ports';
import { buildDocument } from './documents';
import { deleteDocuments, upsertDocuments } from './document-store';

export function isSearchType(value: string): value is SearchType {
  return (searchTypes as readonly string[]).includes(value);
}

/**
 * The outbox consumer that keeps the index current: each record event carries
 * the record as the API shows it, so the document is rebuilt from the event
 * alone, in the relay's transaction. External keyword engines get the same
 * write; if one fails, the event is retried.
 */
export function createSearchIndexer(deps: { external: readonly KeywordEngine[]; log: Logger }): OutboxConsumer {
  return {
    name: 'search',
    async handle(event: DomainEvent, tx: SqlClient) {
      if (!isSearchType(event.object) || !event.recordId) return;
      const record = event.payload.record;
      if (typeof record !== 'object' || record === null) return;
      // CRM Core names a deletion by its event type (`contact.deleted`); the record still shows its last values.
      const deleted = event.type.endsWith('.deleted');
      const doc = deleted ? undefined : buildDocument(event.workspaceId, event.object, record as Record<string, unknown>);
      if (doc) {
        await upsertDocuments(tx, [doc]);
        for (const engine of deps.external) await engine.index([doc]);
      } else {
        const ref = { type: event.object, id: event.recordId };
        await deleteDocuments(tx, event.workspaceId, [ref]);
        for (const engine of deps.external) await engine.remove(event.workspaceId, [ref]);
      }
    },
  };
}
