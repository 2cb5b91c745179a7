import { describe, expect, it } from 'vitest';
import { parseQuestion } from './parse-question';
import type { QueryContext } from './query.schemas';
import { context, openStageIds, stageIds, userId } from './test-support';
import { validateQuery } from './validate-query';

/** Parses and checks that the list API would accept the answer. */
function ask(question: string, ctx: QueryContext = context) {
  const query = parseQuestion(question, ctx);
  expect(query, question).not.toBeNull();
  expect(validateQuery(query!, ctx), question).toEqual({ ok: true });
  return query!;
}

describe('parseQuestion: deals', () => {
  it('reads "my deals over 50k closing this quarter" with the quarter of the time zone', () => {
    expect(ask('my deals over 50k closing this quarter')).toEqual({
      resource: 'deals',
      filter: { ownerId: { eq: userId }, amount: { gt: '50000' }, closeDate: { gte: '2026-10-01', lte: '2026-12-31' } },
      sort: null,
      explanation: 'Your deals over 50,000 closing between 2026-10-01 and 2026-12-31.',
    });
  });

  it('takes "this quarter" from the local date when UTC is still in the previous one', () => {
    const newYear = { ...context, now: new Date('2026-12-31T23:30:00Z') };

    expect(ask('deals closing this quarter', { ...newYear, timeZone: 'Europe/Paris' }).filter.closeDate).toEqual({ gte: '2027-01-01', lte: '2027-03-31' });
    expect(ask('deals closing this quarter', { ...newYear, timeZone: 'America/New_York' }).filter.closeDate).toEqual({ gte: '2026-10-01', lte: '2026-12-31' });
    const { timeZone: _omitted, ...utc } = newYear;
    expect(ask('deals closing this quarter', utc).filter.closeDate).toEqual({ gte: '2026-10-01', lte: '2026-12-31' });
  });

  it.each([
    ['deals over 50k', { gt: '50000' }],
    ['deals above $1.2m', { gt: '1200000' }],
    ['deals more than 1,000,000', { gt: '1000000' }],
    ['deals at least 50 000', { gte: '50000' }],
    ['deals under 10k', { lt: '10000' }],
    ['deals below 7500', { lt: '7500' }],
    ['deals less than $2.5k', { lt: '2500' }],
    ['deals at most 20k', { lte: '20000' }],
    ['deals between 10k and 50k', { gte: '10000', lte: '50000' }],
    ['deals between $10,000 and $1.5m', { gte: '10000', lte: '1500000' }],
    ['deals 50k-100k', { gte: '50000', lte: '100000' }],
    ['deals 50k+', { gte: '50000' }],
    ['deals worth 75k', { eq: '75000' }],
    ['deals worth over 1.5 million', { gt: '1500000' }],
    ['deals > 5000', { gt: '5000' }],
  ])('reads the amount in "%s"', (question, amount) => {
    expect(ask(question).filter.amount).toEqual(amount);
  });

  it('reads a currency code after an amount as a currency filter too', () => {
    expect(ask('deals over 50k EUR').filter).toEqual({ amount: { gt: '50000' }, currency: { eq: 'EUR' } });
    expect(ask('deals in GBP').filter).toEqual({ currency: { eq: 'GBP' } });
  });

  it.each([
    ['this week', '2026-11-02', '2026-11-08'],
    ['next week', '2026-11-09', '2026-11-15'],
    ['last week', '2026-10-26', '2026-11-01'],
    ['this month', '2026-11-01', '2026-11-30'],
    ['next month', '2026-12-01', '2026-12-31'],
    ['last month', '2026-10-01', '2026-10-31'],
    ['next quarter', '2027-01-01', '2027-03-31'],
    ['last quarter', '2026-07-01', '2026-09-30'],
    ['this year', '2026-01-01', '2026-12-31'],
    ['next year', '2027-01-01', '2027-12-31'],
    ['today', '2026-11-05', '2026-11-05'],
    ['tomorrow', '2026-11-06', '2026-11-06'],
    ['yesterday', '2026-11-04', '2026-11-04'],
    ['in the last 30 days', '2026-10-06', '2026-11-05'],
    ['in the next 2 weeks', '2026-11-05', '2026-11-19'],
    ['in March', '2026-03-01', '2026-03-31'],
    ['in Q1 2027', '2027-01-01', '2027-03-31'],
    ['on March 3', '2026-03-03', '2026-03-03'],
    ['between 2026-12-01 and 2027-01-31', '2026-12-01', '2027-01-31'],
    ['from Dec 1st to Dec 15th', '2026-12-01', '2026-12-15'],
  ])('reads "closing %s" as a close-date range', (phrase, gte, lte) => {
    expect(ask(`deals closing ${phrase}`).filter.closeDate).toEqual({ gte, lte });
  });

  it('reads open-ended close dates', () => {
    expect(ask('deals closing before March 3').filter.closeDate).toEqual({ lte: '2026-03-02' });
    expect(ask('deals closing after March 3, 2027').filter.closeDate).toEqual({ gte: '2027-03-04' });
    expect(ask('deals closing by the end of the quarter').filter.closeDate).toEqual({ lte: '2026-12-31' });
    expect(ask('deals with close date since 1 October').filter.closeDate).toEqual({ gte: '2026-10-01' });
  });

  it('takes a date without a word for it as the close date', () => {
    expect(ask('deals next month').filter).toEqual({ closeDate: { gte: '2026-12-01', lte: '2026-12-31' } });
  });

  it('reads "created", "new" and "updated" as instants at local midnight', () => {
    expect(ask('deals created this week').filter.createdAt).toEqual({ gte: '2026-11-01T23:00:00.000Z', lt: '2026-11-08T23:00:00.000Z' });
    expect(ask('new deals today').filter.createdAt).toEqual({ gte: '2026-11-04T23:00:00.000Z', lt: '2026-11-05T23:00:00.000Z' });
    expect(ask('deals updated yesterday').filter.updatedAt).toEqual({ gte: '2026-11-03T23:00:00.000Z', lt: '2026-11-04T23:00:00.000Z' });
    expect(ask('deals not updated in the last 60 days').filter.updatedAt).toEqual({ lt: '2026-09-05T22:00:00.000Z' });
  });

  it('reads pipeline stages by name across pipelines, and by type', () => {
    expect(ask('deals in negotiation').filter).toEqual({ stageId: { in: [stageIds.negotiation, stageIds.renewalNegotiation] } });
    expect(ask('deals in proposal sent or qualification').filter.stageId).toEqual({ in: [stageIds.proposal, stageIds.qualification] });
    expect(ask('won deals').filter).toEqual({ stageId: { in: [stageIds.won] } });
    expect(ask('lost deals').filter).toEqual({ stageId: { in: [stageIds.lost] } });
    expect(ask('open deals').filter).toEqual({ stageId: { in: openStageIds } });
    expect(ask('deals not lost').filter).toEqual({ stageId: { nin: [stageIds.lost] } });
  });

  it('reads "won last month" as deals won and closed then', () => {
    const query = ask('deals won last month');

    expect(query.filter).toEqual({ stageId: { in: [stageIds.won] }, closeDate: { gte: '2026-10-01', lte: '2026-10-31' } });
    expect(query.explanation).toBe('All won deals closed between 2026-10-01 and 2026-10-31.');
  });

  it('leaves the stage out, and says so, for a stage the workspace does not have', () => {
    const query = ask('deals in discovery');

    expect(query.filter).toEqual({});
    expect(query.explanation).toContain('no stage named "discovery"');
    expect(ask('deals in stage Contract Review').explanation).toContain('no stage named "Contract Review"');
  });

  it('says so when the pipeline stages are not known', () => {
    const { stages: _omitted, ...withoutStages } = context;
    const query = ask('won deals', withoutStages);

    expect(query.filter).toEqual({});
    expect(query.explanation).toContain('won stages are not known');
  });

  it('reads ownership', () => {
    expect(ask('mine deals').filter).toEqual({ ownerId: { eq: userId } });
    expect(ask('deals I own').filter).toEqual({ ownerId: { eq: userId } });
    expect(ask('deals owned by me').filter).toEqual({ ownerId: { eq: userId } });
    expect(ask('unassigned deals')).toMatchObject({ filter: { ownerId: { isEmpty: true } }, explanation: 'Unassigned deals.' });
  });

  it('does not filter on an owner that is not a user id', () => {
    const query = ask('my deals', { ...context, userId: 'not-a-uuid' });

    expect(query.filter).toEqual({});
    expect(query.explanation).toContain('not limited to yours');
  });

  it.each([
    ['deals sorted by amount', '-amount'],
    ['deals sorted by amount ascending', 'amount'],
    ['biggest deals', '-amount'],
    ['open deals largest first', '-amount'],
    ['top 10 deals', '-amount'],
    ['newest deals', '-createdAt'],
    ['most recent deals', '-createdAt'],
    ['oldest deals', 'createdAt'],
    ['deals closing soonest', 'closeDate'],
    ['deals by name', 'name'],
    ['deals sorted by close date', 'closeDate'],
    ['recently updated deals', '-updatedAt'],
    ['deals sorted by win probability', '-customFields.probability'],
  ])('sorts "%s" by %s', (question, sort) => {
    expect(ask(question).sort).toBe(sort);
  });

  it('reads tags with any casing, as the text[] filter matches elements exactly', () => {
    expect(ask('deals tagged vip').filter).toEqual({ tags: { in: ['vip', 'VIP', 'Vip'] } });
    expect(ask('deals tagged vip or hot').filter.tags).toEqual({ in: ['vip', 'VIP', 'Vip', 'hot', 'HOT', 'Hot'] });
    expect(ask('deals with tag "key account"').filter.tags).toEqual({ in: ['key account', 'KEY ACCOUNT', 'Key account'] });
    expect(ask('#renewal deals').filter.tags).toEqual({ in: ['renewal', 'RENEWAL', 'Renewal'] });
    expect(ask('deals tagged vip and hot').filter.tags).toEqual({ contains: 'vip', eq: 'hot' });
    expect(ask('deals without tags').filter.tags).toEqual({ isEmpty: true });
  });

  it('reads custom fields by their label', () => {
    expect(ask('deals where tier is gold')).toMatchObject({ filter: { 'customFields.tier': { eq: 'gold' } }, explanation: 'All deals with Tier "gold".' });
    expect(ask('deals where tier is not gold').filter).toEqual({ 'customFields.tier': { ne: 'gold' } });
    expect(ask('deals with win probability over 50').filter).toEqual({ 'customFields.probability': { gt: '50' } });
    expect(ask('deals with renewal date before March 3').filter).toEqual({ 'customFields.renewal_date': { lte: '2026-03-02' } });
    expect(ask('deals where strategic is yes').filter).toEqual({ 'customFields.strategic': { eq: 'true' } });
    expect(ask('deals without a tier').filter).toEqual({ 'customFields.tier': { isEmpty: true } });
  });

  it('reads overdue deals as past their close date and still open', () => {
    expect(ask('overdue deals').filter).toEqual({ closeDate: { lt: '2026-11-05' }, stageId: { in: openStageIds } });
  });

  it('combines everything into one explanation', () => {
    expect(ask('my open deals over $50k closing next month sorted by amount').explanation).toBe(
      'Your open deals over 50,000 closing between 2026-12-01 and 2026-12-31, sorted by amount, largest first.',
    );
  });

  it('leaves out a negation it cannot express instead of applying the filter the wrong way round', () => {
    const notClosing = ask('deals not closing this month');
    expect(notClosing.filter).toEqual({});
    expect(notClosing.explanation).toContain('"not closing this month" cannot be expressed as a filter');

    const notFrom = ask('contacts not from linkedin');
    expect(notFrom.filter).toEqual({});
    expect(notFrom.explanation).toContain('"not from linkedin" cannot be expressed as a filter');
  });

  it('infers deals from amounts and closing words when the question names no record type', () => {
    expect(ask('over 50k closing this month')).toMatchObject({ resource: 'deals', filter: { amount: { gt: '50000' } } });
  });
});
