import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@nexus/platform';
import { startFakePeopleDataLabs, startFakeWebsite, type FakePeopleDataLabs, type FakeWebsite } from '@nexus/enrichment/testing';
import { createTestApp, type SignedUp, type TestApp } from './test-support';

type Rec = Record<string, unknown> & { id: string; version: number };
interface Provenance {
  value: unknown;
  source: string;
  confidence: number;
  at: string;
}
interface EnrichBody {
  data: {
    record: Rec;
    filled: Array<{ field: string; value: unknown; kind: string; source: string }>;
    conflicts: Array<{ field: string; current: unknown; proposed: unknown; source: string }>;
    sources: Array<Record<string, unknown> & { source: string; status: string }>;
    provenance: Record<string, Provenance>;
  };
}

const html = { 'content-type': 'text/html; charset=utf-8' };

const initrodePage = `<!DOCTYPE html>
<html lang="de"><head>
  <meta charset="utf-8">
  <title>Initrode | Industrial staplers</title>
  <meta name="description" content="Initrode makes industrial staplers for offices that staple a lot.">
  <meta property="og:site_name" content="Initrode">
  <script type="application/ld+json">
  { "@context": "https://schema.org", "@type": "Organization", "name": "Initrode GmbH", "url": "https://initrode.de/",
    "logo": "https://initrode.de/logo.png",
    "sameAs": ["https://www.linkedin.com/company/initrode/", "https://github.com/initrode"],
    "address": { "@type": "PostalAddress", "streetAddress": "Hauptstraße 1", "addressLocality": "Berlin", "postalCode": "10115", "addressCountry": "Germany" },
    "telephone": "+49 30 1234567", "foundingDate": "2009-05-01",
    "numberOfEmployees": { "@type": "QuantitativeValue", "value": 120 }, "industry": "Office supplies" }
  </script>
</head><body><h1>Initrode</h1></body></html>`;

const picardEmail = `Quick update: the contract is signed.

--
Jean-Luc Picard | VP Sales, Starfleet Logistics Inc.
Direct: (415) 555-0132 x204
Mobile: 415.555.0199
jl.picard@starfleet-logistics.com
`;

