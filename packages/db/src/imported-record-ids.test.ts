import { describe, expect, it } from 'vitest';
import { importedRecordIds, type DomainEvent } from './outbox';

const event = (payload: Record<string, unknown>): DomainEvent => ({
  id: '1',
  workspaceId: '00000000-0000-7000-8000-000000000001',
  createdAt: new Date(0),
  type: 'contact.imported',
  object: 'contacts',
  recordId: null,
  payload,
});

describe('importedRecordIds', () => {
  it('reads the ids an import batch event names', () => {
    expect(importedRecordIds(event({ importId: 'i', ids: ['a', 'b'] }))).toEqual(['a', 'b']);
  });

  it('reads the records an event written by an earlier version carried', () => {
    expect(importedRecordIds(event({ records: [{ id: 'a', firstName: 'Ada' }, { id: 'b' }] }))).toEqual(['a', 'b']);
  });

  it('skips what is not an id, and a payload with neither', () => {
    expect(importedRecordIds(event({ ids: ['a', 7, null, { id: 'x' }] }))).toEqual(['a']);
    expect(importedRecordIds(event({ records: [null, 'b', { id: 3 }, { id: 'c' }] }))).toEqual(['c']);
    expect(importedRecordIds(event({}))).toEqual([]);
  });
});
