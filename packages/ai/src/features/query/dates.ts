import {
  addDays,
  compareDates,
  formatDate,
  isoWeekday,
  isValidDate,
  periodOf,
  shift,
  type Calendar,
  type DayPeriod,
  type PeriodUnit,
  type PlainDate,
} from './calendar';
import type { QueryCondition } from './query.schemas';
import { matchPhrase, phraseEnd, textAt, type Token } from './tokenize';
import { monthNames, periodUnits, weekdayNames } from './vocabulary';

/** A day (meaning its first instant) or an exact instant such as "now". */
export type Edge = { day: PlainDate } | { at: Date; label: string };

/** Half-open: from `start` (inclusive) to `end` (exclusive); either may be open. */
export interface DateRange {
  start?: Edge;
  end?: Edge;
  /** How to say an end-only range: "before 2026-03-03" or "on or before 2026-03-02". */
  endWording?: 'before' | 'through';
}

export interface DateMatch {
  range: DateRange;
  /** Index of the first token after the expression. */
  end: number;
}

interface Atom {
  period: DayPeriod;
  end: number;
}

const maxCount = 1000;

function countAt(tokens: readonly Token[], index: number): number | undefined {
  const token = tokens[index];
  if (token?.kind === 'number' && token.plain && token.value >= 1 && token.value <= maxCount) return token.value;
  const word = textAt(tokens, index);
  return word === 'a' || word === 'an' || word === 'one' ? 1 : undefined;
}

function unitAt(tokens: readonly Token[], index: number): PeriodUnit | undefined {
  const word = textAt(tokens, index);
  return word === undefined ? undefined : periodUnits.get(word);
}

function yearAt(tokens: readonly Token[], index: number): number | undefined {
  const token = tokens[index];
  return token?.kind === 'number' && token.plain && token.raw.length === 4 && token.value >= 1970 && token.value <= 2100 ? token.value : undefined;
}

function dayNumberAt(tokens: readonly Token[], index: number): number | undefined {
  const token = tokens[index];
  return token?.kind === 'number' && (token.plain || token.ordinal) && token.value >= 1 && token.value <= 31 && Number.isInteger(token.value) ? token.value : undefined;
}

/** "March 3", "3rd of March 2027", "March 2026", "March": a day or a whole month; the year defaults to the current one. */
function monthAtom(tokens: readonly Token[], index: number, today: PlainDate, allowMay: boolean): Atom | undefined {
  let i = index;
  let dayFirst = dayNumberAt(tokens, i);
  if (dayFirst !== undefined) {
    i += 1;
    if (textAt(tokens, i) === 'of') i += 1;
  }
  const monthWord = textAt(tokens, i);
  const month = monthWord === undefined ? undefined : monthNames.get(monthWord);
  if (month === undefined) return undefined;
  i += 1;
  let day = dayFirst;
  if (day === undefined) {
    day = dayNumberAt(tokens, i);
    if (day !== undefined) i += 1;
  }
  // "may" is a month only when a day or year makes it one, or a preposition asked for a date.
  if (monthWord === 'may' && day === undefined && dayFirst === undefined && yearAt(tokens, i) === undefined && !allowMay) return undefined;
  dayFirst = undefined;
  let year = today.year;
  const afterComma = textAt(tokens, i) === ',' ? i + 1 : i;
  const explicitYear = yearAt(tokens, afterComma);
  if (explicitYear !== undefined) {
    year = explicitYear;
    i = afterComma + 1;
  }
  if (day === undefined) {
    const start = { year, month, day: 1 };
    return { period: periodOf(start, 'month', 0), end: i };
  }
  if (!isValidDate(year, month, day)) return undefined;
  const date = { year, month, day };
  return { period: { start: date, end: addDays(date, 1) }, end: i };
}

const ordinalQuarters = new Map([['first', 1], ['1st', 1], ['second', 2], ['2nd', 2], ['third', 3], ['3rd', 3], ['fourth', 4], ['4th', 4]]);