describe('enrichment service', () => {
  let t: TestApp;
  let owner: SignedUp;
  let stranger: SignedUp;
  let site: FakeWebsite;
  let walledSite: FakeWebsite;
  let pdl: FakePeopleDataLabs;

  beforeAll(async () => {
    site = await startFakeWebsite({ '/': { headers: html, body: initrodePage }, '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private/\n' } });
    walledSite = await startFakeWebsite({ '/': { headers: html, body: initrodePage }, '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /\n' } });
    pdl = await startFakePeopleDataLabs({
      apiKey: 'pdl-test-key',
      persons: [
        {
          full_name: 'ada lovelace',
          first_name: 'ada',
          last_name: 'lovelace',
          job_title: 'vice president of engineering',
          job_company_name: 'acme robotics',
          job_company_website: 'acme-robotics.co.uk',
          work_email: 'ada@acme-robotics.co.uk',
          mobile_phone: '+447400123456',
          linkedin_url: 'linkedin.com/in/ada-lovelace-acme',
          location_locality: 'manchester',
          location_country: 'united kingdom',
        },
      ],
    });
    t = await createTestApp({
      env: {
        ENRICHMENT_ALLOW_PRIVATE_NETWORKS: 'true',
        ENRICHMENT_FETCH_TIMEOUT_MS: '5000',
        PDL_API_KEY: 'pdl-test-key',
        PDL_BASE_URL: pdl.url,
        ENRICHMENT_MONTHLY_CREDITS: '1',
      },
    });
    owner = await t.signup();
    stranger = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([site.close(), walledSite.close(), pdl.close()]);
  });

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, who: SignedUp = owner) => {
    const res = await t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json<Record<string, unknown>>() : {} };
  };
  const create = async (object: string, payload: unknown, who: SignedUp = owner): Promise<Rec> => {
    const res = await call('POST', `/api/v1/${object}`, payload, who);
    if (res.status !== 201) throw new Error(`create ${object}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Rec;
  };
  const provenanceOf = async (object: string, id: string): Promise<Record<string, Provenance>> => {
    const res = await call('GET', `/api/v1/${object}/${id}/provenance`);
    expect(res.status).toBe(200);
    return (res.body as { data: Record<string, Provenance> }).data;
  };
  const enrich = async (object: string, id: string, payload?: unknown): Promise<EnrichBody['data']> => {
    const res = await call('POST', `/api/v1/${object}/${id}/enrich`, payload);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body as unknown as EnrichBody).data;
  };
  const companiesWithDomain = async (domain: string, who: SignedUp = owner): Promise<Rec[]> =>
    ((await call('GET', `/api/v1/companies?filter[domain]=${encodeURIComponent(domain)}`, undefined, who)).body as { data: Rec[] }).data;

  describe('normalisation on write', () => {
    it('capitalises one-case names and writes phones in E.164 with the default country, recording what it changed', async () => {
      const contact = await create('contacts', { firstName: 'ada', lastName: 'LOVELACE', emails: ['Ada.Lovelace@Example.com'], phones: ['415-555-2671', '+1 415 555 2671'] });
      expect(contact).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', emails: ['ada.lovelace@example.com'], phones: ['+14155552671'] });
      const provenance = await provenanceOf('contacts', contact.id);
      expect(provenance).toMatchObject({
        firstName: { value: 'Ada', source: 'normalisation', confidence: 1 },
        lastName: { value: 'Lovelace', source: 'normalisation' },
        phones: { value: ['+14155552671'], source: 'normalisation' },
      });
      expect(Date.parse(provenance.phones?.at ?? '')).not.toBeNaN();
      // Typed with care, kept as typed, and nothing to explain.
      const careful = await create('contacts', { firstName: 'danah', lastName: 'McDonald-Smith' });
      expect(careful).toMatchObject({ firstName: 'Danah', lastName: 'McDonald-Smith' });
      expect(Object.keys(await provenanceOf('contacts', careful.id))).toEqual(['firstName']);
    });

    it("reads a number without + in the address's country, names the country by ISO code and derives the time zone", async () => {
      const contact = await create('contacts', { firstName: 'Mary', lastName: 'Shelley', phones: ['0161 496 0000'], address: { city: 'Manchester', country: 'United Kingdom' } });
      expect(contact).toMatchObject({ phones: ['+441614960000'], address: { city: 'Manchester', country: 'GB' } });
      expect(await provenanceOf('contacts', contact.id)).toMatchObject({
        address: { source: 'normalisation' },
        timeZone: { value: 'Europe/London', source: 'normalisation', confidence: 1 },
        phones: { source: 'normalisation' },
      });
    });

    it('canonicalises a company website, takes the domain from it and derives country and time zone', async () => {
      const company = await create('companies', { name: 'Globex', website: 'https://WWW.Globex-Energy.co.uk/about/?utm_source=news', address: { city: 'Berlin', country: 'Deutschland' } });
      expect(company).toMatchObject({ website: 'https://globex-energy.co.uk/about', domain: 'globex-energy.co.uk', address: { city: 'Berlin', country: 'DE' } });
      expect(await provenanceOf('companies', company.id)).toMatchObject({
        website: { value: 'https://globex-energy.co.uk/about', source: 'normalisation', confidence: 1 },
        domain: { value: 'globex-energy.co.uk', source: 'normalisation', confidence: 0.95 },
        timeZone: { value: 'Europe/Berlin', source: 'normalisation' },
      });
      const renamed = await call('PATCH', `/api/v1/companies/${company.id}`, { domain: 'WWW.Globex.com' });
      expect(renamed.body).toMatchObject({ domain: 'globex.com' });
    });

    it('refuses an invalid email or phone with 400 naming the field and index, and writes nothing', async () => {
      for (const [payload, path] of [
        [{ lastName: 'Nobody', emails: ['ok@example.com', 'not-an-email'] }, 'emails.1'],
        [{ lastName: 'Nobody', emails: ['ok@example.com', 'bob@initech-.com'] }, 'emails.1'],
        [{ lastName: 'Nobody', emails: ['nobody@initech.com'], phones: ['+1 415 555 2671', '555-12'] }, 'phones.1'],
        [{ lastName: 'Nobody', phones: ['+1 999 555 0100'] }, 'phones.0'],
      ] as const) {
        const res = await call('POST', '/api/v1/contacts', payload);
        expect(res.status, JSON.stringify(payload)).toBe(400);
        const error = res.body.error as { code: string; details: Array<{ path: string; message: string }> };
        expect(error.code).toBe('validation_failed');
        expect(error.details.map((d) => d.path)).toContain(path);
      }
      const nobody = (await call('GET', '/api/v1/contacts?filter[lastName]=Nobody')).body as { data: Rec[] };
      expect(nobody.data).toEqual([]);
      // The refused contact's email domain did not leave a company behind either.
      expect(await companiesWithDomain('initech.com')).toEqual([]);

      const contact = await create('contacts', { firstName: 'Kept', phones: ['+1 415 555 2671'] });
      const refused = await call('PATCH', `/api/v1/contacts/${contact.id}`, { phones: ['555-12'] });
      expect(refused.status).toBe(400);
      expect((refused.body.error as { details: Array<{ path: string; reason: string }> }).details[0]).toMatchObject({ path: 'phones.0', reason: 'too_short' });
      expect((await call('GET', `/api/v1/contacts/${contact.id}`)).body).toMatchObject({ phones: ['+14155552671'], version: 1 });
    });

    it('forgets the provenance of a field the user later types over by hand', async () => {
      const contact = await create('contacts', { firstName: 'grace', lastName: 'Hopper', phones: ['415.555.2671'] });
      expect(Object.keys(await provenanceOf('contacts', contact.id)).sort()).toEqual(['firstName', 'phones']);
      await call('PATCH', `/api/v1/contacts/${contact.id}`, { phones: ['+14155550100'], firstName: 'Grace' });
      // firstName: the same value retyped keeps its history; phones: a new value typed in canonical form.
      expect(Object.keys(await provenanceOf('contacts', contact.id))).toEqual(['firstName']);
      await call('PATCH', `/api/v1/contacts/${contact.id}`, { firstName: 'Gracie' });
      expect(await provenanceOf('contacts', contact.id)).toEqual({});
    });
  });

  describe('company from an email domain', () => {
    it('creates the company of a corporate domain, and links the next colleague to it', async () => {
      const grace = await create('contacts', { firstName: 'Grace', lastName: 'Hopper', emails: ['grace@cobol-systems.com'] });
      expect(grace.companyId).toEqual(expect.any(String));
      expect(grace.companyIds).toEqual([grace.companyId]);
      const company = (await call('GET', `/api/v1/companies/${String(grace.companyId)}`)).body;
      expect(company).toMatchObject({ name: 'Cobol Systems', domain: 'cobol-systems.com', website: 'https://cobol-systems.com' });
      expect(await provenanceOf('companies', String(grace.companyId))).toMatchObject({
        domain: { value: 'cobol-systems.com', source: 'email_domain', confidence: 0.9 },
        name: { value: 'Cobol Systems', source: 'email_domain', confidence: 0.4 },
      });
      expect(await provenanceOf('contacts', grace.id)).toMatchObject({ companyId: { value: grace.companyId, source: 'email_domain' } });

      const colleague = await create('contacts', { firstName: 'Jean', lastName: 'Sammet', emails: ['jean@eu.cobol-systems.com'] });
      expect(colleague.companyId).toBe(grace.companyId);
      expect(await companiesWithDomain('cobol-systems.com')).toHaveLength(1);
    });

    it('links a company the workspace already has, and leaves free-mail and documentation addresses alone', async () => {
      const initech = await create('companies', { name: 'Initech', domain: 'initech.com' });
      const peter = await create('contacts', { firstName: 'Peter', lastName: 'Gibbons', emails: ['peter@initech.com'] });
      expect(peter.companyId).toBe(initech.id);
      expect(await companiesWithDomain('initech.com')).toHaveLength(1);

      const gmail = await create('contacts', { firstName: 'Milton', emails: ['milton.waddams@gmail.com'] });
      expect(gmail.companyId).toBeNull();
      expect(await companiesWithDomain('gmail.com')).toEqual([]);
      const example = await create('contacts', { firstName: 'Sample', emails: ['sample@example.com'] });
      expect(example.companyId).toBeNull();

      // A contact given a company keeps it.
      const given = await create('contacts', { firstName: 'Bill', emails: ['bill@lumbergh.com'], companyId: initech.id });
      expect(given.companyId).toBe(initech.id);
      expect(await companiesWithDomain('lumbergh.com')).toEqual([]);
    });
  });

  describe('website enrichment', () => {
    it('fills empty fields from the JSON-LD Organization and page metadata, reports conflicts and records provenance', async () => {
      const company = await create('companies', { name: 'Initrode Corp', website: `${site.origin}/` });
      const result = await enrich('companies', company.id, { sources: ['website'] });
      expect(result.sources).toEqual([{ source: 'website', status: 'fetched', url: `${site.origin}/` }]);
      expect(result.record).toMatchObject({
        id: company.id,
        name: 'Initrode Corp',
        industry: 'Office supplies',
        size: '51-200',
        address: { street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        socialLinks: { linkedin: 'https://linkedin.com/company/initrode', github: 'https://github.com/initrode' },
        version: 2,
      });
      expect(result.filled.map((f) => f.field).sort()).toEqual(
        expect.arrayContaining(['address', 'description', 'foundedYear', 'industry', 'logoUrl', 'phone', 'size', 'socialLinks', 'timeZone']),
      );
      expect(result.filled.every((f) => f.source === 'website')).toBe(true);
      expect(result.conflicts).toEqual([expect.objectContaining({ field: 'name', current: 'Initrode Corp', source: 'website' })]);

      const provenance = await provenanceOf('companies', company.id);
      expect(provenance).toMatchObject({
        industry: { value: 'Office supplies', source: 'website' },
        description: { value: 'Initrode makes industrial staplers for offices that staple a lot.', source: 'website' },
        logoUrl: { value: 'https://initrode.de/logo.png', source: 'website' },
        foundedYear: { value: 2009, source: 'website' },
        phone: { value: '+49301234567', source: 'website' },
        timeZone: { value: 'Europe/Berlin' },
      });
      expect(provenance.name).toBeUndefined();
      expect(result.provenance).toEqual(provenance);

      // Fill-only-if-empty: asked again, nothing is overwritten.
      const again = await enrich('companies', company.id, { sources: ['website'] });
      expect(again.filled).toEqual([]);
      expect(again.record.version).toBe(2);

      const audit = (await call('GET', `/api/v1/audit-log?recordId=${company.id}`)).body as { data: Array<{ action: string }> };
      expect(audit.data.map((e) => e.action).sort()).toEqual(['create', 'update']);
    });

    it('respects robots.txt and never requests a disallowed page', async () => {
      const company = await create('companies', { name: 'Walled Garden', website: `${walledSite.origin}/` });
      const result = await enrich('companies', company.id, { sources: ['website'] });
      expect(result.sources).toEqual([expect.objectContaining({ source: 'website', status: 'failed', reason: 'robots_disallowed' })]);
      expect(result.filled).toEqual([]);
      expect(walledSite.requests.map((r) => r.path)).toEqual(['/robots.txt']);
    });

    it('skips a company without a website or domain', async () => {
      const company = await create('companies', { name: 'No Site Ltd' });
      const result = await enrich('companies', company.id, { sources: ['website'] });
      expect(result.sources).toEqual([{ source: 'website', status: 'skipped', reason: 'no_website' }]);
    });
  });

  describe('signature enrichment', () => {
    it("fills a contact's title and phones from the signature of their latest email", async () => {
      const picard = await create('contacts', { firstName: 'Jean-Luc', lastName: 'Picard', emails: ['jl.picard@starfleet-logistics.com'] });
      await create('activities', { type: 'email', subject: 'Contract', body: picardEmail, contactIds: [picard.id], occurredAt: '2026-03-01T10:00:00Z' });
      await create('activities', { type: 'email', subject: 'Older', body: 'Hi,\n\nsee you.\n\nThanks,\nWesley Crusher\nEnsign\n', contactIds: [picard.id], occurredAt: '2026-02-01T10:00:00Z' });
      const result = await enrich('contacts', picard.id, { sources: ['signature'] });
      expect(result.sources).toEqual([expect.objectContaining({ source: 'signature', status: 'found' })]);
      expect(result.record).toMatchObject({ title: 'VP Sales', phones: ['+14155550132 ext. 204', '+14155550199'] });
      expect(result.provenance).toMatchObject({ title: { value: 'VP Sales', source: 'signature' }, companyName: { value: 'Starfleet Logistics Inc.', source: 'signature' } });
    });
  });

  describe('paid providers', () => {
    it('fills only empty fields from People Data Labs, serves a repeat from the cache and reports spent credits', async () => {
      const ada = await create('contacts', { firstName: 'Ada', lastName: 'Lovelace', title: 'CTO', emails: ['ada@acme-robotics.co.uk'] });
      const first = await enrich('contacts', ada.id, { sources: ['providers'] });
      expect(first.sources).toEqual([expect.objectContaining({ source: 'providers', status: 'enriched', matchedBy: 'people_data_labs', creditsSpent: 1 })]);
      expect(first.record).toMatchObject({ title: 'CTO', phones: ['+447400123456'], address: { city: 'Manchester', country: 'GB' } });
      expect(first.conflicts).toEqual([expect.objectContaining({ field: 'title', current: 'CTO', source: 'people_data_labs' })]);
      expect(first.provenance).toMatchObject({
        phones: { value: ['+447400123456'], source: 'people_data_labs', confidence: 0.9 },
        socialLinks: { value: { linkedin: 'https://linkedin.com/in/ada-lovelace-acme' }, source: 'people_data_labs' },
      });
      expect(pdl.requests).toHaveLength(1);

      // Every field worth paying for is filled: no provider is asked.
      const settled = await enrich('contacts', ada.id, { sources: ['providers'] });
      expect(settled.sources[0]).toMatchObject({ status: 'nothing_to_fill', creditsSpent: 0, attempts: [] });
      expect(settled.filled).toEqual([]);

      // The user clears the phones; asking again is answered from the cache, free.
      await call('PATCH', `/api/v1/contacts/${ada.id}`, { phones: [] });
      expect((await provenanceOf('contacts', ada.id)).phones).toBeUndefined();
      const again = await enrich('contacts', ada.id, { sources: ['providers'] });
      expect(again.sources[0]).toMatchObject({ status: 'enriched', creditsSpent: 0, attempts: [expect.objectContaining({ provider: 'people_data_labs', cached: true, creditsSpent: 0 })] });
      expect(again.filled).toEqual([expect.objectContaining({ field: 'phones', value: ['+447400123456'], kind: 'fill', source: 'people_data_labs' })]);
      expect(pdl.requests).toHaveLength(1);
    });

    it('reports exhausted monthly credits without calling the provider', async () => {
      const unknown = await create('contacts', { firstName: 'Alan', lastName: 'Turing', emails: ['alan@bletchley-park.co.uk'] });
      const result = await enrich('contacts', unknown.id, { sources: ['providers'] });
      expect(result.sources).toEqual([
        expect.objectContaining({ source: 'providers', status: 'budget_exhausted', attempts: [expect.objectContaining({ outcome: 'budget_exhausted', detail: expect.stringContaining('1 of 1 credits') })] }),
      ]);
      expect(pdl.requests).toHaveLength(1);
    });
  });

  describe('data quality', () => {
    it('scores a small workspace by completeness, validity and duplicates, and each record with its issues', async () => {
      const analyst = await t.signup();
      const as = (payload: unknown, object = 'contacts') => create(object, payload, analyst);
      const company = await as({ name: 'Quality Co', domain: 'quality.example', website: 'https://quality.example', industry: 'Software', size: '11-50', address: { country: 'US' } }, 'companies');
      await as({ firstName: 'Full', lastName: 'Record', emails: ['full@example.com'], phones: ['+14155552671'], title: 'CEO', companyId: company.id, address: { country: 'US' } });
      await as({ firstName: 'Half', emails: ['half@example.com'] });
      // Written before normalisation existed (or by a bulk load): a phone number that is not E.164.
      const legacyId = newId();
      await t.db.withWorkspace(analyst.workspaceId, (tx) =>
        tx.query(`insert into contacts (id, workspace_id, first_name, emails, phones, owner_id, created_by) values ($1, $2, 'Legacy', array['legacy@example.com'], array['555-0100'], $3, $3)`, [
          legacyId,
          analyst.workspaceId,
          analyst.userId,
        ]),
      );

      const res = await call('GET', '/api/v1/data-quality', undefined, analyst);
      expect(res.status).toBe(200);
      const data = (res.body as { data: Record<string, unknown> }).data;
      expect(data).toEqual({
        // (73 × 3 contacts + 100 × 1 company) / 4
        score: 80,
        records: 4,
        objects: {
          contacts: {
            records: 3,
            // 0.5 × 4/7 + 0.3 × 4/5 + 0.2 × 1
            score: 73,
            completeness: {
              score: 0.571,
              fields: { firstName: 1, lastName: 0.333, emails: 1, phones: 0.667, title: 0.333, companyId: 0.333, 'address.country': 0.333 },
            },
            validity: { score: 0.8, fields: { emails: { checked: 3, valid: 3, share: 1 }, phones: { checked: 2, valid: 1, share: 0.5 } } },
            duplicates: { records: 0, share: 0 },
          },
          companies: {
            records: 1,
            score: 100,
            completeness: { score: 1, fields: { name: 1, domain: 1, website: 1, industry: 1, size: 1, 'address.country': 1 } },
            validity: { score: 1, fields: { domain: { checked: 1, valid: 1, share: 1 }, website: { checked: 1, valid: 1, share: 1 } } },
            duplicates: { records: 0, share: 0 },
          },
        },
      });

      const legacy = await call('GET', `/api/v1/contacts/${legacyId}/data-quality`, undefined, analyst);
      expect(legacy.status).toBe(200);
      expect((legacy.body as { data: unknown }).data).toEqual({
        // 0.5 × 3/7 + 0.3 × 1/2 + 0.2 × 1
        score: 56,
        completeness: 0.429,
        validity: 0.5,
        duplicate: false,
        issues: [
          { kind: 'missing', field: 'lastName' },
          { kind: 'missing', field: 'title' },
          { kind: 'missing', field: 'companyId' },
          { kind: 'missing', field: 'address.country' },
          { kind: 'invalid', field: 'phones', index: 0, value: '555-0100', reason: 'missing_country' },
        ],
      });
      const companyQuality = await call('GET', `/api/v1/companies/${company.id}/data-quality`, undefined, analyst);
      expect((companyQuality.body as { data: unknown }).data).toEqual({ score: 100, completeness: 1, validity: 1, duplicate: false, issues: [] });
    });

    it('scores an empty workspace as unknown rather than perfect', async () => {
      const empty = await t.signup();
      const res = await call('GET', '/api/v1/data-quality', undefined, empty);
      expect(res.body).toMatchObject({ data: { score: null, records: 0, objects: { contacts: { records: 0, score: null }, companies: { records: 0, score: null } } } });
    });
  });

  describe('workspace isolation', () => {
    it("answers another workspace's ids with 404 on every enrichment endpoint, exactly like missing ones", async () => {
      const company = await create('companies', { name: 'Private Co', website: `${site.origin}/` });
      const contact = await create('contacts', { firstName: 'Private', emails: ['private@example.com'] });
      const before = site.requests.length;
      for (const id of [company.id, newId()]) {
        expect((await call('POST', `/api/v1/companies/${id}/enrich`, { sources: ['website'] }, stranger)).status).toBe(404);
        expect((await call('GET', `/api/v1/companies/${id}/provenance`, undefined, stranger)).status).toBe(404);
        expect((await call('GET', `/api/v1/companies/${id}/data-quality`, undefined, stranger)).status).toBe(404);
      }
      expect((await call('POST', `/api/v1/contacts/${contact.id}/enrich`, undefined, stranger)).status).toBe(404);
      expect((await call('GET', `/api/v1/contacts/${contact.id}/provenance`, undefined, stranger)).status).toBe(404);
      expect((await call('GET', `/api/v1/contacts/${contact.id}/data-quality`, undefined, stranger)).status).toBe(404);
      expect((await call('GET', `/api/v1/deals/${newId()}/provenance`, undefined, stranger)).status).toBe(404);
      expect(site.requests.length).toBe(before);
    });

    it('refuses unknown enrichment sources with 400', async () => {
      const company = await create('companies', { name: 'Strict Co' });
      const res = await call('POST', `/api/v1/companies/${company.id}/enrich`, { sources: ['crystal_ball'] });
      expect(res.status).toBe(400);
      expect((res.body.error as { code: string }).code).toBe('validation_failed');
    });
  });
});

describe('enrichment service with default network settings', () => {
  let t: TestApp;
  let owner: SignedUp;
  let site: FakeWebsite;

  beforeAll(async () => {
    site = await startFakeWebsite({ '/': { headers: html, body: initrodePage } });
    t = await createTestApp({ env: { ENRICHMENT_COMPANY_FROM_EMAIL: 'false' } });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await site.close();
  });

  it('refuses to fetch a website on a private or loopback address, and never connects to it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: owner.headers, payload: { name: 'Loopback Inc', website: `${site.origin}/` } });
    const company = created.json<Rec>();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/companies/${company.id}/enrich`, headers: owner.headers });
    expect(res.statusCode).toBe(200);
    const data = res.json<EnrichBody>().data;
    expect(data.sources).toEqual([
      expect.objectContaining({ source: 'website', status: 'failed', reason: 'ssrf_blocked' }),
      { source: 'providers', status: 'not_configured', creditsSpent: 0, attempts: [] },
    ]);
    expect(data.filled).toEqual([]);
    expect(site.requests).toHaveLength(0);
  });

  it('links an existing company but creates none when ENRICHMENT_COMPANY_FROM_EMAIL is off', async () => {
    const post = (object: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/${object}`, headers: owner.headers, payload }).then((r) => r.json<Rec>());
    const fresh = await post('contacts', { firstName: 'Ann', emails: ['ann@umbrella-corp.com'] });
    expect(fresh.companyId).toBeNull();
    const umbrella = await post('companies', { name: 'Umbrella', domain: 'umbrella-corp.com' });
    const next = await post('contacts', { firstName: 'Bob', emails: ['bob@umbrella-corp.com'] });
    expect(next.companyId).toBe(umbrella.id);
  });
});

describe('data quality with the duplicates service', () => {
  let t: TestApp;
  let owner: SignedUp;

  beforeAll(async () => {
    t = await createTestApp({ relay: true });
    owner = await t.signup();
  });
  afterAll(() => t.close());

  it('counts records the duplicates service has paired in the duplicate share', async () => {
    const post = async (payload: object) => (await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: owner.headers, payload })).json<Rec>();
    const first = await post({ firstName: 'Katherine', lastName: 'Johnson', emails: ['katherine.johnson@nasa.example'], phones: ['+1 757 555 0100'] });
    await post({ firstName: 'Katherine', lastName: 'Johnson', emails: ['KATHERINE.JOHNSON@nasa.example'], phones: ['757-555-0100'] });
    const distinct = await post({ firstName: 'Dorothy', lastName: 'Vaughan', emails: ['dorothy@langley.example'] });
    await t.relay?.drain();
    await t.relay?.drain();

    const workspace = (await t.app.inject({ method: 'GET', url: '/api/v1/data-quality', headers: owner.headers })).json<{ data: { objects: { contacts: { records: number; duplicates: unknown } } } }>();
    expect(workspace.data.objects.contacts).toMatchObject({ records: 3, duplicates: { records: 2, share: 0.667 } });
    const paired = (await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${first.id}/data-quality`, headers: owner.headers })).json<{ data: { duplicate: boolean; issues: unknown[] } }>();
    expect(paired.data.duplicate).toBe(true);
    expect(paired.data.issues).toContainEqual({ kind: 'duplicate', field: null });
    const alone = (await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${distinct.id}/data-quality`, headers: owner.headers })).json<{ data: { duplicate: boolean } }>();
    expect(alone.data.duplicate).toBe(false);
  });
});
