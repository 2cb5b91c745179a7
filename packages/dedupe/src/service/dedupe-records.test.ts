import { describe, expect, it } from 'vitest';
import type { MatchableRecord } from '@nexus/crm-core';
import { addressLine, probeOf, toDedupeRecord } from './dedupe-records';

const contact = (fields: Record<string, unknown>): MatchableRecord => ({ id: 'c1', version: 1, companyName: null, ...fields });

describe('toDedupeRecord', () => {
  it('reads a contact as the matching library compares it, with its company’s name and its address on one line', () => {
    const record = contact({
      firstName: 'Ada',
      lastName: 'Byron',
      emails: ['ada@acme.com'],
      phones: ['+442079460018'],
      title: '',
      companyName: 'Acme',
      address: { street: '1 Main St', city: 'London', postalCode: 'N1 9GU', country: null },
    });
    expect(toDedupeRecord('contacts', record)).toEqual({
      id: 'c1',
      fields: { firstName: 'Ada', lastName: 'Byron', emails: ['ada@acme.com'], phones: ['+442079460018'], title: null, company: 'Acme', address: '1 Main St, London, N1 9GU' },
    });
  });

  it('takes a company’s website when it has no domain', () => {
    expect(toDedupeRecord('companies', contact({ name: 'Acme', domain: null, website: 'https://www.acme.com/' })).fields.domain).toBe('https://www.acme.com/');
    expect(addressLine(null)).toBeNull();
  });
});

describe('probeOf', () => {
  it('keys a contact on its emails, mailbox names (not shared ones), phone tails, name and company', () => {
    const probe = probeOf('contacts', contact({ firstName: 'Ada', lastName: 'Byron', emails: ['Ada.Byron+crm@acme.com', 'info@acme.com'], phones: ['+44 20 7946 0018'], companyId: 'k1' }));
    expect(probe).toEqual({
      emails: ['ada.byron+crm@acme.com', 'info@acme.com'],
      emailLocalParts: expect.arrayContaining(['ada.byron']),
      phoneTails: ['9460018'],
      people: [{ firstName: 'Ada', lastName: 'Byron' }],
      colleagues: [{ companyId: 'k1', firstName: 'Ada' }],
    });
    expect(probe.emailLocalParts).not.toContain('info');
  });

  it('keys a company on the domains of its domain and website, and its name', () => {
    expect(probeOf('companies', contact({ name: 'Acme Corp', domain: 'acme.com', website: 'https://www.acme.co.uk/about' }))).toEqual({
      domains: ['acme.com', 'acme.co.uk'],
      companyNames: ['Acme Corp'],
    });
  });
});
