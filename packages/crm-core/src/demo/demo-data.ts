import type { WorkspaceTx } from '@nexus/db';
import { listPipelines } from '../pipelines/pipeline-repo';
import type { RecordContext, RecordService } from '../records/record-service';

const firstNames = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Tim', 'Frances', 'Edsger', 'Hedy', 'Guido', 'Sophie', 'Yukihiro', 'Anita', 'Bjarne', 'Lynn'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'Berners-Lee', 'Allen', 'Dijkstra', 'Lamarr', 'van Rossum', 'Wilson', 'Matsumoto', 'Borg', 'Stroustrup', 'Conway'];
const titles = ['VP Sales', 'Head of Operations', 'CTO', 'Procurement Manager', 'CEO', 'Director of Marketing', 'IT Manager', 'CFO', 'Sales Engineer', 'Founder'];
const stages = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer'];
const sources = ['website', 'referral', 'event', 'outbound', 'partner'];

const companies = [
  { name: 'Northwind Traders', domain: 'northwind.example', industry: 'Wholesale', size: '201-500', city: 'Seattle', country: 'US' },
  { name: 'Contoso Manufacturing', domain: 'contoso.example', industry: 'Manufacturing', size: '1001-5000', city: 'Chicago', country: 'US' },
  { name: 'Fabrikam Health', domain: 'fabrikam.example', industry: 'Healthcare', size: '501-1000', city: 'Boston', country: 'US' },
  { name: 'Tailspin Logistics', domain: 'tailspin.example', industry: 'Logistics', size: '51-200', city: 'Rotterdam', country: 'NL' },
  { name: 'Woodgrove Financial', domain: 'woodgrove.example', industry: 'Financial services', size: '5001+', city: 'London', country: 'GB' },
  { name: 'Litware Labs', domain: 'litware.example', industry: 'Software', size: '11-50', city: 'Berlin', country: 'DE' },
  { name: 'Adventure Works Outdoor', domain: 'adventure-works.example', industry: 'Retail', size: '201-500', city: 'Denver', country: 'US' },
  { name: 'Proseware Education', domain: 'proseware.example', industry: 'Education', size: '51-200', city: 'Toronto', country: 'CA' },
];

const dealNames = ['Platform rollout', 'Annual renewal', 'Pilot expansion', 'Data migration', 'Premium support', 'Team licences'];

