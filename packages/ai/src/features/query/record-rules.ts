import { isUuid } from '@nexus/platform';
import { addCondition, field, isValueStop, isWord, note, quote, readValue, type Parse, type Rule } from './parse-state';
import { matchPhrase, phraseEnd, textAt, tokenize } from './tokenize';
import { departments, fillerWords, industries, leadSources, nouns } from './vocabulary';

function ownerFilter(parse: Parse, fieldName: string, condition: { eq: string } | { ne: string }): boolean {
  if (!isUuid(parse.context.userId)) {
    note(parse, 'Your user id is not known here, so records are not limited to yours.');
    return false;
  }
  addCondition(parse, fieldName, condition);
  return true;
}

/** "my", "I own", "unassigned", "assigned to me", "I created". */
export const ownershipRule: Rule = (parse, index) => {
  const { tokens } = parse;
  const assignee = parse.resource === 'activities' ? 'assigneeId' : 'ownerId';
  const me = { eq: parse.context.userId };
  const assignedToMe = matchPhrase(tokens, index, ['assigned to me', 'assigned to myself']);
  if (assignedToMe) {
    if (ownerFilter(parse, assignee, me)) {
      if (assignee === 'assigneeId') parse.qualifiers.push('assigned to you');
      else parse.owner = 'Your';
    }
    return assignedToMe.end;
  }
  const created = matchPhrase(tokens, index, ['i created', 'created by me', 'i added', 'added by me', 'i made']);
  if (created) {
    if (ownerFilter(parse, 'createdBy', me)) parse.qualifiers.push('created by you');
    return created.end;
  }
  const notMine = matchPhrase(tokens, index, ['not mine', 'not my', 'not owned by me', "that aren't mine", 'owned by others', 'owned by someone else']);
  if (notMine) {
    if (ownerFilter(parse, 'ownerId', { ne: parse.context.userId })) parse.owner = "Other people's";
    return notMine.end;
  }
  const mine = matchPhrase(tokens, index, ['my', 'mine', 'of mine', 'i own', 'owned by me', 'that i own', 'belonging to me', 'my own', "i'm working on", 'i am working on']);
  if (mine) {
    if (ownerFilter(parse, 'ownerId', me)) parse.owner = 'Your';
    return mine.end;
  }
  const unassigned = matchPhrase(tokens, index, ['unassigned', 'not assigned', 'not assigned to anyone']);
  if (unassigned) {
    addCondition(parse, assignee, { isEmpty: true });
    if (assignee === 'ownerId') parse.owner = 'Unassigned';
    else parse.adjectives.push('unassigned');
    return unassigned.end;
  }
  const noOwner = matchPhrase(tokens, index, ['without an owner', 'without owner', 'with no owner', 'no owner', 'ownerless', 'not owned', 'owned by nobody', 'owned by no one']);
  if (noOwner) {
    addCondition(parse, 'ownerId', { isEmpty: true });
    parse.owner = 'Unowned';
    return noOwner.end;
  }
  return undefined;
};

/** "contacts from LinkedIn", "via referral", "lead source webinar". */
export const leadSourceRule: Rule = (parse, index) => {
  if (!field(parse, 'leadSource')) return undefined;
  const { tokens } = parse;
  const explicit = matchPhrase(tokens, index, ['source', 'lead source', 'with source', 'with lead source', 'sourced from', 'sourced via']);
  const loose = matchPhrase(tokens, index, ['from', 'via', 'through', 'came from', 'coming from', 'originating from', 'who came from', 'that came from']);
  const lead = [explicit, loose].filter((m) => m !== undefined).sort((a, b) => b.end - a.end)[0];
  if (!lead) return undefined;
  const known = matchPhrase(tokens, lead.end, leadSources);
  let value: string | undefined;
  let end = lead.end;
  if (known) {
    value = known.phrase;
    end = known.end;
  } else if (lead === explicit) {
    const read = readValue(parse, lead.end, 3);
    if (read) ({ value, end } = read);
  }
  if (!value) return undefined;
  addCondition(parse, 'leadSource', { contains: value });
  parse.qualifiers.push(`with lead source containing ${quote(value)}`);
  return end;
};

