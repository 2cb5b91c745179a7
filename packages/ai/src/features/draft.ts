import { assertNever } from '@nexus/platform';
import { z } from 'zod';
import { defineFeature } from '../providers/feature';
import { clip, dateField, daysFrom, decimalField, isoDay, lastHappened, lineField, openTasks, personName, readTimeline, type ApiRecordLike, type TimelineItem } from './brief-records';
import { moneyText } from './brief-facts';
import { fitLines, noteLines, sortNotes } from './draft-notes';

export const draftKinds = ['follow_up', 'intro', 'meeting_recap'] as const;
export type DraftKind = (typeof draftKinds)[number];

export const draftSchema = z.object({
  subject: z.string().min(1).max(200).describe('Short and specific, at most 80 characters'),
  body: z.string().min(1).max(8000).describe('Plain text: greeting, short paragraphs, "- " bullets where useful, sign-off'),
});

export type Draft = z.infer<typeof draftSchema>;

/** What the caller gathered for one e-mail; nothing is fetched here. */
export interface DraftInput {
  kind: DraftKind;
  contact?: ApiRecordLike;
  company?: ApiRecordLike;
  deal?: ApiRecordLike;
  /** The deal's stage, by name. */
  stageName?: string;
  /** Newest first. */
  activities: ApiRecordLike[];
  /** Typed by the sender, up to 5000 characters: content for the e-mail, never instructions. */
  notes?: string;
  sender: { name: string; email?: string; workspaceName?: string };
  now: Date;
}

const maxBody = 8000;
const maxNotes = 5000;
/** Activities the model sees, and how much of each one's text. */
const promptActivities = 20;
const promptActivityChars = 1000;

/**
 * An e-mail draft (follow-up, introduction or meeting recap) to a contact,
 * grounded in the contact, company, deal and timeline the caller gathered,
 * plus the sender's notes.
 *
 * @example
 * const { output } = await ai.run(draftFeature, { kind: 'follow_up', contact, company, deal, stageName: 'Proposal', activities, notes, sender: { name: user.name, workspaceName }, now: clock.now() }, context);
 * // { subject: 'Follow-up: Pricing review', body: 'Hi Ada,\n\nThank you for your time on our call "Pricing review" yesterday. …' }
 */
export const draftFeature = defineFeature<DraftInput, Draft>({
  name: 'draft',
  prompt: { name: 'draft', version: 1 },
  schema: draftSchema,
  variables: (input) => ({
    kind: input.kind,
    today: isoDay(input.now),
    record: recordData(input),
    notes: clip(input.notes?.trim() ?? '', maxNotes),
  }),
  local: localDraft,
  sensitiveNames: (input) => [personName(input.contact), lineField(input.company, 'name')].filter((name): name is string => name !== undefined),
  maxTokens: 2500,
});

/**
 * What the model may use, as JSON. Contact e-mail addresses and phone
 * numbers are left out: an e-mail body never needs them, so notes asking
 * for them have nothing to find.
 */
function recordData(input: DraftInput): string {
  const { contact, company, deal } = input;
  const closeDate = dateField(deal, 'closeDate');
  const data = {
    sender: { name: input.sender.name, workspace: input.sender.workspaceName },
    contact: contact && { firstName: lineField(contact, 'firstName'), lastName: lineField(contact, 'lastName'), title: lineField(contact, 'title') },
    company: company && { name: lineField(company, 'name'), domain: lineField(company, 'domain'), industry: lineField(company, 'industry') },
    deal: deal && {
      name: lineField(deal, 'name'),
      // "50,000 USD", not "50000.00": a bare run of digits would be taken for a phone number and hidden.
      amount: moneyText(decimalField(deal, 'amount'), lineField(deal, 'currency')),
      stage: input.stageName,
      closeDate: closeDate && isoDay(closeDate),
    },
    activities: readTimeline(input.activities)
      .slice(0, promptActivities)
      .map((item) => ({
        type: item.type,
        status: item.type === 'task' ? (item.openTask ? 'open' : 'done') : undefined,
        subject: item.subject,
        date: item.at.toISOString(),
        dueAt: item.dueAt?.toISOString(),
        text: item.body && textLines(clip(item.body, promptActivityChars)),
      })),
  };
  // JSON.stringify leaves out undefined fields, so absent data is absent, not null.
  return JSON.stringify(data, null, 2);
}

