import { addDays, compareDates } from './calendar';
import { describeRange, parseDateExpression, rangeCondition, type DateRange } from './dates';
import { addCondition, field, formatAmount, isWord, note, quote, type Parse, type Rule } from './parse-state';
import { phraseEnd, matchPhrase, textAt, type Token } from './tokenize';
import { currencyCodes, currencyWords, periodUnits } from './vocabulary';

/** Words that point the next date expression at a field. */
const cues: Array<{ field: string; verb: string; phrases: string[] }> = [
  { field: 'closeDate', verb: 'closing', phrases: ['closing', 'close', 'closes', 'to close', 'expected to close', 'close date', 'closing date', 'will close', 'expected close'] },
  { field: 'createdAt', verb: 'created', phrases: ['created', 'added', 'new', 'entered', 'made', 'signed up', 'joined', 'creation', 'created at'] },
  { field: 'updatedAt', verb: 'updated', phrases: ['updated', 'modified', 'changed', 'edited', 'touched', 'last modified'] },
  { field: 'dueAt', verb: 'due', phrases: ['due', 'due date', 'deadline'] },
  { field: 'completedAt', verb: 'completed', phrases: ['completed at', 'finished at'] },
  { field: 'occurredAt', verb: '', phrases: ['occurred', 'happened', 'held', 'logged', 'took place', 'scheduled', 'scheduled for'] },
];
const negations = ['not', 'never', 'not been', "haven't been", "hasn't been", 'havent been', 'hasnt been', "weren't", "wasn't", 'no longer'];

export function verbOf(fieldName: string): string {
  return cues.find((cue) => cue.field === fieldName)?.verb ?? '';
}

/** Where a date goes when no cue word names a field. */
function defaultDateField(parse: Parse): string {
  switch (parse.resource) {
    case 'deals':
      return 'closeDate';
    case 'activities':
      return parse.activityType === 'task' ? 'dueAt' : 'occurredAt';
    default:
      return 'createdAt';
  }
}

/** Applies a range to a date or timestamp field and says so. */
export function applyRange(parse: Parse, fieldName: string, range: DateRange, label?: string): boolean {
  const info = field(parse, fieldName);
  if (!info || (info.type !== 'date' && info.type !== 'timestamp')) return false;
  addCondition(parse, fieldName, rangeCondition(range, info.type, parse.calendar));
  const verb = label ?? verbOf(fieldName);
  parse.qualifiers.push(`${verb ? `${verb} ` : ''}${describeRange(range)}`);
  return true;
}

export const dateCueRule: Rule = (parse, index) => {
  const negated = matchPhrase(parse.tokens, index, negations);
  const at = negated?.end ?? index;
  for (const cue of cues) {
    const match = matchPhrase(parse.tokens, at, cue.phrases);
    if (!match || !field(parse, cue.field)) continue;
    parse.cue = { field: cue.field, negate: negated !== undefined };
    return match.end;
  }
  return undefined;
};

export const dateRule: Rule = (parse, index) => {
  const match = parseDateExpression(parse.tokens, index, parse.calendar);
  if (!match) return undefined;
  const cue = parse.cue ?? { field: defaultDateField(parse), negate: false };
  let range = match.range;
  if (cue.negate) {
    // "not updated in the last 30 days" is "updated before the window", as
    // creation and update times never lie ahead; other negated ranges would
    // need an OR, which the filter language lacks.
    const tomorrow = addDays(parse.calendar.today, 1);
    const reachesToday = range.end === undefined || ('day' in range.end && compareDates(range.end.day, tomorrow) >= 0);
    if (!range.start || !reachesToday || (cue.field !== 'createdAt' && cue.field !== 'updatedAt')) {
      parse.cue = undefined;
      const phrase = ['not', verbOf(cue.field), ...parse.tokens.slice(index, match.end).map((t) => t.raw)].filter(Boolean).join(' ');
      note(parse, `${quote(phrase)} cannot be expressed as a filter, so it is left out.`);
      return match.end;
    }
    range = { end: range.start, endWording: 'before' };
  }
  if (!applyRange(parse, cue.field, range, cue.verb)) return undefined;
  parse.cue = undefined;
  return match.end;
};

