import { describe, expect, it } from 'vitest';
import type { CompanyFields, FieldCandidates, PersonFields } from './fields';
import { proposeChanges } from './propose-changes';
import { provenance } from './provenance';

const at = '2026-03-01T12:00:00.000Z';
const website = (confidence: number) => provenance('website', confidence, at);
const apollo = (confidence: number) => provenance('apollo', confidence, at);

describe('proposeChanges (fill only if empty)', () => {
  it('fills empty fields and never overwrites a typed value, reporting the disagreement instead', () => {
    const candidates: FieldCandidates<CompanyFields> = {
      name: { value: 'Acme Robotics Ltd', provenance: apollo(0.85) },
      domain: { value: 'acme-robotics.co.uk', provenance: apollo(0.85) },
      industry: { value: 'Industrial Automation', provenance: apollo(0.85) },
      website: { value: 'https://acme-robotics.co.uk', provenance: apollo(0.85) },
    };
    const result = proposeChanges<CompanyFields>({ current: { name: 'ACME', domain: null, industry: '  ', website: 'https://acme-robotics.co.uk' }, candidates: [candidates] });
    expect(result.changes).toEqual([
      { field: 'domain', value: 'acme-robotics.co.uk', previous: null, kind: 'fill', provenance: apollo(0.85) },
      { field: 'industry', value: 'Industrial Automation', previous: null, kind: 'fill', provenance: apollo(0.85) },
    ]);
    expect(result.conflicts).toEqual([{ field: 'name', current: 'ACME', proposed: 'Acme Robotics Ltd', provenance: apollo(0.85) }]);
  });

  it('takes the most confident offer for each field across sources', () => {
    const result = proposeChanges<CompanyFields>({
      current: {},
      candidates: [{ name: { value: 'Acme', provenance: provenance('email_domain', 0.4, at) } }, { name: { value: 'Acme Robotics', provenance: website(0.85) } }, { name: { value: 'ACME ROBOTICS LTD', provenance: apollo(0.7) } }],
    });
    expect(result.changes).toEqual([{ field: 'name', value: 'Acme Robotics', previous: null, kind: 'fill', provenance: website(0.85) }]);
  });

  it('appends new emails and phones to the ones a user typed, comparing phones by digits', () => {
    const result = proposeChanges<PersonFields>({
      current: { emails: ['ada@acme.com'], phones: ['+44 20 7946 0958'] },
      candidates: [{ emails: { value: ['ADA@acme.com', 'ada@lovelace.org'], provenance: apollo(0.8) }, phones: { value: ['+442079460958'], provenance: apollo(0.8) } }],
    });
    expect(result.changes).toEqual([{ field: 'emails', value: ['ada@acme.com', 'ada@lovelace.org'], previous: ['ada@acme.com'], kind: 'append', provenance: apollo(0.8) }]);
    expect(result.conflicts).toEqual([]);
  });

  it('adds missing social networks but keeps the ones already set; a whole address is filled only when empty', () => {
    const result = proposeChanges<CompanyFields>({
      current: { socialLinks: { linkedin: 'https://linkedin.com/company/acme' }, address: { city: 'Leeds' } },
      candidates: [
        {
          socialLinks: { value: { linkedin: 'https://linkedin.com/company/other', github: 'https://github.com/acme' }, provenance: website(0.7) },
          address: { value: { street: '12 Mill Lane', city: 'Manchester' }, provenance: website(0.8) },
        },
      ],
    });
    expect(result.changes).toEqual([
      { field: 'socialLinks', value: { linkedin: 'https://linkedin.com/company/acme', github: 'https://github.com/acme' }, previous: { linkedin: 'https://linkedin.com/company/acme' }, kind: 'merge', provenance: website(0.7) },
    ]);
    expect(result.conflicts).toEqual([{ field: 'address', current: { city: 'Leeds' }, proposed: { street: '12 Mill Lane', city: 'Manchester' }, provenance: website(0.8) }]);
  });

  it('ignores offers below the minimum confidence and empty offers, and treats equal values as agreement', () => {
    const result = proposeChanges<CompanyFields>({
      current: { name: 'acme robotics' },
      candidates: [{ name: { value: 'Acme Robotics', provenance: website(0.9) }, industry: { value: 'Robots', provenance: website(0.3) }, description: { value: '  ', provenance: website(0.9) } }],
      minConfidence: 0.5,
    });
    expect(result).toEqual({ changes: [], conflicts: [] });
  });
});