const companyNouns = new Set(['company', 'companies', 'account', 'accounts', 'business', 'businesses', 'firm', 'firms', 'organisations', 'organizations', 'orgs']);
const industrySuffix = ['industry', 'sector', 'space', 'market', 'vertical', 'companies', 'businesses'];

function industry(parse: Parse, value: string, end: number): number {
  addCondition(parse, 'industry', { contains: value });
  parse.qualifiers.push(`in an industry containing ${quote(value)}`);
  return matchPhrase(parse.tokens, end, industrySuffix)?.end ?? end;
}

/** "software companies", "companies in fintech", "companies in the real estate industry". */
export const industryRule: Rule = (parse, index) => {
  if (parse.resource !== 'companies') return undefined;
  const { tokens } = parse;
  const known = matchPhrase(tokens, index, industries);
  if (known && companyNouns.has(textAt(tokens, known.end) ?? '')) return industry(parse, known.phrase, known.end);
  const lead = matchPhrase(tokens, index, ['in', 'in the', 'within', 'within the', 'from the']);
  if (!lead) return undefined;
  const named = matchPhrase(tokens, lead.end, industries);
  if (named) return industry(parse, named.phrase, named.end);
  const read = readValue(parse, lead.end, 3);
  if (!read || fillerWords.has(textAt(tokens, lead.end) ?? '')) return undefined;
  return industry(parse, read.value, read.end);
};

/** The workspace stages whose names start at `index`; "stage" before or after is read too. */
function stagesNamed(parse: Parse, index: number, minWords: number): { ids: string[]; name: string; end: number } | undefined {
  parse.memo.stageWords ??= (parse.context.stages ?? []).map((stage) => ({
    id: stage.id,
    name: stage.name,
    phrase: tokenize(stage.name)
      .flatMap((t) => (t.kind === 'word' || t.kind === 'number' ? [t.raw.toLowerCase()] : []))
      .join(' '),
  }));
  let best: { ids: string[]; name: string; end: number } | undefined;
  for (const stage of parse.memo.stageWords) {
    if (stage.phrase === '' || stage.phrase.split(' ').length < minWords) continue;
    const end = phraseEnd(parse.tokens, index, stage.phrase);
    if (end < 0 || (best && end < best.end)) continue;
    // Pipelines often share stage names: "Negotiation" is every stage of that name.
    if (!best || end > best.end) best = { ids: [stage.id], name: stage.name, end };
    else if (best.name.toLowerCase() === stage.name.toLowerCase()) best.ids.push(stage.id);
  }
  return best;
}

const stageNegations = ['not in', 'not at', 'not', 'excluding', 'except', 'except for', 'other than', 'outside'];

function stageCondition(parse: Parse, ids: readonly string[], negate: boolean): void {
  const unique = [...new Set(ids)];
  const current = parse.filter['stageId'];
  if (negate) addCondition(parse, 'stageId', { nin: [...new Set([...(current?.nin ?? []), ...unique])] });
  else addCondition(parse, 'stageId', { in: [...new Set([...(current?.in ?? []), ...unique])] });
}

function stageNameRule(minWords: number): Rule {
  return (parse, index) => {
    if (parse.resource !== 'deals') return undefined;
    const { tokens } = parse;
    const negation = matchPhrase(tokens, index, stageNegations);
    let at = negation?.end ?? index;
    const lead = matchPhrase(tokens, at, ['in stage', 'in the stage', 'at stage', 'stage', 'stage is', 'in', 'in the', 'at', 'at the']);
    const named = (lead ? stagesNamed(parse, lead.end, minWords) : undefined) ?? stagesNamed(parse, at, minWords);
    if (!named) {
      // "in stage foo", "stage is foo": a stage the workspace does not have.
      if (lead && lead.phrase.includes('stage') && minWords === 1) {
        const read = readValue(parse, lead.end, 3);
        if (read) {
          note(parse, `There is no stage named ${quote(read.value)}, so deals in every stage are shown.`);
          return read.end;
        }
      }
      return undefined;
    }
    at = named.end;
    const suffix = matchPhrase(tokens, at, ['stage', 'stages', 'phase']);
    const negate = negation !== undefined;
    stageCondition(parse, named.ids, negate);
    const said = parse.stages?.negate === negate ? parse.stages : undefined;
    const names = [...new Set([...(said?.names ?? []), named.name])];
    const text = `${negate ? 'not ' : ''}in the ${names.join(negate ? ' nor ' : ' or ')} stage${names.length > 1 ? 's' : ''}`;
    if (said) parse.qualifiers[said.qualifier] = text;
    else parse.qualifiers.push(text);
    parse.stages = { names, negate, qualifier: said?.qualifier ?? parse.qualifiers.length - 1 };
    return suffix?.end ?? at;
  };
}

