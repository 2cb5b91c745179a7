import { defineFeature } from '../providers/feature';
import { collectBrief, type BriefSnapshot } from './brief-facts';
import { clip, isoDay, joinAnd, lineField, personName, plural, relativeDays } from './brief-records';
import { briefSchema, type Brief, type BriefFact, type BriefInput } from './brief.schemas';

export { buildBriefFacts } from './brief-facts';
export type { ApiRecordLike } from './brief-records';
export { briefSchema } from './brief.schemas';
export type { Brief, BriefFact, BriefInput, BriefStage } from './brief.schemas';

const singular = { contacts: 'contact', companies: 'company', deals: 'deal' } as const;

/** Longest quoted subject or name in the offline prose, so that four sentences always fit the 1200-character limit. */
const maxQuoted = 80;

const citation = /(\s*)\[\s*(f\d+(?:\s*[,;]\s*f\d+)*)\s*\]/gi;

/**
 * Ties a brief to the facts it may rest on: citations of ids that are not
 * among `facts` are dropped from the summary, and the facts become those
 * of `facts` the summary cites, in their own order and as computed, never
 * as a model returned them.
 *
 * @example
 * const { output } = await ai.run(briefFeature, input, context);
 * const brief = groundBrief(output, buildBriefFacts(input));
 */
export function groundBrief(brief: Brief, facts: readonly BriefFact[]): Brief {
  const known = new Set(facts.map((fact) => fact.id));
  const cited = new Set<string>();
  const summary = brief.summary
    .replace(citation, (_whole, space: string, list: string) => {
      const ids = list
        .split(/[,;]/)
        .map((id) => id.trim().toLowerCase())
        .filter((id) => known.has(id));
      ids.forEach((id) => cited.add(id));
      return ids.length === 0 ? '' : `${space}${[...new Set(ids)].map((id) => `[${id}]`).join('')}`;
    })
    .trim();
  return { summary, facts: facts.filter((fact) => cited.has(fact.id)) };
}

/**
 * A summary of a contact, company or deal and its timeline, grounded in
 * facts computed from the records the caller gathered. Run it, then pass
 * the answer through `groundBrief` with `buildBriefFacts(input)`.
 *
 * @example
 * const { output } = await ai.run(briefFeature, { object: 'deals', record: deal, companies, contacts, deals: [], activities, stages, members, now: clock.now() }, context);
 */
export const briefFeature = defineFeature<BriefInput, Brief>({
  name: 'brief',
  prompt: { name: 'brief', version: 1 },
  schema: briefSchema,
  variables: (input) => {
    const facts = collectBrief(input).facts;
    return {
      object: singular[input.object],
      today: isoDay(input.now),
      // One fact per line: easy for a model to scan and to copy back unchanged.
      facts: `[\n${facts.map((fact) => JSON.stringify(fact)).join(',\n')}\n]`,
    };
  },
  local: (input) => {
    const snapshot = collectBrief(input);
    return groundBrief({ summary: offlineSummary(snapshot), facts: [] }, snapshot.facts);
  },
  sensitiveNames: (input) => {
    const record = input.object === 'contacts' ? personName(input.record) : input.object === 'companies' ? lineField(input.record, 'name') : undefined;
    const names = [record, ...input.contacts.map(personName), ...input.companies.map((company) => lineField(company, 'name'))];
    return [...new Set(names.filter((name): name is string => name !== undefined))];
  },
  maxTokens: 1500,
});

const cite = (...refs: Array<{ ref: string } | undefined>): string => {
  const ids = refs.filter((ref) => ref !== undefined).map((ref) => `[${ref.ref}]`);
  return ids.length === 0 ? '' : ` ${ids.join('')}`;
};

const quote = (text: string): string => `"${clip(text, maxQuoted)}"`;

/** 2 to 4 sentences from templates, each citing the facts it states; what is unknown is left out, never printed. */
function offlineSummary(snapshot: BriefSnapshot): string {
  const sentences = [
    snapshot.object === 'deals' ? dealHeadline(snapshot) : snapshot.object === 'contacts' ? contactHeadline(snapshot) : companyHeadline(snapshot),
    snapshot.object === 'deals' ? dealProgress(snapshot) : recentSentence(snapshot),
    lastSentence(snapshot),
    nextSentence(snapshot),
  ].filter((sentence): sentence is string => sentence !== undefined);
  // Quoted text is clipped, so this only guards against a template grown too long: whole sentences go first.
  while (sentences.join(' ').length > 1200 && sentences.length > 1) sentences.pop();
  return clip(sentences.join(' '), 1200);
}

function dealHeadline(s: BriefSnapshot): string {
  const name = s.name ? clip(s.name.text, maxQuoted) : undefined;
  const who = name ? `${name}${/\bdeal$/i.test(name) ? '' : ' deal'}${cite(s.name)}` : 'This deal';
  const subject = `${who}${s.amount ? ` for ${s.amount.text}${cite(s.amount)}` : ''}`;
  const predicates: string[] = [];
  if (s.stage) {
    const state = s.stage.type === 'won' ? 'was won' : s.stage.type === 'lost' ? 'was lost' : `is in ${clip(s.stage.name, maxQuoted)} (${s.stage.probability}%)`;
    predicates.push(`${state}${cite(s.stage)}`);
  }
  if (s.close) {
    const { day, inDays } = s.close;
    const closing = s.close.overdue
      ? `with its close date ${day} overdue by ${plural(-inDays, 'day')}`
      : s.stage && s.stage.type !== 'open'
        ? `with close date ${day}`
        : `closing ${inDays === 0 ? 'today' : inDays === 1 ? 'tomorrow' : `${day} (${relativeDays(inDays)})`}`;
    predicates.push(`${closing}${cite(s.close)}`);
  }
  if (predicates.length === 0) return `${subject} has no known stage or close date.`;
  return `${subject} ${predicates.join(', ')}.`;
}

