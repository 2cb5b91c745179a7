/**
 * Calendar arithmetic for "this quarter", "last week" and "before March 3"
 * in the asker's time zone. Days are plain calendar dates (no time, no
 * zone); only turning a day into an instant (its local midnight) needs the
 * zone, so every unit of the maths agrees with the asker's wall clock.
 */
export interface PlainDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A half-open period of whole days: `start` inclusive, `end` exclusive. */
export interface DayPeriod {
  start: PlainDate;
  end: PlainDate;
}

export interface Calendar {
  readonly timeZone: string;
  readonly now: Date;
  /** The asker's date at `now`. */
  readonly today: PlainDate;
  /** The first instant of that day in the time zone (its local midnight, or the end of a DST gap). */
  startOf(day: PlainDate): Date;
  /** The local date of an instant. */
  dateOf(at: Date): PlainDate;
  /** `2026-10-15 14:30`, local. */
  formatInstant(at: Date): string;
  /** `+02:00` at `now`. */
  utcOffset(): string;
}

/** The zone when the runtime knows it, else UTC: a bad setting must not stop the query. */
export function resolveTimeZone(timeZone: string | undefined): string {
  return formatterFor(timeZone).resolvedOptions().timeZone;
}

const formatOptions: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

// Building a formatter costs about as much as parsing a whole question, and
// a workspace has one or two zones: each zone's formatter is kept. They hold
// no state, so sharing them is safe.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone || 'UTC';
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { ...formatOptions, timeZone: key });
    } catch {
      formatter = formatters.get('UTC') ?? new Intl.DateTimeFormat('en-US', { ...formatOptions, timeZone: 'UTC' });
    }
    // Unknown names are not kept: the cache holds at most the zones the runtime knows.
    if (formatter.resolvedOptions().timeZone !== 'UTC' || key === 'UTC') formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * @example
 * const calendar = createCalendar(new Date('2026-11-05T23:30:00Z'), 'Europe/Paris');
 * formatDate(calendar.today); // '2026-11-06'
 */
export function createCalendar(now: Date, timeZone?: string): Calendar {
  const formatter = formatterFor(timeZone);
  const zone = formatter.resolvedOptions().timeZone;

  function wallClock(at: number): { date: PlainDate; hour: number; minute: number; second: number } {
    const parts: Record<string, number> = {};
    for (const part of formatter.formatToParts(new Date(at))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    return {
      date: { year: parts['year'] ?? 1970, month: parts['month'] ?? 1, day: parts['day'] ?? 1 },
      hour: parts['hour'] ?? 0,
      minute: parts['minute'] ?? 0,
      second: parts['second'] ?? 0,
    };
  }

  /** Local minus UTC, in milliseconds, at an instant. */
  function offsetAt(at: number): number {
    const wall = wallClock(at);
    const asUtc = Date.UTC(wall.date.year, wall.date.month - 1, wall.date.day, wall.hour, wall.minute, wall.second);
    return asUtc - (at - (((at % 1000) + 1000) % 1000));
  }

  return {
    timeZone: zone,
    now,
    today: wallClock(now.getTime()).date,
    startOf(day) {
      const midnightUtc = Date.UTC(day.year, day.month - 1, day.day);
      // The offset at a guess and at the corrected guess differ only across a
      // DST change; of the two candidates the earliest that still falls on the
      // day is its first instant (a zone that skips midnight starts at 01:00).
      const first = midnightUtc - offsetAt(midnightUtc);
      const second = midnightUtc - offsetAt(first);
      const onDay = [first, second].filter((at) => compareDates(wallClock(at).date, day) === 0);
      return new Date(onDay.length > 0 ? Math.min(...onDay) : first);
    },
    dateOf: (at) => wallClock(at.getTime()).date,
    formatInstant(at) {
      const wall = wallClock(at.getTime());
      return `${formatDate(wall.date)} ${pad(wall.hour)}:${pad(wall.minute)}`;
    },
    utcOffset() {
      const minutes = Math.round(offsetAt(now.getTime()) / 60_000);
      const sign = minutes < 0 ? '-' : '+';
      return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
    },
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatDate(date: PlainDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && year >= 1000 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Day arithmetic on the calendar, free of any zone or DST. */
export function addDays(date: PlainDate, days: number): PlainDate {
  const at = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** Months later (or earlier), the day clamped to the month's length: Jan 31 + 1 month is Feb 28. */
export function addMonths(date: PlainDate, months: number): PlainDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** 1 (Monday) to 7 (Sunday). */
export function isoWeekday(date: PlainDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The calendar period containing `date`, moved by `offset` periods: weeks
 * start on Monday (ISO 8601), quarters are calendar quarters.
 *
 * @example
 * periodOf({ year: 2026, month: 11, day: 5 }, 'quarter', 0); // 2026-10-01 to 2027-01-01 (exclusive)
 */
export function periodOf(date: PlainDate, unit: PeriodUnit, offset: number): DayPeriod {
  switch (unit) {
    case 'day': {
      const start = addDays(date, offset);
      return { start, end: addDays(start, 1) };
    }
    case 'week': {
      const start = addDays(date, 1 - isoWeekday(date) + 7 * offset);
      return { start, end: addDays(start, 7) };
    }
    case 'month': {
      const start = addMonths({ year: date.year, month: date.month, day: 1 }, offset);
      return { start, end: addMonths(start, 1) };
    }
    case 'quarter': {
      const first = { year: date.year, month: Math.floor((date.month - 1) / 3) * 3 + 1, day: 1 };
      const start = addMonths(first, 3 * offset);
      return { start, end: addMonths(start, 3) };
    }
    case 'year': {
      const start = { year: date.year + offset, month: 1, day: 1 };
      return { start, end: { year: start.year + 1, month: 1, day: 1 } };
    }
  }
}

/** `amount` units before (negative) or after `date`; weeks are 7 days, quarters 3 months. */
export function shift(date: PlainDate, unit: PeriodUnit, amount: number): PlainDate {
  switch (unit) {
    case 'day':
      return addDays(date, amount);
    case 'week':
      return addDays(date, 7 * amount);
    case 'month':
      return addMonths(date, amount);
    case 'quarter':
      return addMonths(date, 3 * amount);
    case 'year':
      return addMonths(date, 12 * amount);
  }
}