/** "Q4", "Q1 2027", "the fourth quarter". */
function quarterAtom(tokens: readonly Token[], index: number, today: PlainDate): Atom | undefined {
  let i = index;
  let quarter: number | undefined;
  const word = textAt(tokens, i);
  const short = word === undefined ? null : /^q([1-4])$/.exec(word);
  if (short) {
    quarter = Number(short[1]);
    i += 1;
  } else {
    const token = tokens[i];
    const ordinal = token?.kind === 'number' && token.ordinal ? ordinalQuarters.get(token.raw.toLowerCase()) : word === undefined ? undefined : ordinalQuarters.get(word);
    if (ordinal === undefined || unitAt(tokens, i + 1) !== 'quarter') return undefined;
    quarter = ordinal;
    i += 2;
  }
  let year = today.year;
  const ofYear = textAt(tokens, i) === 'of' ? i + 1 : i;
  const explicitYear = yearAt(tokens, ofYear);
  if (explicitYear !== undefined) {
    year = explicitYear;
    i = ofYear + 1;
  }
  return { period: periodOf({ year, month: quarter * 3 - 2, day: 1 }, 'quarter', 0), end: i };
}

/** "friday" is the next Friday (today if it is Friday), "last friday" the one before today, "next friday" the one after. */
function weekdayAtom(tokens: readonly Token[], index: number, today: PlainDate, direction: -1 | 0 | 1): Atom | undefined {
  const word = textAt(tokens, index);
  const weekday = word === undefined ? undefined : weekdayNames.get(word);
  if (weekday === undefined) return undefined;
  const ahead = (weekday - isoWeekday(today) + 7) % 7;
  const days = direction === -1 ? (ahead === 0 ? -7 : ahead - 7) : direction === 1 && ahead === 0 ? 7 : ahead;
  const date = addDays(today, days);
  return { period: { start: date, end: addDays(date, 1) }, end: index + 1 };
}

const thisWords = ['this', 'current', 'the current'];
const nextWords = ['next', 'coming', 'the coming', 'upcoming', 'following', 'the next', 'the following'];
const lastWords = ['last', 'previous', 'prior', 'the last', 'the previous'];
const pastWords = ['past', 'the past'];

/** One period: a day, a calendar or rolling period, a month, a quarter. */
function parseAtom(tokens: readonly Token[], index: number, calendar: Calendar, allowBare: boolean): Atom | undefined {
  const today = calendar.today;
  const token = tokens[index];
  if (token?.kind === 'date') return { period: { start: token.date, end: addDays(token.date, 1) }, end: index + 1 };
  const word = textAt(tokens, index);
  const single: Record<string, number> = { today: 0, tonight: 0, tomorrow: 1, yesterday: -1 };
  if (word !== undefined && Object.hasOwn(single, word)) return { period: periodOf(today, 'day', single[word]!), end: index + 1 };

  const relative = matchPhrase(tokens, index, [...thisWords, ...nextWords, ...lastWords, ...pastWords]);
  if (relative) {
    const direction = thisWords.includes(relative.phrase) ? 0 : nextWords.includes(relative.phrase) ? 1 : -1;
    const rolling = pastWords.includes(relative.phrase);
    const count = countAt(tokens, relative.end);
    const countedUnit = count === undefined ? undefined : unitAt(tokens, relative.end + 1);
    if (count !== undefined && countedUnit && direction !== 0) {
      // Rolling windows: "last 30 days" runs from 30 days before today through today.
      const period = direction < 0 ? { start: shift(today, countedUnit, -count), end: addDays(today, 1) } : { start: today, end: addDays(shift(today, countedUnit, count), 1) };
      return { period, end: relative.end + 2 };
    }
    const unit = unitAt(tokens, relative.end);
    if (unit) {
      if (rolling) return { period: { start: shift(today, unit, -1), end: addDays(today, 1) }, end: relative.end + 1 };
      return { period: periodOf(today, unit, direction), end: relative.end + 1 };
    }
    const weekday = weekdayAtom(tokens, relative.end, today, direction === 0 ? 0 : direction);
    if (weekday) return weekday;
    return undefined;
  }

  // "30 days ago", "a week ago"
  const count = countAt(tokens, index);
  const agoUnit = count === undefined ? undefined : unitAt(tokens, index + 1);
  if (count !== undefined && agoUnit && textAt(tokens, index + 2) === 'ago') {
    const day = shift(today, agoUnit, -count);
    return { period: { start: day, end: addDays(day, 1) }, end: index + 3 };
  }

  const edge = matchPhrase(tokens, index, ['end of', 'the end of', 'start of', 'the start of', 'beginning of', 'the beginning of']);
  if (edge) {
    const inner = parseAtom(tokens, textAt(tokens, edge.end) === 'the' ? edge.end + 1 : edge.end, calendar, true) ?? implicitPeriod(tokens, edge.end, today);
    if (!inner) return undefined;
    const day = edge.phrase.includes('end') ? addDays(inner.period.end, -1) : inner.period.start;
    return { period: { start: day, end: addDays(day, 1) }, end: inner.end };
  }

  const quarter = quarterAtom(tokens, index, today);
  if (quarter) return quarter;
  const month = monthAtom(tokens, index, today, allowBare);
  if (month) return month;
  if (allowBare) {
    const year = yearAt(tokens, index);
    if (year !== undefined) return { period: periodOf({ year, month: 1, day: 1 }, 'year', 0), end: index + 1 };
  }
  // "due friday"; short names ("sun", "wed") only after a preposition, as they are words too.
  if (allowBare || (word !== undefined && word.length >= 6)) return weekdayAtom(tokens, index, today, 0);
  return undefined;
}