function dealProgress(s: BriefSnapshot): string | undefined {
  const recent = s.recent ? recentCounts(s.recent) : undefined;
  if (s.inStage) {
    const days = s.inStage.days === 0 ? 'less than a day' : plural(s.inStage.days, 'day');
    const also = recent ? `, with ${recent} in the last 30 days${cite(s.recent)}` : '';
    return `It has been in this stage for ${days}${cite(s.inStage)}${also}.`;
  }
  return recentSentence(s);
}

function contactHeadline(s: BriefSnapshot): string {
  const who = s.name ? `${clip(s.name.text, maxQuoted)}` : 'This contact';
  const title = s.title ? clip(s.title.text, maxQuoted) : undefined;
  const company = s.company ? clip(s.company.text, maxQuoted) : undefined;
  const role = title && company ? ` is ${title} at ${company}` : title ? ` is ${title}` : company ? ` works at ${company}` : '';
  const deals = s.openDeals ? `has ${openDealsText(s.openDeals)}${cite(s.openDeals)}` : undefined;
  if (role === '') return deals ? `${who}${cite(s.name)} ${deals}.` : `${who}${cite(s.name)} has no title or company on record.`;
  return `${who}${role}${cite(s.name, s.title, s.company)}${deals ? `, and ${deals}` : ''}.`;
}

function companyHeadline(s: BriefSnapshot): string {
  const who = s.name ? clip(s.name.text, maxQuoted) : 'This company';
  const details = [s.industry ? clip(s.industry.text, maxQuoted) : undefined, s.size ? `size ${clip(s.size.text, maxQuoted)}` : undefined].filter(Boolean);
  const about = details.length > 0 ? ` (${details.join(', ')})` : '';
  const has = [
    s.contacts ? `${s.contacts.count === 0 ? 'no contacts' : plural(s.contacts.count, 'contact')}${cite(s.contacts)}` : undefined,
    s.openDeals ? `${openDealsText(s.openDeals)}${cite(s.openDeals)}` : undefined,
  ].filter((part): part is string => part !== undefined);
  const subject = `${who}${about}${cite(s.name, s.industry, s.size)}`;
  return has.length > 0 ? `${subject} has ${joinAnd(has)}.` : `${subject}.`;
}

function openDealsText(deals: NonNullable<BriefSnapshot['openDeals']>): string {
  if (deals.count === 0) return 'no open deals';
  return `${plural(deals.count, 'open deal')}${deals.total ? ` worth ${deals.total}` : ''}`;
}

/** "2 calls, 1 meeting and 3 e-mails"; "no calls, meetings or e-mails". */
function recentCounts(recent: NonNullable<BriefSnapshot['recent']>): string {
  const parts = [
    recent.calls > 0 ? plural(recent.calls, 'call') : undefined,
    recent.meetings > 0 ? plural(recent.meetings, 'meeting') : undefined,
    recent.emails > 0 ? plural(recent.emails, 'e-mail') : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? 'no calls, meetings or e-mails' : joinAnd(parts);
}

function recentSentence(s: BriefSnapshot): string | undefined {
  if (!s.recent) return undefined;
  const counts = recentCounts(s.recent);
  if (counts.startsWith('no ')) return `There were ${counts} in the last 30 days${cite(s.recent)}.`;
  // The verb agrees with the first thing listed: "there was 1 call and 2 meetings".
  const first = [s.recent.calls, s.recent.meetings, s.recent.emails].find((count) => count > 0);
  const were = first === 1 ? 'was' : 'were';
  return `In the last 30 days there ${were} ${counts}${cite(s.recent)}.`;
}

function lastSentence(s: BriefSnapshot): string | undefined {
  if (s.noActivity) return `There is no activity on record yet${cite(s.noActivity)}.`;
  if (!s.last) return undefined;
  const when = s.last.inDays === 0 ? 'today' : relativeDays(s.last.inDays);
  return `Last activity: ${s.last.type}${s.last.subject ? ` ${quote(s.last.subject)}` : ''} ${when}${cite(s.last)}.`;
}

function nextSentence(s: BriefSnapshot): string | undefined {
  if (s.nextTask) {
    const task = s.nextTask;
    const what = task.subject ? quote(task.subject) : 'a task without a subject';
    let when = 'with no due date';
    if (task.day !== undefined && task.inDays !== undefined) {
      if (task.overdue) when = task.inDays === 0 ? 'due earlier today and now overdue' : `overdue by ${plural(-task.inDays, 'day')} (due ${task.day})`;
      else when = task.inDays === 0 ? 'due today' : task.inDays === 1 ? 'due tomorrow' : `due ${task.day} (${relativeDays(task.inDays)})`;
    }
    return `Next task: ${what}, ${when}${cite(task)}.`;
  }
  if (s.nextMeeting) {
    const meeting = s.nextMeeting;
    const when = meeting.inDays <= 1 ? relativeDays(meeting.inDays) : `on ${meeting.day} (${relativeDays(meeting.inDays)})`;
    return `Next meeting: ${meeting.subject ? `${quote(meeting.subject)} ` : ''}${when}${cite(meeting)}.`;
  }
  return undefined;
}
