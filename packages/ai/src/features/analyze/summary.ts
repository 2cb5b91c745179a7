import { maxSummaryLength } from './analysis-schema';
import { isBoilerplate } from './message-text';
import type { BodySentence } from './read-body';

export const emptySummary = 'Empty message.';

const greeting = /^(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening))\b[^.!?]{0,40}[,!.:]?$/i;
// Quoted lines, reply headers and subject lines ("Re: Proposal", "Automatic reply: …").
const noise = /^(?:>|on\b.{0,300}\bwrote:$|(?:from|sent|to|cc|subject|date|re|fwd?|aw|automatic reply|auto-reply)\s*:)/i;
const closing = /^(?:(?:many |kind |best |warm )?(?:thanks|thank you|regards|cheers|best)\b[^.!?]{0,30}[.!]?|looking forward\b.*|have a (?:great|good|nice) (?:day|week|weekend)\b.*)$/i;

/**
 * One line that says what the message is about: of the sentences that carry
 * its intent (`evidence`) if any, else of all, the one with most of the
 * message's keywords, preferring earlier ones. Greetings, sign-offs, quoted
 * lines, subject lines and footers never qualify while anything else does.
 * Whitespace is collapsed and a long sentence is cut at a word boundary
 * with "…".
 *
 * @example
 * summarise([{ text: 'Hi Sam,' }, { text: 'Could you send pricing for 50 seats?' }], ['pricing', 'seat']); // 'Could you send pricing for 50 seats?'
 */
export function summarise(sentences: ReadonlyArray<Pick<BodySentence, 'text'>>, keywords: readonly string[], evidence: readonly number[] = []): string {
  const lines = sentences.map((sentence) => collapse(sentence.text));
  const carriers = evidence.filter((index) => qualifies(lines[index] ?? ''));
  const candidates = carriers.length > 0 ? carriers : lines.map((_line, index) => index).filter((index) => qualifies(lines[index]!));
  const words = new Set(keywords.flatMap((keyword) => keyword.split(' ')));
  let best: { line: string; score: number } | undefined;
  for (const index of candidates) {
    const line = lines[index]!;
    const tokens = line.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? [];
    const hits = tokens.filter((token) => words.has(token) || words.has(token.replace(/s$/, ''))).length;
    const length = tokens.length < 4 ? 0.5 : tokens.length > 60 ? 0.7 : 1;
    const score = ((hits + 1) * length) / (1 + 0.15 * index);
    if (!best || score > best.score) best = { line, score };
  }
  const chosen = best?.line ?? lines.find((line) => line !== '') ?? '';
  return chosen === '' ? emptySummary : fit(chosen);
}

function qualifies(line: string): boolean {
  return /[\p{L}\p{N}]/u.test(line) && !greeting.test(line) && !noise.test(line) && !closing.test(line) && !isBoilerplate(line);
}

/** One line, without list bullets, starting with a capital where the greeting before it was cut off ("Hi Tom, let's…"). */
function collapse(text: string): string {
  const line = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[-*•·]\s+)+/, '');
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** At most {@link maxSummaryLength} characters, cut at a word boundary when there is one, never inside a surrogate pair. */
export function fit(line: string): string {
  const text = collapse(line);
  if (text.length <= maxSummaryLength) return text === '' ? emptySummary : text;
  const room = text.slice(0, maxSummaryLength - 1);
  const boundary = room.lastIndexOf(' ');
  const cut = boundary >= maxSummaryLength / 2 ? room.slice(0, boundary) : room;
  return `${cut.replace(/[\uD800-\uDBFF]$/, '').replace(/[\s,;:.!?-]+$/, '')}…`;
}
