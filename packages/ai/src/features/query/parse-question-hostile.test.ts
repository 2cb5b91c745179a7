import { describe, expect, it } from 'vitest';
import { createRandom } from '../../internal/random';
import { baseQuerySchema } from './query.schemas';
import { parseQuestion } from './parse-question';
import { context } from './test-support';
import { validateQuery } from './validate-query';

/** Every value in a filter, flattened. */
function values(filter: Record<string, Record<string, unknown>>): string[] {
  return Object.values(filter).flatMap((condition) => Object.values(condition).flatMap((v) => (Array.isArray(v) ? v : [v]))).map(String);
}

function expectSafe(question: string): void {
  const query = parseQuestion(question, context);
  if (query === null) return;
  expect(baseQuerySchema.safeParse(query).success, question.slice(0, 80)).toBe(true);
  expect(validateQuery(query, context), question.slice(0, 80)).toEqual({ ok: true });
  for (const value of values(query.filter)) expect(value.length).toBeLessThanOrEqual(1000);
}

describe('parseQuestion: odd and hostile input', () => {
  it.each([[''], ['   '], ['🚀🚀🚀'], ['Привет, мир'], ['你好'], ['hello there'], ['?!?'], ['show me everything']])('returns null for %j, which asks for nothing it knows', (question) => {
    expect(parseQuestion(question, context)).toBeNull();
  });

  it('reads SQL as words: a safe query and the words it did not understand', () => {
    const query = parseQuestion("'; drop table deals; --", context);

    expect(query).toEqual({ resource: 'deals', filter: {}, sort: null, explanation: 'All deals. Not understood: "drop", "table".' });
  });

  it('keeps SQL inside a value as plain text, for the list API to pass as a parameter', () => {
    expect(parseQuestion('companies named "x\'; drop table companies; --"', context)?.filter).toEqual({ name: { contains: "x'; drop table companies; --" } });
  });

  it('cuts values from a 10 KB question to 200 characters and stays fast', () => {
    const started = performance.now();
    const query = parseQuestion(`companies named ${'a'.repeat(10_000)}`, context);

    expect(query?.filter.name?.contains).toHaveLength(200);
    expectSafe(`deals tagged ${'vip '.repeat(2_500)}`);
    expectSafe('deals '.repeat(2_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('drops control characters from values', () => {
    expect(parseQuestion('contacts with title "C\u0000E\u0007O"', context)?.filter.title).toEqual({ contains: 'C E O' });
  });

  it('does not take object prototype names for fields', () => {
    for (const question of ['deals where constructor is x', 'deals where __proto__ is x', 'deals sorted by toString', 'deals with hasOwnProperty']) expectSafe(question);
  });

  it('returns null rather than throwing when the clock is broken', () => {
    expect(parseQuestion('deals closing today', { ...context, now: new Date(Number.NaN) })).toBeNull();
  });

  it('uses UTC when the time zone is unknown', () => {
    expect(parseQuestion('deals closing today', { ...context, timeZone: 'Nowhere/Land' })?.filter.closeDate).toEqual({ gte: '2026-11-05', lte: '2026-11-05' });
  });

  it('answers every mix of known phrases, emoji and noise with null or a query the list API accepts', () => {
    const pieces = [
      'my', 'deals', 'contacts', 'companies', 'tasks', 'calls', 'over', '50k', '$1.2m', 'between', 'and', 'closing', 'this', 'next', 'last',
      'quarter', 'week', 'month', 'today', 'in', 'the', '30', 'days', 'ago', 'before', 'after', 'March', '3', '2027', 'negotiation', 'won',
      'lost', 'open', 'not', 'tagged', 'vip', 'or', 'with', 'without', 'email', 'title', 'CEO', 'from', 'linkedin', 'where', 'tier', 'is',
      'gold', 'sorted', 'by', 'amount', 'name', 'newest', 'overdue', 'due', 'unassigned', 'stage', 'domain', 'acme.com', '"quoted"', "'",
      ';', '--', '🚀', 'сделки', '\u0000', '-', '+', '#', ',', 'end', 'of', 'Q4', 'friday', 'created', 'updated', 'renewal', 'date',
    ];
    const random = createRandom(20261105);
    for (let run = 0; run < 1_000; run++) {
      const length = 1 + Math.floor(random() * 12);
      const question = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]!).join(random() < 0.8 ? ' ' : '');
      expectSafe(question);
    }
  });
});