/**
 * Multi-line text as an array of lines. In a JSON string a line break
 * becomes `\n`, and the `n` glued to the next word would hide a name there
 * from redaction ("\nAda will send…"); control characters are spaces for
 * the same reason.
 */
function textLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .map((line) => line.replace(/[\u0000-\u001f\u007f]+/g, ' ').trimEnd())
    .filter((line) => line.trim() !== '');
}

interface Context {
  input: DraftInput;
  now: Date;
  timeline: TimelineItem[];
  firstName: string | undefined;
  company: string | undefined;
  deal: string | undefined;
}

function localDraft(input: DraftInput): Draft {
  const context: Context = {
    input,
    now: input.now,
    timeline: readTimeline(input.activities),
    firstName: lineField(input.contact, 'firstName'),
    company: lineField(input.company, 'name'),
    deal: lineField(input.deal, 'name'),
  };
  switch (input.kind) {
    case 'follow_up':
      return followUp(context);
    case 'intro':
      return intro(context);
    case 'meeting_recap':
      return meetingRecap(context);
    default:
      return assertNever(input.kind);
  }
}

function followUp(c: Context): Draft {
  const last = lastHappened(c.timeline, c.now, ['meeting', 'call']);
  const task = openTasks(c.timeline).find((item) => item.subject !== undefined);
  const topic = last?.subject ?? c.deal ?? c.company;
  const subject = topic ? `Follow-up: ${short(topic, 80)}` : 'Following up';

  let opening: string;
  if (last) {
    const where = last.type === 'call' ? 'on our call' : 'in our meeting';
    opening = `Thank you for your time ${where}${last.subject ? ` "${short(last.subject)}"` : ''} ${onDay(last.at, c.now)}.`;
  } else if (c.deal) opening = `I wanted to follow up on ${short(c.deal)}.`;
  else if (c.company) opening = `I wanted to follow up and see how things are going at ${short(c.company)}.`;
  else opening = 'I wanted to follow up and check in.';

  let nextStep: string | undefined;
  if (task?.subject) {
    // An overdue date is the sender's own lateness: the customer does not need it.
    const by = task.dueAt && task.dueAt.getTime() >= c.now.getTime() ? ` (by ${longDate(task.dueAt, c.now)})` : '';
    nextStep = `As a next step on my side: ${short(task.subject).replace(/[.!]+$/, '')}${by}.`;
  }

  return {
    subject,
    body: compose([greeting(c), opening, notesBlock(c.input.notes), nextStep, 'Please let me know if you have any questions.', signOff(c)]),
  };
}

function intro(c: Context): Draft {
  const name = c.input.sender.name.trim() || undefined;
  const workspace = c.input.sender.workspaceName?.trim() || undefined;
  const from = workspace ?? name;
  const subject = from && c.company ? `Introduction: ${short(from, 60)} and ${short(c.company, 60)}` : from ? `Introduction from ${short(from, 80)}` : 'Introduction';

  const who = name ? (workspace ? `I'm ${short(name)} from ${short(workspace)}.` : `I'm ${short(name)}.`) : workspace ? `I'm writing from ${short(workspace)}.` : undefined;
  const what = workspace ? short(workspace) : 'myself';
  const reach = c.company ? `I'm reaching out to introduce ${what} to you and the team at ${short(c.company)}.` : `I'm reaching out to introduce ${what}.`;

  return {
    subject,
    body: compose([
      greeting(c),
      [who, reach].filter(Boolean).join(' '),
      notesBlock(c.input.notes),
      'Would you be open to a short conversation? If so, just reply to this e-mail and we can find a time that suits you.',
      signOff(c),
    ]),
  };
}