/** A small, realistic workspace to explore: companies, contacts, deals across every stage, and a timeline. */
export async function seedDemoWorkspace(ctx: RecordContext, records: RecordService): Promise<{ companies: number; contacts: number; deals: number; activities: number }> {
  const pipeline = (await listPipelines(ctx.tx)).find((p) => p.isDefault);
  const stageList = pipeline?.stages ?? [];
  let contactCount = 0;
  let dealCount = 0;
  let activityCount = 0;
  for (const [i, c] of companies.entries()) {
    const company = await records.create(ctx, 'companies', {
      name: c.name,
      domain: c.domain,
      industry: c.industry,
      size: c.size,
      website: `https://www.${c.domain}`,
      address: { city: c.city, country: c.country },
      socialLinks: { linkedin: `https://www.linkedin.com/company/${c.domain.split('.')[0] ?? 'company'}` },
      tags: i % 3 === 0 ? ['strategic'] : [],
    });
    const contactIds: string[] = [];
    for (let j = 0; j < 3; j += 1) {
      const n = i * 3 + j;
      const first = firstNames[n % firstNames.length] ?? 'Sam';
      const last = lastNames[(n * 7) % lastNames.length] ?? 'Doe';
      const contact = await records.create(ctx, 'contacts', {
        firstName: first,
        lastName: last,
        emails: [`${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${c.domain}`],
        phones: [`+1 415 555 01${String(n).padStart(2, '0')}`],
        title: titles[n % titles.length],
        lifecycleStage: stages[n % stages.length],
        leadSource: sources[n % sources.length],
        companyId: company.id,
      });
      contactIds.push(contact.id);
      contactCount += 1;
    }
    for (let k = 0; k < 2; k += 1) {
      const stage = stageList[(i * 2 + k) % Math.max(stageList.length, 1)];
      // Close dates spread over the coming year, so the demo pipeline is live whenever it is created.
      const close = new Date(Date.now() + (10 + ((i * 2 + k) % 12) * 30) * 86_400_000).toISOString().slice(0, 10);
      const deal = await records.create(ctx, 'deals', {
        name: `${c.name} — ${dealNames[(i + k) % dealNames.length] ?? 'Deal'}`,
        amount: String(5_000 + ((i * 7919 + k * 104_729) % 95) * 1_000),
        currency: c.country === 'GB' ? 'GBP' : c.country === 'DE' || c.country === 'NL' ? 'EUR' : 'USD',
        ...(stage ? { stageId: stage.id } : {}),
        closeDate: close,
        companyId: company.id,
        contactIds: contactIds.slice(0, 2),
      });
      dealCount += 1;
      await records.create(ctx, 'activities', {
        type: 'task',
        subject: `Send proposal for ${deal.name as string}`,
        dueAt: new Date(Date.now() + (k + 1) * 86_400_000 * (i + 1)).toISOString(),
        dealIds: [deal.id],
        contactIds: contactIds.slice(0, 1),
      });
      activityCount += 1;
    }
    await records.create(ctx, 'activities', {
      type: 'note',
      subject: 'Discovery call notes',
      body: `Spoke with the team at ${c.name}. They are evaluating vendors this quarter; budget is approved and security review comes next.`,
      companyIds: [company.id],
      contactIds: contactIds.slice(0, 2),
    });
    await records.create(ctx, 'activities', {
      type: 'call',
      subject: `Intro call with ${c.name}`,
      occurredAt: new Date(Date.now() - (i + 1) * 3 * 86_400_000).toISOString(),
      companyIds: [company.id],
      contactIds: contactIds.slice(1, 2),
    });
    activityCount += 2;
  }
  return { companies: companies.length, contacts: contactCount, deals: dealCount, activities: activityCount };
}

/**
 * Bulk-loads generated contacts for benchmarks, in set-based SQL (thousands
 * of rows per statement). It writes neither audit entries nor events: it
 * loads fixtures, it does not stand for user changes.
 */
export async function seedContacts(tx: WorkspaceTx, options: { count: number; ownerId: string; batchSize?: number; onProgress?: (done: number) => void }): Promise<void> {
  const batch = options.batchSize ?? 10_000;
  const firstList = `array[${firstNames.map((n) => `'${n.replace(/'/g, "''")}'`).join(',')}]`;
  const lastList = `array[${lastNames.map((n) => `'${n.replace(/'/g, "''")}'`).join(',')}]`;
  const stageList = `array[${stages.map((n) => `'${n}'`).join(',')}]`;
  const sourceList = `array[${sources.map((n) => `'${n}'`).join(',')}]`;
  for (let start = 0; start < options.count; start += batch) {
    const end = Math.min(options.count, start + batch);
    await tx.query(
      `insert into contacts (id, workspace_id, first_name, last_name, emails, phones, title, lifecycle_stage, lead_source, owner_id, created_by, created_at, updated_at)
       select gen_random_uuid(), $1,
              (${firstList})[1 + (i % ${firstNames.length})],
              (${lastList})[1 + ((i / ${firstNames.length}) % ${lastNames.length})] || ' ' || i,
              array['person' || i || '@example.com'],
              array['+1555' || lpad((i % 10000000)::text, 7, '0')],
              'Title ' || (i % 50),
              (${stageList})[1 + (i % ${stages.length})],
              (${sourceList})[1 + (i % ${sources.length})],
              $2, $2,
              now() - (i || ' seconds')::interval,
              now()
         from generate_series($3::int, $4::int) as i`,
      [tx.workspaceId, options.ownerId, start, end - 1],
    );
    options.onProgress?.(end);
  }
}
