import { parseDateExpression } from './dates';
import type { FieldInfo } from './fields';
import { addCondition, field, isValueStop, isWord, note, quote, readValue, type Parse, type Rule } from './parse-state';
import type { QueryResource } from './query.schemas';
import { applyRange, readAmountCondition } from './time-rules';
import { matchPhrase, phraseEnd, textAt, tokenize } from './tokenize';

/** Each field's names in questions, beyond its own ("lead source" for leadSource). */
const labelWords: Partial<Record<QueryResource, Record<string, string[]>>> = {
  contacts: {
    firstName: ['first name', 'firstname', 'given name'],
    lastName: ['last name', 'lastname', 'surname', 'family name'],
    emails: ['email', 'emails', 'e-mail', 'e-mails', 'email address', 'email addresses', 'e-mail address'],
    phones: ['phone', 'phones', 'phone number', 'phone numbers', 'telephone', 'mobile'],
    title: ['title', 'job title', 'position', 'role'],
    lifecycleStage: ['lifecycle stage', 'lifecycle', 'stage'],
    leadSource: ['lead source', 'source'],
  },
  companies: {
    name: ['name', 'company name'],
    domain: ['domain', 'domain name'],
    industry: ['industry', 'sector'],
    size: ['size', 'company size', 'headcount'],
    website: ['website', 'web site', 'site', 'url'],
  },
  deals: {
    name: ['name', 'deal name'],
    amount: ['amount', 'value', 'deal value', 'deal size'],
    currency: ['currency'],
    closeDate: ['close date', 'closing date', 'expected close date'],
  },
  activities: {
    type: ['type', 'activity type'],
    subject: ['subject', 'title'],
    body: ['body', 'content', 'text', 'description'],
    status: ['status'],
    dueAt: ['due date'],
    completedAt: ['completed date', 'completion date'],
  },
};

/** Fields a phrase like "title is CEO" matches by containing, since people rarely type the whole value. */
const containsFields = new Set(['title', 'industry', 'leadSource', 'name', 'subject', 'body', 'website', 'size', 'firstName', 'lastName']);

function labelledFields(parse: Parse): Array<{ info: FieldInfo; labels: string[] }> {
  parse.memo.labels ??= fieldLabels(parse);
  return parse.memo.labels;
}

function fieldLabels(parse: Parse): Array<{ info: FieldInfo; labels: string[] }> {
  // Custom labels first: the workspace named them, so they win over a built-in of the same name.
  const custom = parse.customFields.flatMap((c) => {
    const info = field(parse, `customFields.${c.key}`);
    const words = tokenize(c.label).flatMap((t) => (t.kind === 'word' || t.kind === 'number' ? [t.raw.toLowerCase()] : []));
    return info && words.length > 0 ? [{ info, labels: [words.join(' ')] }] : [];
  });
  const builtIn = Object.entries({ ...labelWords[parse.resource], tags: ['tag', 'tags'] }).flatMap(([name, labels]) => {
    const info = field(parse, name);
    return info ? [{ info, labels }] : [];
  });
  return [...custom, ...builtIn];
}

const absentPrefixes = ['without', 'without a', 'without an', 'without any', 'with no', 'no', 'missing', 'missing a', 'missing an', 'lacking', 'has no', 'have no', 'having no', "don't have", "doesn't have", 'with an empty', 'with empty'];
const presentPrefixes = ['with', 'with a', 'with an', 'with the', 'having', 'having a', 'having an', 'has', 'has a', 'has an', 'have', 'have a', 'have an', 'that have', 'who have', 'whose', 'where', 'where the'];

function booleanValue(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  if (['yes', 'true', 'checked', 'on', 'set', 'enabled'].includes(word)) return 'true';
  if (['no', 'false', 'unchecked', 'off', 'unset', 'disabled'].includes(word)) return 'false';
  return undefined;
}

/**
 * "where Tier is gold", "with title CEO", "without email", "whose industry
 * contains bank", "with renewal date before March 1", "where probability over 50".
 */
