import { describe, expect, it } from 'vitest';
import { parseQuestion } from './parse-question';
import { context, userId } from './test-support';
import { validateQuery } from './validate-query';

function ask(question: string) {
  const query = parseQuestion(question, context);
  expect(query, question).not.toBeNull();
  expect(validateQuery(query!, context), question).toEqual({ ok: true });
  return query!;
}

describe('parseQuestion: contacts', () => {
  it('reads a lead source after "from", "via" or "source"', () => {
    expect(ask('contacts from linkedin')).toEqual({
      resource: 'contacts',
      filter: { leadSource: { contains: 'linkedin' } },
      sort: null,
      explanation: 'All contacts with lead source containing "linkedin".',
    });
    expect(ask('contacts via referral').filter).toEqual({ leadSource: { contains: 'referral' } });
    expect(ask('contacts whose lead source is Google Ads').filter).toEqual({ leadSource: { contains: 'Google Ads' } });
  });

  it('reads missing and present e-mails and phones', () => {
    expect(ask('contacts without email')).toMatchObject({ filter: { emails: { isEmpty: true } }, explanation: 'All contacts without an e-mail.' });
    expect(ask('contacts with no phone number').filter).toEqual({ phones: { isEmpty: true } });
    expect(ask('contacts with an email').filter).toEqual({ emails: { isEmpty: false } });
    expect(ask('contacts with email jane@acme.com').filter).toEqual({ emails: { contains: 'jane@acme.com' } });
  });

  it('reads job titles, spelled out or as nouns', () => {
    expect(ask('contacts with title CEO').filter).toEqual({ title: { contains: 'CEO' } });
    expect(ask('contacts whose title contains engineer').filter).toEqual({ title: { contains: 'engineer' } });
    expect(ask('CEOs')).toMatchObject({ resource: 'contacts', filter: { title: { contains: 'CEO' } } });
    expect(ask('marketing directors').filter).toEqual({ title: { contains: 'marketing director' } });
  });

  it('reads "leads" and "customers" as lifecycle stages', () => {
    expect(ask('leads')).toMatchObject({ resource: 'contacts', filter: { lifecycleStage: { eq: 'lead' } }, explanation: 'All leads.' });
    expect(ask('my customers')).toMatchObject({ filter: { lifecycleStage: { eq: 'customer' }, ownerId: { eq: userId } }, explanation: 'Your customers.' });
  });

  it('reads dates and sorts that fit contacts', () => {
    expect(ask('new contacts this week').filter.createdAt).toEqual({ gte: '2026-11-01T23:00:00.000Z', lt: '2026-11-08T23:00:00.000Z' });
    expect(ask('contacts added in the last 7 days').filter.createdAt).toEqual({ gte: '2026-10-28T23:00:00.000Z', lt: '2026-11-05T23:00:00.000Z' });
    expect(ask('contacts created more than 90 days ago').filter.createdAt).toEqual({ lt: '2026-08-06T22:00:00.000Z' });
    expect(ask('contacts by name').sort).toBe('lastName');
    expect(ask('newest leads').sort).toBe('-createdAt');
  });

  it('reads names and the contact custom field of the same label as a deal one', () => {
    expect(ask('contacts called Jane Doe').filter).toEqual({ firstName: { contains: 'Jane' }, lastName: { contains: 'Doe' } });
    expect(ask('contacts where tier is silver').filter).toEqual({ 'customFields.tier': { eq: 'silver' } });
  });

  it('says it cannot filter contacts by e-mail domain', () => {
    const query = ask('contacts at acme.com');

    expect(query.filter).toEqual({});
    expect(query.explanation).toContain('cannot be filtered by e-mail domain');
  });
});