/** "overdue tasks" (due before now, still open), "upcoming meetings" (from now on). */
export const overdueRule: Rule = (parse, index) => {
  const overdue = matchPhrase(parse.tokens, index, ['overdue', 'past due', 'past-due', 'late']);
  const upcoming = matchPhrase(parse.tokens, index, ['upcoming', 'future', 'coming up']);
  if (!overdue && !upcoming) return undefined;
  // "upcoming week" is a date expression for the date rule.
  if (upcoming && parseDateExpression(parse.tokens, index, parse.calendar)) return undefined;
  const now = { at: parse.calendar.now, label: 'now' };
  if (parse.resource === 'activities') {
    if (overdue) {
      addCondition(parse, 'dueAt', { lt: parse.calendar.now.toISOString() });
      addCondition(parse, 'status', { eq: 'open' });
      parse.adjectives.push('overdue (open, due before now)');
    } else {
      addCondition(parse, parse.activityType === 'task' ? 'dueAt' : 'occurredAt', { gte: parse.calendar.now.toISOString() });
      parse.adjectives.push(parse.activityType === 'task' ? 'upcoming (due from now on)' : 'upcoming');
    }
    return (overdue ?? upcoming)!.end;
  }
  if (parse.resource === 'deals') {
    if (overdue) {
      addCondition(parse, 'closeDate', rangeCondition({ end: now }, 'date', parse.calendar));
      parse.adjectives.push('overdue');
      parse.qualifiers.push(openStagesFor(parse) ? 'with a close date before today, still open' : 'with a close date before today');
    } else {
      addCondition(parse, 'closeDate', rangeCondition({ start: now }, 'date', parse.calendar));
      parse.qualifiers.push('closing today or later');
    }
    return (overdue ?? upcoming)!.end;
  }
  return undefined;
};

/** An overdue deal is one still open: limit to open stages when the pipeline is known. */
function openStagesFor(parse: Parse): boolean {
  const ids = (parse.context.stages ?? []).filter((stage) => stage.type === 'open').map((stage) => stage.id);
  if (ids.length === 0 || parse.filter['stageId']) return false;
  addCondition(parse, 'stageId', { in: [...new Set(ids)] });
  return true;
}

type NumberToken = Extract<Token, { kind: 'number' }>;

function amountAt(parse: Parse, index: number): { token: NumberToken; end: number; currency?: string } | undefined {
  const token = parse.tokens[index];
  if (token?.kind !== 'number' || token.ordinal || parse.used[index]) return undefined;
  // "over 30 days" is a duration, not an amount.
  const next = textAt(parse.tokens, index + 1);
  if (next !== undefined && periodUnits.has(next)) return undefined;
  if (!/^\d{1,15}(\.\d{1,6})?$/.test(token.decimal)) return undefined;
  const currency = next === undefined ? undefined : currencyCodes.has(next) ? next.toUpperCase() : currencyWords.get(next);
  return { token, end: currency ? index + 2 : index + 1, ...(currency ? { currency } : {}) };
}

const comparators: Array<[op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq', words: string[], text: string]> = [
  ['gt', ['over', 'above', 'more than', 'greater than', 'bigger than', 'larger than', 'higher than', 'exceeding', 'exceeds', 'in excess of', '>'], 'over'],
  ['gte', ['at least', 'no less than', 'not less than', 'minimum', 'min', 'minimum of', '>=', '≥'], 'of at least'],
  ['lt', ['under', 'below', 'less than', 'smaller than', 'lower than', 'cheaper than', '<'], 'under'],
  ['lte', ['at most', 'no more than', 'not more than', 'up to', 'maximum', 'max', 'maximum of', 'not over', '<=', '≤'], 'of at most'],
  ['eq', ['exactly', 'equal to', '='], 'of exactly'],
];
const amountLeadIns = ['worth', 'valued at', 'valued', 'with amount', 'with an amount', 'with a value', 'amount', 'value', 'deal value', 'deal size', 'sized', 'of'];