export const multiWordStageRule = stageNameRule(2);
export const stageRule = stageNameRule(1);

/** "deals in foo": a word after "in" that nothing else read is taken for a stage the workspace lacks. */
export const unknownStageRule: Rule = (parse, index) => {
  if (parse.resource !== 'deals' || !isWord(parse, index, 'in', 'at')) return undefined;
  const { tokens } = parse;
  const at = isWord(parse, index + 1, 'the') ? index + 2 : index + 1;
  const word = tokens[at];
  if (word?.kind !== 'word' || parse.used[at] || fillerWords.has(word.text) || nouns.has(word.text) || isValueStop(parse, at)) return undefined;
  const followedByStage = isWord(parse, at + 1, 'stage', 'phase');
  const previous = textAt(tokens, index - 1);
  if (!followedByStage && !(previous !== undefined && nouns.get(previous)?.resource === 'deals')) return undefined;
  note(parse, `There is no stage named ${quote(word.raw)}, so deals in every stage are shown.`);
  return followedByStage ? at + 2 : at + 1;
};

const stateWords: Array<{ phrases: string[]; deal?: ReadonlyArray<'open' | 'won' | 'lost'>; status?: 'open' | 'done'; text: string; closes?: boolean }> = [
  { phrases: ['closed won', 'closed-won', 'won'], deal: ['won'], text: 'won', closes: true },
  { phrases: ['closed lost', 'closed-lost', 'lost'], deal: ['lost'], text: 'lost', closes: true },
  { phrases: ['closed'], deal: ['won', 'lost'], status: 'done', text: 'closed', closes: true },
  { phrases: ['open', 'active', 'ongoing', 'in progress', 'in-progress', 'live', 'pending', 'outstanding', 'incomplete', 'unfinished', 'not done', 'not completed', 'to do'], deal: ['open'], status: 'open', text: 'open' },
  { phrases: ['done', 'completed', 'complete', 'finished'], status: 'done', text: 'completed', closes: true },
];

/** "won deals", "open deals", "not lost", "completed tasks". */
export const stateRule: Rule = (parse, index) => {
  const { tokens } = parse;
  const negation = matchPhrase(tokens, index, ['not', 'non', 'excluding', 'except']);
  for (const state of stateWords) {
    // "not done" is a state of its own; "not won" negates one.
    const direct = matchPhrase(tokens, index, state.phrases);
    const negated = direct || !negation ? undefined : matchPhrase(tokens, negation.end, state.phrases);
    const match = direct ?? negated;
    if (!match) continue;
    const negate = negated !== undefined;
    if (parse.resource === 'activities' && state.status) {
      addCondition(parse, 'status', negate ? { ne: state.status } : { eq: state.status });
      parse.adjectives.push(`${negate ? 'not ' : ''}${state.text}`);
      if (state.closes && !negate) parse.cue = { field: 'completedAt', negate: false, verb: '' };
      return match.end;
    }
    if (parse.resource !== 'deals' || !state.deal) return undefined;
    const types = state.deal;
    const ids = (parse.context.stages ?? []).filter((stage) => types.includes(stage.type)).map((stage) => stage.id);
    if (ids.length === 0) note(parse, `The pipeline's ${state.text} stages are not known here, so deals in every stage are shown.`);
    else {
      stageCondition(parse, ids, negate);
      if (negate) parse.qualifiers.push(`that are not ${state.text}`);
      else parse.adjectives.push(state.text);
    }
    // "deals won last month": the date is when they closed.
    if (state.closes && !negate) parse.cue = { field: 'closeDate', negate: false, verb: 'closed' };
    return match.end;
  }
  return undefined;
};