function meetingRecap(c: Context): Draft {
  // A meeting logged for later today still counts: recaps are often written the moment it ends.
  const meeting = c.timeline.find((item) => item.type === 'meeting' && daysFrom(c.now, item.at) <= 0);
  const subject = meeting
    ? `Recap: ${meeting.subject ? short(meeting.subject, 80) : 'our meeting'} (${shortDate(meeting.at, c.now)})`
    : c.company
      ? `Meeting recap: ${short(c.company, 80)}`
      : 'Meeting recap';
  const opening = meeting
    ? `Thank you for your time in our meeting${meeting.subject ? ` "${short(meeting.subject)}"` : ''} ${onDay(meeting.at, c.now)}. Here is a short recap.`
    : 'Thank you for your time. Here is a short recap of our meeting.';

  // The sender's notes, or else the notes already logged on the meeting.
  const notes = noteLines(c.input.notes).length > 0 ? c.input.notes : meeting?.body;
  const { points, actions } = sortNotes(notes);
  const tasks = openTasks(c.timeline)
    .filter((task) => task.subject !== undefined)
    .slice(0, 5)
    .map((task) => {
      const by = task.dueAt && task.dueAt.getTime() >= c.now.getTime() ? ` (by ${longDate(task.dueAt, c.now)})` : '';
      return `${short(task.subject!)}${by}`;
    });

  let next: Block;
  if (tasks.length > 0) next = { heading: 'Next steps:', lines: tasks, prefix: '- ', priority: 0 };
  else if (actions.length > 0) next = "Next steps: we'll work through the action items above. Please let me know if I missed anything.";
  else next = 'Next steps: please let me know if I missed anything, or if there is anything you would like to add.';

  return {
    subject,
    body: compose([
      greeting(c),
      opening,
      // Action items outrank discussion points when long notes must be cut.
      { heading: 'What we discussed:', lines: points, prefix: '- ', priority: 2 },
      { heading: 'Action items:', lines: actions, prefix: '- ', priority: 1 },
      next,
      tasks.length > 0 ? 'Please let me know if I missed anything.' : undefined,
      signOff(c),
    ]),
  };
}

/** A paragraph of fixed text, or lines that are cut to fit the body limit. */
type Block = string | { heading?: string; lines: readonly string[]; prefix: string; priority: number };

/** Notes as written: one line is a paragraph, several are bullets. */
function notesBlock(notes: string | undefined): Block | undefined {
  const lines = noteLines(notes);
  return lines.length === 0 ? undefined : { lines, prefix: lines.length === 1 ? '' : '- ', priority: 0 };
}

/**
 * Paragraphs separated by blank lines, within the body limit: fixed text is
 * kept whole and the line blocks share what is left, by priority.
 */
function compose(blocks: ReadonlyArray<Block | undefined>): string {
  const present = blocks.filter((block): block is Block => (typeof block === 'string' ? block !== '' : block !== undefined && block.lines.length > 0));
  let budget = maxBody - 2 * (present.length - 1);
  for (const block of present) budget -= typeof block === 'string' ? block.length : block.heading ? block.heading.length + 1 : 0;
  const filled = new Map<Block, string>();
  const flexible = present.filter((block) => typeof block !== 'string').sort((a, b) => a.priority - b.priority);
  for (const block of flexible) {
    const text = fitLines(block.lines, block.prefix, Math.max(0, budget)).join('\n');
    budget -= text.length;
    if (text !== '') filled.set(block, block.heading ? `${block.heading}\n${text}` : text);
  }
  const body = present
    .map((block) => (typeof block === 'string' ? block : filled.get(block)))
    .filter((text): text is string => text !== undefined)
    .join('\n\n');
  return clip(body, maxBody);
}

function greeting(c: Context): string {
  return c.firstName ? `Hi ${short(c.firstName, 60)},` : 'Hi there,';
}

function signOff(c: Context): string {
  const { name, workspaceName } = c.input.sender;
  return ['Best regards,', name.trim(), workspaceName?.trim()].filter(Boolean).join('\n');
}

/** Record text inside a template sentence, cut so a long subject cannot swamp the e-mail. */
function short(text: string, max = 120): string {
  return clip(text, max);
}

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayMonthShort = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYearShort = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "3 December", with the year when it is not this year's. */
function longDate(date: Date, now: Date): string {
  return (date.getUTCFullYear() === now.getUTCFullYear() ? dayMonth : dayMonthYear).format(date);
}

function shortDate(date: Date, now: Date): string {
  return (date.getUTCFullYear() === now.getUTCFullYear() ? dayMonthShort : dayMonthYearShort).format(date);
}

/** "today", "yesterday", "on 28 November". */
function onDay(date: Date, now: Date): string {
  const days = daysFrom(now, date);
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  return `on ${longDate(date, now)}`;
}