/** Reads "over $50k", "between 10k and 50k", "50k-100k", "50k+", "worth 1.2m EUR" as conditions on a number. */
export function readAmountCondition(parse: Parse, index: number): { op: Partial<Record<'gt' | 'gte' | 'lt' | 'lte' | 'eq', string>>; text: string; end: number; currency?: string } | undefined {
  const leadIn = matchPhrase(parse.tokens, index, amountLeadIns);
  const at = leadIn?.end ?? index;
  const between = matchPhrase(parse.tokens, at, ['between', 'from']);
  if (between) {
    const low = amountAt(parse, between.end);
    const joiner = low ? matchPhrase(parse.tokens, low.end, ['and', 'to', '-']) : undefined;
    const high = low && joiner ? amountAt(parse, joiner.end) : undefined;
    if (low && high) {
      const currency = high.currency ?? low.currency;
      return { op: { gte: low.token.decimal, lte: high.token.decimal }, text: `worth between ${formatAmount(low.token.decimal)} and ${formatAmount(high.token.decimal)}`, end: high.end, ...(currency ? { currency } : {}) };
    }
  }
  for (const [op, words, text] of comparators) {
    const comparator = matchPhrase(parse.tokens, at, words);
    if (!comparator) continue;
    const amount = amountAt(parse, comparator.end);
    if (!amount) continue;
    return { op: { [op]: amount.token.decimal }, text: `${text} ${formatAmount(amount.token.decimal)}`, end: amount.end, ...(amount.currency ? { currency: amount.currency } : {}) };
  }
  const amount = amountAt(parse, at);
  if (!amount) return undefined;
  const written = amount.token.money || amount.token.scaled || amount.currency !== undefined;
  // "50k-100k", "50k to 100k"
  const joiner = matchPhrase(parse.tokens, amount.end, ['-', 'to']);
  const high = joiner && written ? amountAt(parse, joiner.end) : undefined;
  if (high) return { op: { gte: amount.token.decimal, lte: high.token.decimal }, text: `worth between ${formatAmount(amount.token.decimal)} and ${formatAmount(high.token.decimal)}`, end: high.end };
  // "50k+", "50k or more"
  const plus = matchPhrase(parse.tokens, amount.end, ['+', 'or more', 'and up', 'plus', 'or above']);
  if (plus && written) return { op: { gte: amount.token.decimal }, text: `of at least ${formatAmount(amount.token.decimal)}`, end: plus.end };
  const less = matchPhrase(parse.tokens, amount.end, ['or less', 'or below', 'or under']);
  if (less && written) return { op: { lte: amount.token.decimal }, text: `of at most ${formatAmount(amount.token.decimal)}`, end: less.end };
  // "worth 50k": an exact amount only when a lead-in asked for one.
  if (leadIn && written) return { op: { eq: amount.token.decimal }, text: `worth ${formatAmount(amount.token.decimal)}`, end: amount.end, ...(amount.currency ? { currency: amount.currency } : {}) };
  return undefined;
}

export const amountRule: Rule = (parse, index) => {
  if (parse.resource !== 'deals') return undefined;
  const read = readAmountCondition(parse, index);
  if (!read) return undefined;
  addCondition(parse, 'amount', read.op);
  parse.qualifiers.push(read.text);
  if (read.currency) {
    addCondition(parse, 'currency', { eq: read.currency });
    parse.qualifiers.push(`in ${read.currency}`);
  }
  return read.end;
};

/** Sort phrases; each names the field per record type. */
function sortFor(parse: Parse, kind: 'largest' | 'smallest' | 'newest' | 'oldest' | 'updated' | 'soonest' | 'az' | 'za'): { sort: string; text: string } | undefined {
  const { resource } = parse;
  const nameField = resource === 'contacts' ? 'lastName' : resource === 'activities' ? 'subject' : 'name';
  const timeField = resource === 'activities' ? 'occurredAt' : 'createdAt';
  switch (kind) {
    case 'largest':
      return resource === 'deals' ? { sort: '-amount', text: 'largest amount first' } : undefined;
    case 'smallest':
      return resource === 'deals' ? { sort: 'amount', text: 'smallest amount first' } : undefined;
    case 'newest':
      return { sort: `-${timeField}`, text: 'newest first' };
    case 'oldest':
      return { sort: timeField, text: 'oldest first' };
    case 'updated':
      return { sort: '-updatedAt', text: 'most recently updated first' };
    case 'soonest':
      return resource === 'deals' ? { sort: 'closeDate', text: 'closing soonest first' } : resource === 'activities' ? { sort: 'dueAt', text: 'due soonest first' } : undefined;
    case 'az':
      return { sort: nameField, text: 'by name, A to Z' };
    case 'za':
      return { sort: `-${nameField}`, text: 'by name, Z to A' };
  }
}

const sortPhrases: Array<[Parameters<typeof sortFor>[1], string[]]> = [
  ['largest', ['largest first', 'biggest first', 'highest first', 'largest', 'biggest', 'highest value', 'highest', 'most valuable', 'top', 'high to low', 'largest amount']],
  ['smallest', ['smallest first', 'lowest first', 'smallest', 'lowest value', 'least valuable', 'low to high', 'smallest amount']],
  ['updated', ['recently updated', 'last updated', 'most recently updated', 'recently modified', 'recently changed', 'recently touched', 'last modified']],
  ['newest', ['newest first', 'newest', 'most recent first', 'most recent', 'latest first', 'latest', 'recent', 'recently added', 'recently created', 'most recently created', 'newly added', 'new first']],
  ['oldest', ['oldest first', 'oldest', 'earliest first', 'least recent']],
  ['soonest', ['closing soonest', 'closing first', 'soonest', 'due soonest', 'due first', 'soonest first', 'next to close', 'earliest close']],
  ['az', ['alphabetically', 'alphabetical', 'in alphabetical order', 'a-z', 'a to z']],
  ['za', ['z-a', 'z to a', 'reverse alphabetical', 'reverse alphabetically']],
];

