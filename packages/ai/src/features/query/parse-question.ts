import { createCalendar } from './calendar';
import { note, quote, type Parse, type Rule } from './parse-state';
import type { ParsedQuery, QueryContext, QueryResource } from './query.schemas';
import { fieldLabelRule, tagRule } from './field-rules';
import {
  addressRule,
  industryRule,
  leadSourceRule,
  multiWordStageRule,
  nameRule,
  nounRule,
  ownershipRule,
  stageRule,
  stateRule,
  subjectRule,
  unknownStageRule,
} from './record-rules';
import { amountRule, currencyRule, dateCueRule, dateRule, overdueRule, sortRule } from './time-rules';
import { matchPhrase, tokenize, type Token } from './tokenize';
import { activityPlural, fillerWords, lifecyclePlural, nouns, pluralOf, resourceHints } from './vocabulary';

/**
 * The order matters: specific phrases before general ones ("closing
 * soonest" is a sort before "closing" is a date cue; "in negotiation" is a
 * stage before "in" could start a date).
 */
const rules: readonly Rule[] = [
  multiWordStageRule,
  tagRule,
  fieldLabelRule,
  ownershipRule,
  sortRule,
  stateRule,
  overdueRule,
  dateCueRule,
  dateRule,
  amountRule,
  stageRule,
  currencyRule,
  unknownStageRule,
  industryRule,
  leadSourceRule,
  nounRule,
  addressRule,
  nameRule,
  subjectRule,
];

const negations = ['not', 'except', 'excluding', 'but not', 'other than', "isn't", "aren't", "don't", "doesn't"];

/**
 * A negation no rule took ("contacts not from LinkedIn"): the phrase after
 * it is read on a copy and dropped, so it is never applied the wrong way
 * round; the explanation says it was left out.
 */
const unsupportedNegationRule: Rule = (parse, index) => {
  const negation = matchPhrase(parse.tokens, index, negations);
  if (!negation) return undefined;
  const trial: Parse = { ...parse, used: [...parse.used], filter: { ...parse.filter }, adjectives: [...parse.adjectives], qualifiers: [...parse.qualifiers], notes: [...parse.notes] };
  let end: number | undefined;
  for (const rule of rules) {
    end = rule(trial, negation.end);
    if (end !== undefined && end > negation.end) break;
  }
  if (end === undefined || end <= negation.end) return undefined;
  note(parse, `${quote(parse.tokens.slice(index, end).map((t) => t.raw).join(' '))} cannot be expressed as a filter, so it is left out.`);
  return end;
};

/** Words before e-mail or phone that make them a contact's field, not an activity type. */
const fieldContext = new Set(['with', 'without', 'no', 'missing', 'has', 'have', 'having', 'lacking', 'an', 'a', 'their', 'valid', 'by']);

/** The record type a question is about: its first strong noun, else a weak one, else a hint word; undefined when nothing says. */
export function detectResource(tokens: readonly Token[], context: Pick<QueryContext, 'stages'>): QueryResource | undefined {
  const words = tokens.map((t) => (t.kind === 'word' ? t.text : ''));
  const strong = words.find((w) => nouns.get(w)?.strong);
  if (strong) return nouns.get(strong)!.resource;
  const weak = words.find((w, i) => nouns.has(w) && !fieldContext.has(words[i - 1] ?? ''));
  if (weak) return nouns.get(weak)!.resource;
  const stageWords = new Set((context.stages ?? []).flatMap((stage) => stage.name.toLowerCase().split(/\s+/)));
  for (const [i, w] of words.entries()) {
    const token = tokens[i]!;
    if (token.kind === 'number' && (token.money || token.scaled)) return 'deals';
    if (stageWords.has(w)) return 'deals';
    const hinted = resourceHints.find(([, hints]) => hints.includes(w));
    if (hinted) return hinted[0];
  }
  return undefined;
}

function describe(parse: Parse): string {
  const noun =
    parse.resource === 'activities' && parse.activityType
      ? activityPlural[parse.activityType]
      : parse.resource === 'contacts' && parse.lifecycleStage
        ? (lifecyclePlural[parse.lifecycleStage] ?? 'contacts')
        : pluralOf[parse.resource];
  const head = [parse.owner ?? 'All', ...parse.adjectives, noun, ...parse.qualifiers].join(' ');
  const sentence = `${head}${parse.sortText ? `, ${parse.sortText}` : ''}.`;
  let text = sentence;
  for (const extra of parse.notes) {
    if (text.length + extra.length + 1 > 500) break;
    text += ` ${extra}`;
  }
  return text.slice(0, 500);
}

/** Words no rule read, other than filler, so the user sees what was left out. */
function reportUnread(parse: Parse): void {
  const unread = parse.tokens.flatMap((token, i) => {
    if (parse.used[i] || token.kind === 'symbol') return [];
    if (token.kind === 'word' && fillerWords.has(token.text)) return [];
    return [token.raw.slice(0, 30)];
  });
  if (unread.length === 0) return;
  const shown = [...new Set(unread)].slice(0, 6);
  note(parse, `Not understood: ${shown.map(quote).join(', ')}${unread.length > shown.length ? ' and more' : ''}.`);
}

/**
 * The offline parser: a question in plain English as a list query in the
 * list API's filter language, or null when it cannot make out what the
 * question asks. Never throws; values are at most 200 characters.
 *
 * @example
 * parseQuestion('my deals over 50k closing this quarter', { now, userId, timeZone: 'Europe/Paris' });
 * // { resource: 'deals', filter: { ownerId: { eq: userId }, amount: { gt: '50000' },
 * //   closeDate: { gte: '2026-10-01', lte: '2026-12-31' } }, sort: null, explanation: 'Your deals over 50,000 closing between …' }
 */
export function parseQuestion(question: string, context: QueryContext): ParsedQuery | null {
  if (typeof question !== 'string' || !(context.now instanceof Date) || Number.isNaN(context.now.getTime())) return null;
  const tokens = tokenize(question);
  if (!tokens.some((t) => t.kind === 'word' || t.kind === 'number' || t.kind === 'date')) return null;
  const detected = detectResource(tokens, context);
  const resource = detected ?? 'contacts';
  const parse: Parse = {
    tokens,
    used: tokens.map(() => false),
    context,
    calendar: createCalendar(context.now, context.timeZone),
    resource,
    customFields: (context.customFields ?? []).filter((custom) => custom.object === resource),
    filter: {},
    sort: null,
    adjectives: [],
    qualifiers: [],
    notes: [],
    memo: {},
  };
  let index = 0;
  while (index < tokens.length) {
    if (parse.used[index]) {
      index += 1;
      continue;
    }
    let end: number | undefined;
    for (const rule of [...rules, unsupportedNegationRule]) {
      end = rule(parse, index);
      if (end !== undefined && end > index) break;
    }
    if (end !== undefined && end > index) {
      parse.used.fill(true, index, end);
      index = end;
    } else index += 1;
  }
  const understood = detected !== undefined || Object.keys(parse.filter).length > 0 || parse.sort !== null;
  if (!understood) return null;
  reportUnread(parse);
  return { resource, filter: parse.filter, sort: parse.sort, explanation: describe(parse) };
}

/** For a question the parser cannot read: the record type its nouns suggest, else contacts. */
export function guessResource(question: string, context: Pick<QueryContext, 'stages'>): QueryResource {
  return (typeof question === 'string' ? detectResource(tokenize(question), context) : undefined) ?? 'contacts';
}
