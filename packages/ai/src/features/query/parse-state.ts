import type { Calendar } from './calendar';
import { findField, type FieldInfo } from './fields';
import type { QueryCondition, QueryContext, QueryCustomField, QueryFilter, QueryResource } from './query.schemas';
import { cleanValue, textAt, type Token } from './tokenize';
import { fillerWords, nouns, type ActivityType } from './vocabulary';

/** A date field a cue word ("closing", "created", "due") points the next date expression at. */
export interface DateCue {
  field: string;
  /** "not updated in 30 days": the range is turned into "before it". */
  negate: boolean;
  /** How to say it when the cue was not a verb of its own ("won deals last month": "closed"). */
  verb?: string;
}

/** What the rules build up while they read the question. */
export interface Parse {
  readonly tokens: readonly Token[];
  /** Tokens a rule has read; the rest are reported as not understood. */
  readonly used: boolean[];
  readonly context: QueryContext;
  readonly calendar: Calendar;
  readonly resource: QueryResource;
  readonly customFields: readonly QueryCustomField[];
  filter: QueryFilter;
  sort: string | null;
  sortText?: string;
  /** "Your", "Unassigned". */
  owner?: string;
  activityType?: ActivityType;
  lifecycleStage?: string;
  /** Words before the noun: "open", "won", "overdue". */
  adjectives: string[];
  /** Phrases after it: "over 50,000", "closing between …". */
  qualifiers: string[];
  /** Sentences after the description: what could not be done. */
  notes: string[];
  cue?: DateCue;
  /** Worked out once per question, on first use: field labels and stage names as words. */
  memo: { labels?: Array<{ info: FieldInfo; labels: string[] }>; stageWords?: Array<{ id: string; name: string; phrase: string }> };
  /** Stages named so far, said together: "in the Negotiation or Proposal stage". */
  stages?: { names: string[]; negate: boolean; qualifier: number };
}

/** A rule reads the question at `index` and returns where its match ends, or undefined when it does not apply. */
export type Rule = (parse: Parse, index: number) => number | undefined;

export function field(parse: Parse, name: string): FieldInfo | undefined {
  return findField(parse.resource, name, parse.customFields);
}

/** Adds conditions to a field; a later phrase about the same operator wins. */
export function addCondition(parse: Parse, name: string, condition: QueryCondition): void {
  parse.filter[name] = { ...parse.filter[name], ...condition };
}

export function note(parse: Parse, text: string): void {
  if (!parse.notes.includes(text) && parse.notes.length < 6) parse.notes.push(text);
}

export function quote(value: string): string {
  return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
}

/** "50,000" for "50000", "1,250.5" for "1250.5". */
export function formatAmount(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** Words that end a value: "title CEO and tagged vip" stops at "and". */
const valueStops = new Set([
  'and', 'or', 'but', 'who', 'that', 'which', 'with', 'without', 'where', 'whose', 'sorted', 'sort', 'order', 'ordered', 'by', 'in', 'from',
  'created', 'closing', 'due', 'updated', 'added', 'owned', 'assigned', 'newest', 'oldest', 'largest', 'biggest', 'before', 'after', 'since',
  'between', 'over', 'under', 'this', 'next', 'last', 'my', 'mine', 'today', 'tomorrow', 'yesterday', 'tagged', 'first', 'please', 'not', 'is', 'are',
]);

export function isValueStop(parse: Parse, index: number): boolean {
  const token = parse.tokens[index];
  if (!token) return true;
  if (token.kind === 'symbol') return !['&', '+', '#'].includes(token.text);
  if (token.kind !== 'word') return false;
  // Job titles are values ("title CEO"); record nouns end one.
  const noun = nouns.get(token.text);
  return valueStops.has(token.text) || (noun !== undefined && noun.title === undefined);
}

/**
 * A value written in the question: a quoted text, or up to `maxWords`
 * words (as written, case kept) up to a stop word or punctuation.
 */
export function readValue(parse: Parse, index: number, maxWords = 4): { value: string; end: number } | undefined {
  const first = parse.tokens[index];
  if (!first || parse.used[index]) return undefined;
  if (first.kind === 'quoted') return { value: first.text, end: index + 1 };
  const words: string[] = [];
  let i = index;
  while (i < parse.tokens.length && words.length < maxWords && !parse.used[i] && !isValueStop(parse, i)) {
    const token = parse.tokens[i]!;
    if (token.kind === 'quoted') break;
    words.push(token.raw);
    i += 1;
  }
  // A lone filler word ("the", "a") is not a value.
  if (words.length === 0 || (words.length === 1 && fillerWords.has(words[0]!.toLowerCase()))) return undefined;
  const value = cleanValue(words.join(' '));
  return value ? { value, end: i } : undefined;
}

/** Whether the word at `index` is one of `words`. */
export function isWord(parse: Parse, index: number, ...words: string[]): boolean {
  const text = textAt(parse.tokens, index);
  return text !== undefined && words.includes(text);
}
