import { describe, expect, it } from 'vitest';
import { buildDocument } from './documents';

const ws = '01900000-0000-7000-8000-000000000001';

describe('buildDocument', () => {
  it('indexes a contact by name, with e-mails and phone digits as identifiers', () => {
    const doc = buildDocument(ws, 'contacts', {
      id: 'c1',
      firstName: 'Zoë',
      lastName: 'Müller',
      emails: ['zoe.mueller@globex.co.uk'],
      phones: ['+49 (30) 1234-5678'],
      title: 'CFO',
      tags: ['vip'],
      customFields: { tier: 'gold', seats: 40, notes: { text: 'likes golf' } },
      ownerId: 'u1',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(doc).toMatchObject({ title: 'Zoë Müller', keys: 'zoe.mueller@globex.co.uk +49 (30) 1234-5678', ownerIds: ['u1'], phonetic: 's mlr' });
    expect(doc?.body).toBe('CFO · vip · gold · likes golf');
    // The words of each address; the phone's digits whole, last ten and last seven.
    expect(doc?.terms).toBe('zoe mueller globex co uk 493012345678 3012345678 2345678');
    expect(doc?.fuzzy).toBe('zoe muller zoe.mueller@globex.co.uk +49 (30) 1234-5678');
  });

  it('names a company by its name, with its domain and website host', () => {
    const doc = buildDocument(ws, 'companies', { id: 'k1', name: 'Acme Corp', domain: 'acme.com', website: 'https://www.acme-shop.com/about', industry: 'Tools' });
    expect(doc).toMatchObject({ title: 'Acme Corp', keys: 'acme.com acme-shop.com', body: 'Tools' });
  });

  it('titles an activity by its subject, or the start of its body, and lists owner and assignee', () => {
    const doc = buildDocument(ws, 'activities', { id: 'a1', type: 'note', body: 'Call about renewal', ownerId: 'u2', assigneeId: 'u1' });
    expect(doc).toMatchObject({ title: 'Call about renewal', body: 'Call about renewal', ownerIds: ['u1', 'u2'] });
  });

  it('gives equal documents equal checksums and any change a new one', () => {
    const a = buildDocument(ws, 'deals', { id: 'd1', name: 'Renewal', tags: [] });
    const b = buildDocument(ws, 'deals', { id: 'd1', name: 'Renewal', tags: [], amount: '5' });
    const c = buildDocument(ws, 'deals', { id: 'd1', name: 'Renewal 2' });
    expect(a?.checksum).toBe(b?.checksum);
    expect(c?.checksum).not.toBe(a?.checksum);
  });

  it('survives hostile values', () => {
    const doc = buildDocument(ws, 'contacts', { id: 'x', firstName: '\u0000<script>', emails: [42, null, 'a@b'], phones: 'nope', customFields: [[[[['deep']]]]] });
    expect(doc?.title).toBe('<script>');
    expect(doc?.keys).toBe('a@b');
    expect(buildDocument(ws, 'contacts', { firstName: 'No id' })).toBeUndefined();
  });
});
