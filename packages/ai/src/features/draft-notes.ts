/**
 * The sender's notes, as content for an offline draft. Notes are user text:
 * they are split into lines and sorted into points and action items by
 * their form alone, never read as instructions.
 */

import { clip } from './brief-records';

export interface NoteItems {
  /** What was discussed, in the order written. */
  points: string[];
  /** Lines marked as something to do: "TODO", "AI:", "- [ ]", or saying someone "will". */
  actions: string[];
}

const bullet = /^(?:[-*•‣◦+]|\d{1,3}[.)])\s+/u;
const openCheckbox = /^(?:[-*•+]\s*)?\[\s\]\s*/u;
const doneCheckbox = /^(?:[-*•+]\s*)?\[[xX]\]\s*/u;
const todo = /^TODO\b[\s:.-]*/i;
const actionLabel = /^AI\s*:\s*/i;
const will = /\bwill\b/i;

/** The non-empty lines of the notes, bullet markers removed. */
export function noteLines(notes: string | undefined): string[] {
  if (notes === undefined) return [];
  return notes
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .map((line) => line.replace(bullet, ''))
    .filter((line) => line !== '');
}

/**
 * Points and action items. A marker ("TODO:", "AI:", "- [ ]") is removed
 * from the item; a line saying someone "will" do something is kept whole.
 *
 * @example
 * sortNotes('- Budget approved\nTODO: send the security questionnaire\nAda will share the SSO requirements');
 * // { points: ['Budget approved'], actions: ['Send the security questionnaire', 'Ada will share the SSO requirements'] }
 */
export function sortNotes(notes: string | undefined): NoteItems {
  const items: NoteItems = { points: [], actions: [] };
  for (const line of noteLines(notes)) {
    const marked = [openCheckbox, todo, actionLabel].find((marker) => marker.test(line));
    if (marked) {
      const rest = line.replace(marked, '').trim();
      // "TODO" or "[ ]" alone says nothing to do.
      if (rest !== '') items.actions.push(capitalise(rest));
    } else if (doneCheckbox.test(line)) {
      const rest = line.replace(doneCheckbox, '').trim();
      if (rest !== '') items.points.push(`${capitalise(rest)} (done)`);
    } else if (will.test(line)) items.actions.push(line);
    else items.points.push(line);
  }
  return items;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * As many lines as fit in `budget` characters, each with its prefix and a
 * line break. A line that does not fit is cut with an ellipsis when there
 * is room for a useful part of it; otherwise a last line says some were
 * left out, so the sender sees the draft is shorter than the notes.
 */
export function fitLines(lines: readonly string[], prefix: string, budget: number): string[] {
  const out: string[] = [];
  const omitted = `${prefix}[…]`;
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const text = `${prefix}${line}`;
    const room = budget - used - 1;
    const reserve = index === lines.length - 1 ? 0 : omitted.length + 1;
    if (text.length <= room - reserve) {
      out.push(text);
      used += text.length + 1;
      continue;
    }
    if (room >= prefix.length + 80) out.push(clip(text, room));
    else if (omitted.length <= room) out.push(omitted);
    return out;
  }
  return out;
}
