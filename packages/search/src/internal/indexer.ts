import { importedRecordIds, type DomainEvent, type OutboxConsumer, type SqlClient } from '@nexus/db';
import { searchTypes, type RecordSource, type SearchType } from '../ports';
import { buildDocument } from './documents';
import { deleteDocuments, queueExternal, upsertDocuments } from './document-store';

export function isSearchType(value: string): value is SearchType {
  return (searchTypes as readonly string[]).includes(value);
}

/**
 * The outbox consumer that keeps the index current, in the relay's
 * transaction: a record's event carries the record as the API shows it, and
 * the document is rebuilt from it; an import's batch event names its
 * records, which are read as stored in that transaction. Nothing here leaves the database: an
 * external keyword engine gets the change through a queue the background
 * worker empties, so its outages never hold up or undo the index.
 */
export function createSearchIndexer(deps: { hasExternal: boolean; source: Pick<RecordSource, 'read'> }): OutboxConsumer {
  return {
    name: 'search',
    writes: true,
    async handle(event: DomainEvent, tx: SqlClient) {
      if (!isSearchType(event.object)) return;
      // An import writes one event per batch, naming every record it created: they are read as stored now.
      if (event.type.endsWith('.imported')) {
        const type = event.object;
        const records = await deps.source.read(tx, event.workspaceId, type, importedRecordIds(event));
        const docs = records.map((fields) => buildDocument(event.workspaceId, type, fields)).filter((doc) => doc !== undefined);
        if (docs.length > 0) await upsertDocuments(tx, docs);
        if (deps.hasExternal && records.length > 0) await queueExternal(tx, event.workspaceId, records.map((r) => ({ type, id: String(r.id) })));
        return;
      }
      if (!event.recordId) return;
      const record = event.payload.record;
      if (typeof record !== 'object' || record === null) return;
      const fields = record as Record<string, unknown>;
      const ref = { type: event.object, id: event.recordId };
      // CRM Core names a deletion by its event type (`contact.deleted`); the record still shows its last values.
      if (event.type.endsWith('.deleted')) {
        await deleteDocuments(tx, event.workspaceId, [{ ...ref, version: typeof fields.version === 'number' ? fields.version : Number.MAX_SAFE_INTEGER }]);
      } else {
        const doc = buildDocument(event.workspaceId, event.object, fields);
        if (!doc) return;
        await upsertDocuments(tx, [doc]);
      }
      if (deps.hasExternal) await queueExternal(tx, event.workspaceId, [ref]);
    },
  };
}
