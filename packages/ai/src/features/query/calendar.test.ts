import { describe, expect, it } from 'vitest';
import { addMonths, createCalendar, formatDate, periodOf, resolveTimeZone } from './calendar';

const day = (text: string) => {
  const [year, month, date] = text.split('-').map(Number);
  return { year: year!, month: month!, day: date! };
};
const period = (p: { start: { year: number; month: number; day: number }; end: { year: number; month: number; day: number } }) => [formatDate(p.start), formatDate(p.end)];

describe('calendar', () => {
  it('takes today from the time zone, not from UTC', () => {
    const lateEvening = new Date('2026-12-31T23:30:00Z');

    expect(formatDate(createCalendar(lateEvening, 'UTC').today)).toBe('2026-12-31');
    expect(formatDate(createCalendar(lateEvening, 'Europe/Paris').today)).toBe('2027-01-01');
    expect(formatDate(createCalendar(lateEvening, 'America/Los_Angeles').today)).toBe('2026-12-31');
  });

  it('falls back to UTC for a missing or unknown time zone', () => {
    expect(resolveTimeZone(undefined)).toBe('UTC');
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(createCalendar(new Date('2026-01-01T00:00:00Z'), 'Not a zone').timeZone).toBe('UTC');
  });

  it('finds weeks from Monday, calendar quarters, months and years', () => {
    const thursday = day('2026-11-05');

    expect(period(periodOf(thursday, 'week', 0))).toEqual(['2026-11-02', '2026-11-09']);
    expect(period(periodOf(thursday, 'week', -1))).toEqual(['2026-10-26', '2026-11-02']);
    expect(period(periodOf(day('2026-11-08'), 'week', 0))).toEqual(['2026-11-02', '2026-11-09']);
    expect(period(periodOf(thursday, 'quarter', 0))).toEqual(['2026-10-01', '2027-01-01']);
    expect(period(periodOf(thursday, 'quarter', 1))).toEqual(['2027-01-01', '2027-04-01']);
    expect(period(periodOf(day('2026-02-14'), 'quarter', -1))).toEqual(['2025-10-01', '2026-01-01']);
    expect(period(periodOf(thursday, 'month', 1))).toEqual(['2026-12-01', '2027-01-01']);
    expect(period(periodOf(thursday, 'year', -1))).toEqual(['2025-01-01', '2026-01-01']);
  });

  it('clamps the day when adding months', () => {
    expect(formatDate(addMonths(day('2026-01-31'), 1))).toBe('2026-02-28');
    expect(formatDate(addMonths(day('2024-03-31'), -1))).toBe('2024-02-29');
    expect(formatDate(addMonths(day('2026-01-15'), -13))).toBe('2024-12-15');
  });

  it('starts a day at its local midnight across daylight-saving changes', () => {
    const paris = createCalendar(new Date('2026-03-29T12:00:00Z'), 'Europe/Paris');
    expect(paris.startOf(day('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(paris.startOf(day('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');

    const losAngeles = createCalendar(new Date('2026-11-01T12:00:00Z'), 'America/Los_Angeles');
    expect(losAngeles.startOf(day('2026-11-01')).toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(losAngeles.startOf(day('2026-11-02')).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('starts a day whose midnight does not exist at the end of the gap', () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
    const santiago = createCalendar(new Date('2026-09-01T12:00:00Z'), 'America/Santiago');

    expect(santiago.startOf(day('2026-09-06')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(santiago.startOf(day('2026-09-05')).toISOString()).toBe('2026-09-05T04:00:00.000Z');
  });

  it('gives the UTC offset and local times for the prompt and explanations', () => {
    const kolkata = createCalendar(new Date('2026-11-01T08:30:00Z'), 'Asia/Kolkata');

    expect(kolkata.utcOffset()).toBe('+05:30');
    expect(kolkata.formatInstant(new Date('2026-11-01T08:30:00Z'))).toBe('2026-11-01 14:00');
    expect(createCalendar(new Date('2026-07-01T00:00:00Z'), 'America/New_York').utcOffset()).toBe('-04:00');
  });
});