/** "end of quarter", "end of the month": the current period when none is named. */
function implicitPeriod(tokens: readonly Token[], index: number, today: PlainDate): Atom | undefined {
  const at = textAt(tokens, index) === 'the' ? index + 1 : index;
  const unit = unitAt(tokens, at);
  return unit ? { period: periodOf(today, unit, 0), end: at + 1 } : undefined;
}

const fromDay = (day: PlainDate): Edge => ({ day });

/**
 * A date expression starting at `index`, with its preposition: "this
 * quarter", "in the last 30 days", "before March 3", "between 2026-01-01
 * and 2026-03-31", "more than 30 days ago", "by the end of the month".
 */
export function parseDateExpression(tokens: readonly Token[], index: number, calendar: Calendar): DateMatch | undefined {
  const today = calendar.today;

  const between = matchPhrase(tokens, index, ['between', 'from']);
  if (between) {
    const first = parseAtom(tokens, between.end, calendar, true);
    const joiner = first ? matchPhrase(tokens, first.end, between.phrase === 'between' ? ['and', '-'] : ['to', 'until', 'till', 'through', 'thru', '-']) : undefined;
    const second = first && joiner ? parseAtom(tokens, joiner.end, calendar, true) : undefined;
    if (first && second) return { range: { start: fromDay(first.period.start), end: fromDay(second.period.end) }, end: second.end };
  }

  // "more than 30 days ago", "older than 2 weeks", "less than a month ago", "within 7 days"
  const older = matchPhrase(tokens, index, ['more than', 'over', 'at least', 'older than', 'longer than']);
  const newer = matchPhrase(tokens, index, ['less than', 'under', 'within', 'newer than', 'younger than', 'in less than']);
  const comparator = older ?? newer;
  if (comparator) {
    const count = countAt(tokens, comparator.end);
    const unit = count === undefined ? undefined : unitAt(tokens, comparator.end + 1);
    if (count !== undefined && unit) {
      const ago = textAt(tokens, comparator.end + 2) === 'ago';
      const end = comparator.end + (ago ? 3 : 2);
      const day = shift(today, unit, -count);
      const thanPhrase = comparator.phrase.endsWith('than') && comparator.phrase !== 'less than' && comparator.phrase !== 'in less than';
      if (ago || thanPhrase) {
        return { range: older ? { end: fromDay(day), endWording: 'before' } : { start: fromDay(day) }, end };
      }
      // "within 7 days" without "ago" looks ahead.
      if (comparator.phrase === 'within' || comparator.phrase === 'in less than') return { range: { start: fromDay(today), end: fromDay(addDays(shift(today, unit, count), 1)) }, end };
    }
  }

  // "in 3 days", "3 days from now": that day.
  const inCount = phraseEnd(tokens, index, 'in');
  const ahead = inCount >= 0 ? countAt(tokens, inCount) : countAt(tokens, index);
  const aheadAt = inCount >= 0 ? inCount : index;
  const aheadUnit = ahead === undefined ? undefined : unitAt(tokens, aheadAt + 1);
  if (ahead !== undefined && aheadUnit && (inCount >= 0 || phraseEnd(tokens, aheadAt + 2, 'from now') >= 0)) {
    const day = shift(today, aheadUnit, ahead);
    return { range: { start: fromDay(day), end: fromDay(addDays(day, 1)) }, end: inCount >= 0 ? aheadAt + 2 : aheadAt + 4 };
  }

  const before = matchPhrase(tokens, index, ['before', 'prior to', 'earlier than', 'ahead of']);
  const after = matchPhrase(tokens, index, ['after', 'later than']);
  const since = matchPhrase(tokens, index, ['since', 'from', 'starting', 'starting from', 'as of', 'on or after']);
  const until = matchPhrase(tokens, index, ['until', 'till', 'til', 'through', 'thru', 'by', 'no later than', 'up to', 'on or before', 'not after']);
  const within = matchPhrase(tokens, index, ['in', 'on', 'during', 'for', 'within', 'over', 'of', 'at']);
  const preposition = [before, after, since, until, within].filter((m) => m !== undefined).sort((a, b) => b.end - a.end)[0];
  const atomIndex = preposition?.end ?? index;
  const atom = parseAtom(tokens, atomIndex, calendar, preposition !== undefined);
  if (!atom) return undefined;
  const { start, end } = atom.period;
  if (preposition === undefined) return { range: { start: fromDay(start), end: fromDay(end) }, end: atom.end };
  if (preposition === before) return { range: { end: fromDay(start), endWording: 'before' }, end: atom.end };
  if (preposition === after) return { range: { start: fromDay(end) }, end: atom.end };
  if (preposition === since) return { range: { start: fromDay(start) }, end: atom.end };
  if (preposition === until) return { range: { end: fromDay(end), endWording: 'through' }, end: atom.end };
  return { range: { start: fromDay(start), end: fromDay(end) }, end: atom.end };
}