export const fieldLabelRule: Rule = (parse, index) => {
  const { tokens } = parse;
  const absent = matchPhrase(tokens, index, absentPrefixes);
  const present = absent ? undefined : matchPhrase(tokens, index, presentPrefixes);
  const at = (absent ?? present)?.end ?? index;
  let best: { info: FieldInfo; end: number } | undefined;
  for (const { info, labels } of labelledFields(parse)) {
    for (const label of labels) {
      const end = phraseEnd(tokens, at, label);
      if (end > (best?.end ?? -1)) best = { info, end };
    }
  }
  if (!best || best.end <= at) return undefined;
  const { info } = best;
  const label = info.name.startsWith('customFields.') ? info.label : info.label.replace(/^emails$/, 'e-mail').replace(/^phones$/, 'phone');
  const article = /^[aeiou]/i.test(label) ? 'an' : 'a';
  let i = best.end;

  const empty = matchPhrase(tokens, i, ['is empty', 'is missing', 'is blank', 'is not set', 'is unset', 'is null', 'empty', 'missing', 'blank', 'not set', 'unset', 'is none']);
  const filled = matchPhrase(tokens, i, ['is not empty', 'is set', 'is present', 'is filled', 'not empty', 'is known']);
  const emptiness = [empty, filled].filter((m) => m !== undefined).sort((a, b) => b.end - a.end)[0];
  if (emptiness || absent) {
    const isEmpty = emptiness ? emptiness === empty : true;
    addCondition(parse, info.name, { isEmpty });
    parse.qualifiers.push(isEmpty ? `without ${article} ${label}` : `with ${article} ${label}`);
    return emptiness?.end ?? i;
  }
  // Tag values, with their "or" lists, are the tag rule's.
  if (info.name === 'tags') return undefined;

  if (info.type === 'date' || info.type === 'timestamp') {
    const skip = matchPhrase(tokens, i, ['is', 'was', 'of', 'on', ':', '=']);
    const date = parseDateExpression(tokens, i, parse.calendar) ?? (skip ? parseDateExpression(tokens, skip.end, parse.calendar) : undefined);
    if (date && applyRange(parse, info.name, date.range, `with ${label}`)) return date.end;
  }
  if (info.type === 'numeric' || info.type === 'integer') {
    const skip = matchPhrase(tokens, i, ['is', 'of', ':', '=']);
    const amount = readAmountCondition(parse, i) ?? (skip ? readAmountCondition(parse, skip.end) : undefined);
    const plain = tokens[skip?.end ?? i];
    if (amount) {
      addCondition(parse, info.name, amount.op);
      parse.qualifiers.push(`with ${label} ${amount.text}`);
      return amount.end;
    }
    if (plain?.kind === 'number' && /^\d{1,15}(\.\d{1,6})?$/.test(plain.decimal) && (skip || present)) {
      addCondition(parse, info.name, { eq: plain.decimal });
      parse.qualifiers.push(`with ${label} ${plain.decimal}`);
      return (skip?.end ?? i) + 1;
    }
  }
  if (info.type === 'boolean') {
    const skip = matchPhrase(tokens, i, ['is', '=', ':']);
    const value = booleanValue(textAt(tokens, skip?.end ?? i));
    if (value !== undefined) {
      addCondition(parse, info.name, { eq: value });
      parse.qualifiers.push(`with ${label} ${value === 'true' ? 'set' : 'not set'}`);
      return (skip?.end ?? i) + 1;
    }
    if (present) {
      addCondition(parse, info.name, { eq: 'true' });
      parse.qualifiers.push(`with ${label} set`);
      return i;
    }
  }
  if (info.type !== 'text') return undefined;

  const negative = matchPhrase(tokens, i, ['is not', "isn't", 'not', '!=', 'other than']);
  const starts = matchPhrase(tokens, i, ['starts with', 'starting with', 'begins with', 'beginning with']);
  const contains = matchPhrase(tokens, i, ['contains', 'containing', 'includes', 'including', 'like', 'mentions', 'mentioning']);
  const equals = matchPhrase(tokens, i, ['is', 'equals', 'is equal to', 'equal to', '=', ':', 'of', 'as', 'named', 'called']);
  const operator = [negative, starts, contains, equals].filter((m) => m !== undefined).sort((a, b) => b.end - a.end)[0];
  // A bare label reads a value only after "with"/"where": "sorted by name" is not a name filter.
  if (!operator && !present) return undefined;
  const read = readValue(parse, operator?.end ?? i);
  if (!read) {
    if (present && !operator && (info.kind !== 'scalar' || isValueStop(parse, i))) {
      addCondition(parse, info.name, { isEmpty: false });
      parse.qualifiers.push(`with ${article} ${label}`);
      return i;
    }
    return undefined;
  }
  i = read.end;
  if (info.kind !== 'scalar') {
    // Arrays hold exact elements; stored e-mails are lower-case.
    const element = info.name === 'emails' ? read.value.toLowerCase() : read.value;
    if (info.name === 'tags') addCondition(parse, 'tags', { in: caseVariants([element]) });
    else addCondition(parse, info.name, { contains: element });
    parse.qualifiers.push(`with ${label} ${quote(element)}`);
    return i;
  }
  const value = normalise(info.name, read.value);
  if (operator !== undefined && operator === negative) {
    addCondition(parse, info.name, { ne: value });
    parse.qualifiers.push(`with ${label} not ${quote(value)}`);
  } else if (operator !== undefined && operator === starts) {
    addCondition(parse, info.name, { startsWith: value });
    parse.qualifiers.push(`with ${label} starting with ${quote(value)}`);
  } else if ((operator !== undefined && operator === contains) || containsFields.has(info.name)) {
    addCondition(parse, info.name, { contains: value });
    parse.qualifiers.push(`with ${label} containing ${quote(value)}`);
  } else {
    addCondition(parse, info.name, { eq: value });
    parse.qualifiers.push(`with ${label} ${quote(value)}`);
  }
  return i;
};