describe('parseQuestion: companies', () => {
  it('reads industries before the noun or after "in"', () => {
    expect(ask('companies in fintech')).toMatchObject({ filter: { industry: { contains: 'fintech' } }, explanation: 'All companies in an industry containing "fintech".' });
    expect(ask('software companies').filter).toEqual({ industry: { contains: 'software' } });
    expect(ask('companies in the real estate industry').filter).toEqual({ industry: { contains: 'real estate' } });
    expect(ask('companies where industry is healthcare').filter).toEqual({ industry: { contains: 'healthcare' } });
  });

  it('reads a domain as written or after "domain"', () => {
    expect(ask('companies with domain acme.com').filter).toEqual({ domain: { eq: 'acme.com' } });
    expect(ask('companies with domain Acme.COM').filter).toEqual({ domain: { eq: 'acme.com' } });
    expect(ask('company acme.com').filter).toEqual({ domain: { eq: 'acme.com' } });
  });

  it('reads multi-select custom fields with the operators they take', () => {
    expect(ask('companies where regions is EMEA').filter).toEqual({ 'customFields.regions': { contains: 'EMEA' } });
  });

  it('reads names, ownership and sorting', () => {
    expect(ask('companies named acme').filter).toEqual({ name: { contains: 'acme' } });
    expect(ask('unassigned companies sorted alphabetically')).toMatchObject({ filter: { ownerId: { isEmpty: true } }, sort: 'name' });
    expect(ask('oldest companies').sort).toBe('createdAt');
  });
});

describe('parseQuestion: activities', () => {
  it('reads "overdue tasks" as open tasks due before now', () => {
    expect(ask('overdue tasks')).toEqual({
      resource: 'activities',
      filter: { dueAt: { lt: '2026-11-05T15:30:00.000Z' }, status: { eq: 'open' }, type: { eq: 'task' } },
      sort: null,
      explanation: 'All overdue (open, due before now) tasks.',
    });
  });

  it('reads "my tasks due today" in the local day', () => {
    expect(ask('my tasks due today')).toEqual({
      resource: 'activities',
      filter: { ownerId: { eq: userId }, type: { eq: 'task' }, dueAt: { gte: '2026-11-04T23:00:00.000Z', lt: '2026-11-05T23:00:00.000Z' } },
      sort: null,
      explanation: 'Your tasks due on 2026-11-05.',
    });
  });

  it('reads "calls last week" as the calls that took place that week', () => {
    expect(ask('calls last week')).toMatchObject({
      filter: { type: { eq: 'call' }, occurredAt: { gte: '2026-10-25T23:00:00.000Z', lt: '2026-11-01T23:00:00.000Z' } },
      explanation: 'All calls between 2026-10-26 and 2026-11-01.',
    });
  });

  it.each([
    ['notes', 'note'],
    ['meetings', 'meeting'],
    ['emails', 'email'],
    ['tasks', 'task'],
    ['calls', 'call'],
  ])('reads "%s" as activities of type %s', (question, type) => {
    expect(ask(question)).toMatchObject({ resource: 'activities', filter: { type: { eq: type } } });
  });

  it('reads several types, states, assignees and subjects', () => {
    expect(ask('calls and meetings this week').filter.type).toEqual({ in: ['call', 'meeting'] });
    expect(ask('completed tasks').filter.status).toEqual({ eq: 'done' });
    expect(ask('open tasks assigned to me').filter).toEqual({ status: { eq: 'open' }, type: { eq: 'task' }, assigneeId: { eq: userId } });
    expect(ask('unassigned tasks').filter).toEqual({ assigneeId: { isEmpty: true }, type: { eq: 'task' } });
    expect(ask('calls about pricing').filter.subject).toEqual({ contains: 'pricing' });
  });

  it('reads weekdays, upcoming meetings and "due soonest"', () => {
    expect(ask('tasks due friday').filter.dueAt).toEqual({ gte: '2026-11-05T23:00:00.000Z', lt: '2026-11-06T23:00:00.000Z' });
    expect(ask('upcoming meetings').filter.occurredAt).toEqual({ gte: '2026-11-05T15:30:00.000Z' });
    expect(ask('my tasks due soonest').sort).toBe('dueAt');
    expect(ask('most recent calls').sort).toBe('-occurredAt');
  });

  it('says so when a question asks for tags, which activities lack', () => {
    const query = ask('notes tagged vip');

    expect(query.filter).toEqual({ type: { eq: 'note' } });
    expect(query.explanation).toContain('have no tags');
  });
});