/** The list API condition for a range on a `date` (YYYY-MM-DD) or `timestamp` (ISO instant) field. */
export function rangeCondition(range: DateRange, type: 'date' | 'timestamp', calendar: Calendar): QueryCondition {
  const condition: QueryCondition = {};
  if (type === 'date') {
    if (range.start) condition.gte = formatDate('day' in range.start ? range.start.day : calendar.dateOf(range.start.at));
    if (range.end) {
      if ('day' in range.end) condition.lte = formatDate(addDays(range.end.day, -1));
      else condition.lt = formatDate(calendar.dateOf(range.end.at));
    }
    return condition;
  }
  const instant = (edge: Edge): string => ('day' in edge ? calendar.startOf(edge.day) : edge.at).toISOString();
  if (range.start) condition.gte = instant(range.start);
  if (range.end) condition.lt = instant(range.end);
  return condition;
}

/** "between 2026-10-01 and 2026-12-31", "on 2026-10-15", "on or after 2026-09-15", "before now". */
export function describeRange(range: DateRange): string {
  const { start, end } = range;
  const text = (edge: Edge): string => ('day' in edge ? formatDate(edge.day) : edge.label);
  if (start && end && 'day' in start && 'day' in end) {
    const last = addDays(end.day, -1);
    return compareDates(start.day, last) === 0 ? `on ${formatDate(last)}` : `between ${formatDate(start.day)} and ${formatDate(last)}`;
  }
  if (start && end) return `from ${text(start)} to ${text(end)}`;
  if (start) return `on or after ${text(start)}`;
  if (end) {
    if ('day' in end && range.endWording !== 'before') return `on or before ${formatDate(addDays(end.day, -1))}`;
    return `before ${text(end)}`;
  }
  return 'at any time';
}