/** Stored forms: lower-case domains and codes, upper-case currencies. */
function normalise(fieldName: string, value: string): string {
  if (fieldName === 'currency') return value.toUpperCase();
  if (fieldName === 'domain' || fieldName === 'type' || fieldName === 'status') return value.toLowerCase();
  if (fieldName === 'lifecycleStage') return value.toLowerCase().replace(/[\s-]+/g, '_');
  return value;
}

/**
 * Tags are a text[] field: the list API's `contains` is an exact,
 * case-sensitive element match, and `in` matches any of several. Asking
 * with `in` for the usual casings finds "vip", "VIP" and "Vip" alike.
 */
export function caseVariants(values: readonly string[]): string[] {
  const variants = values.flatMap((v) => [v, v.toLowerCase(), v.toUpperCase(), v.charAt(0).toUpperCase() + v.slice(1).toLowerCase()]);
  return [...new Set(variants)].slice(0, 500);
}

/** "tagged vip", "tagged vip or hot", "with tag 'key account'", "#vip", "with the vip tag". */
export const tagRule: Rule = (parse, index) => {
  const { tokens } = parse;
  let values: string[] = [];
  let end: number | undefined;
  let joiner: 'or' | 'and' = 'or';
  const hashtag = textAt(tokens, index) === '#' && tokens[index + 1]?.kind === 'word';
  const lead = hashtag ? undefined : matchPhrase(tokens, index, ['tagged', 'tagged as', 'tagged with', 'with tag', 'with tags', 'with the tag', 'with the tags', 'tag', 'tags', 'labelled', 'labeled', 'with label']);
  if (hashtag) {
    values = [tokens[index + 1]!.raw];
    end = index + 2;
  } else if (lead) {
    let i = lead.end;
    while (values.length < 10) {
      const read = readValue(parse, i, 3);
      if (!read) break;
      values.push(read.value);
      i = read.end;
      const next = matchPhrase(tokens, i, ['or', ',', 'and']);
      if (!next || !readValue(parse, next.end, 3)) break;
      if (next.phrase === 'and') joiner = 'and';
      i = next.end;
    }
    end = i;
  } else {
    // "with the vip tag", "vip-tagged"
    const withThe = matchPhrase(tokens, index, ['with the', 'with a', 'with']);
    const word = withThe ? tokens[withThe.end] : undefined;
    if (withThe && word && (word.kind === 'word' || word.kind === 'quoted') && isWord(parse, withThe.end + 1, 'tag')) {
      values = [word.kind === 'quoted' ? word.text : word.raw];
      end = withThe.end + 2;
    }
  }
  if (values.length === 0 || end === undefined) return undefined;
  if (!field(parse, 'tags')) {
    note(parse, `${parse.resource.charAt(0).toUpperCase()}${parse.resource.slice(1)} have no tags, so ${quote(values[0]!)} is not a filter.`);
    return end;
  }
  if (joiner === 'and' && values.length > 1) {
    // Two exact conditions on the same text[] field, joined with AND.
    addCondition(parse, 'tags', { contains: values[0]!, eq: values[1]! });
    parse.qualifiers.push(`tagged ${values.slice(0, 2).map(quote).join(' and ')}`);
    if (values.length > 2) note(parse, 'Only the first two tags are required.');
    return end;
  }
  addCondition(parse, 'tags', { in: caseVariants(values) });
  parse.qualifiers.push(`tagged ${values.map(quote).join(' or ')}`);
  return end;
};