/** The record type's own nouns, with what they imply: "tasks", "leads", "CEOs". */
export const nounRule: Rule = (parse, index) => {
  const word = textAt(parse.tokens, index);
  const noun = word === undefined ? undefined : nouns.get(word);
  if (!noun || noun.resource !== parse.resource) return undefined;
  if (noun.activityType) {
    const current = parse.filter['type'];
    const types = [...new Set([...(current?.in ?? (current?.eq ? [current.eq] : [])), noun.activityType])];
    parse.filter['type'] = types.length === 1 ? { eq: types[0]! } : { in: types };
    parse.activityType = types.length === 1 ? noun.activityType : undefined;
  }
  if (noun.lifecycleStage && !parse.filter['lifecycleStage']) {
    addCondition(parse, 'lifecycleStage', { eq: noun.lifecycleStage });
    parse.lifecycleStage = noun.lifecycleStage;
  }
  if (noun.title) {
    const previous = textAt(parse.tokens, index - 1);
    const department = previous !== undefined && departments.has(previous) && !parse.used[index - 1];
    const title = department ? `${parse.tokens[index - 1]!.raw} ${noun.title}` : noun.title;
    if (parse.filter['title']) note(parse, `Only one job title is used: ${quote(parse.filter['title'].contains ?? title)}.`);
    else {
      addCondition(parse, 'title', { contains: title });
      parse.qualifiers.push(`with a title containing ${quote(title)}`);
      if (department) parse.used[index - 1] = true;
    }
  }
  return index + 1;
};

/** "acme.com" names a company's domain; "jane@acme.com" a contact's e-mail. */
export const addressRule: Rule = (parse, index) => {
  const token = parse.tokens[index];
  if (token?.kind !== 'word') return undefined;
  const email = /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(token.text);
  const domain = !email && /^(?:[a-z0-9-]+\.)+[a-z]{2,63}$/i.test(token.text);
  if (email && field(parse, 'emails')) {
    addCondition(parse, 'emails', { contains: token.text });
    parse.qualifiers.push(`with the e-mail ${quote(token.text)}`);
    return index + 1;
  }
  if (domain && parse.resource === 'companies') {
    addCondition(parse, 'domain', { eq: token.text });
    parse.qualifiers.push(`with the domain ${quote(token.text)}`);
    return index + 1;
  }
  if (domain && parse.resource === 'contacts') {
    note(parse, `Contacts cannot be filtered by e-mail domain, so ${quote(token.text)} is not a filter; look at the company with that domain instead.`);
    return index + 1;
  }
  return undefined;
};

/** "companies named Acme", "contacts called Jane Doe", "the deal called Renewal". */
export const nameRule: Rule = (parse, index) => {
  const lead = matchPhrase(parse.tokens, index, ['named', 'called', 'whose name is', 'with the name', 'by the name of']);
  if (!lead) return undefined;
  const read = readValue(parse, lead.end, 4);
  if (!read) return undefined;
  if (parse.resource === 'contacts') {
    const [first, ...rest] = read.value.split(' ');
    addCondition(parse, 'firstName', { contains: first! });
    if (rest.length > 0) addCondition(parse, 'lastName', { contains: rest.join(' ') });
    parse.qualifiers.push(rest.length > 0 ? `named ${quote(read.value)}` : `with a first name containing ${quote(first!)}`);
    return read.end;
  }
  const target = parse.resource === 'activities' ? 'subject' : 'name';
  addCondition(parse, target, { contains: read.value });
  parse.qualifiers.push(`with ${target === 'subject' ? 'a subject' : 'a name'} containing ${quote(read.value)}`);
  return read.end;
};

/** "calls about pricing", "notes regarding the renewal". */
export const subjectRule: Rule = (parse, index) => {
  if (parse.resource !== 'activities') return undefined;
  const lead = matchPhrase(parse.tokens, index, ['about', 'regarding', 're', 'concerning', 'mentioning', 'on the topic of', 'titled', 'with subject', 'with the subject']);
  if (!lead) return undefined;
  const at = isWord(parse, lead.end, 'the') ? lead.end + 1 : lead.end;
  const read = readValue(parse, at, 4);
  if (!read) return undefined;
  addCondition(parse, 'subject', { contains: read.value });
  parse.qualifiers.push(`with a subject containing ${quote(read.value)}`);
  return read.end;
};