/** Labels a "sorted by …" phrase may name, beyond the fields' own. */
const sortLabels: Record<string, string[]> = {
  createdAt: ['created', 'creation date', 'date created', 'created date', 'created at', 'age', 'date added'],
  updatedAt: ['updated', 'last updated', 'updated date', 'last modified', 'modified', 'last update'],
  closeDate: ['close date', 'closing date', 'close', 'expected close'],
  amount: ['amount', 'value', 'size', 'deal size', 'deal value', 'revenue'],
  dueAt: ['due date', 'due', 'deadline'],
  occurredAt: ['date', 'time'],
  lastName: ['name', 'last name', 'surname'],
  firstName: ['first name'],
  name: ['name'],
  subject: ['subject', 'title'],
  leadSource: ['lead source', 'source'],
  lifecycleStage: ['lifecycle stage', 'stage'],
  stageChangedAt: ['stage change', 'last stage change'],
};

const descending = ['desc', 'descending', 'highest first', 'largest first', 'biggest first', 'high to low', 'newest first', 'latest first', 'most recent first', 'reversed', 'in reverse'];
const ascending = ['asc', 'ascending', 'lowest first', 'smallest first', 'low to high', 'oldest first', 'earliest first', 'soonest first'];

function orderWords(type: string, desc: boolean): string {
  if (type === 'numeric' || type === 'integer') return desc ? 'largest first' : 'smallest first';
  if (type === 'date' || type === 'timestamp') return desc ? 'latest first' : 'earliest first';
  return desc ? 'Z to A' : 'A to Z';
}

export const sortRule: Rule = (parse, index) => {
  const by = matchPhrase(parse.tokens, index, ['sorted by', 'sort by', 'order by', 'ordered by', 'sorted on', 'ranked by', 'by']);
  if (by) {
    let best: { name: string; end: number } | undefined;
    const at = textAt(parse.tokens, by.end) === 'the' ? by.end + 1 : by.end;
    const candidates: Array<[string, string[]]> = [
      ...Object.entries(sortLabels),
      ...parse.customFields.map((custom): [string, string[]] => [`customFields.${custom.key}`, [custom.label.toLowerCase()]]),
    ];
    for (const [name, labels] of candidates) {
      const info = field(parse, name);
      if (!info?.sortable || info.kind !== 'scalar') continue;
      for (const label of labels) {
        const end = phraseEnd(parse.tokens, at, label);
        if (end > (best?.end ?? -1)) best = { name, end };
      }
    }
    if (!best) {
      // "sorted by newest"
      const named = sortPhraseAt(parse, by.end);
      return named && by.phrase !== 'by' ? named : undefined;
    }
    const info = field(parse, best.name)!;
    const down = matchPhrase(parse.tokens, best.end, descending);
    const up = matchPhrase(parse.tokens, best.end, ascending);
    // Amounts and instants read best largest or newest first unless asked otherwise; names and due dates A to Z, soonest first.
    const descendingByDefault = info.type === 'numeric' || info.type === 'integer' || best.name === 'createdAt' || best.name === 'updatedAt' || best.name === 'occurredAt';
    const desc = down ? true : up ? false : descendingByDefault;
    parse.sort = `${desc ? '-' : ''}${best.name}`;
    parse.sortText = `sorted by ${info.label}, ${orderWords(info.type, desc)}`;
    return (down ?? up)?.end ?? best.end;
  }
  return sortPhraseAt(parse, index);
};

function sortPhraseAt(parse: Parse, index: number): number | undefined {
  for (const [kind, phrases] of sortPhrases) {
    const match = matchPhrase(parse.tokens, index, phrases);
    const sort = match ? sortFor(parse, kind) : undefined;
    if (!match || !sort) continue;
    parse.sort = sort.sort;
    parse.sortText = sort.text;
    // "top 10 deals": the count only orders them here.
    const count = parse.tokens[match.end];
    return match.phrase === 'top' && count?.kind === 'number' ? match.end + 1 : match.end;
  }
  return undefined;
}

/** "EUR deals", "deals in GBP". */
export const currencyRule: Rule = (parse, index) => {
  if (parse.resource !== 'deals') return undefined;
  const at = isWord(parse, index, 'in') ? index + 1 : index;
  const word = textAt(parse.tokens, at);
  const code = word === undefined ? undefined : currencyCodes.has(word) ? word.toUpperCase() : currencyWords.get(word);
  if (!code) return undefined;
  addCondition(parse, 'currency', { eq: code });
  parse.qualifiers.push(`in ${code}`);
  return at + 1;
};
