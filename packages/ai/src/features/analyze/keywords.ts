import { maxKeywords } from './analysis-schema';
import type { BodyToken } from './read-body';

/** Nouns every e-mail has; a salesperson never searches for them. */
const genericNouns = new Set(
  (
    'hi hello hey thanks thank regards cheers email e-mail mail message note thing things lot lots bit way today tomorrow yesterday tonight ' +
    'week weeks month months year years day days morning afternoon evening time times pm am question questions anything something everything ' +
    'nothing someone anyone everyone etc re fw fwd please sir madam mr mrs ms dr hope chance moment kind sort part couple end start look ' +
    'news work help info details stuff monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
    'i you we they he she it guys folks team all'
  ).split(' '),
);

/** Adjectives that add nothing in front of a noun ("great demo" is the demo). */
const weakAdjectives = new Set(
  (
    'good great quick other same next last few many much more most sure happy glad possible available able certain own such whole nice best better ' +
    'real various several different latest recent current previous little big old early late short long further additional specific particular ' +
    'exact first second following main initial interested excited busy wonderful fantastic amazing lovely awesome brief'
  ).split(' '),
);

const nounTags = new Set(['NOUN', 'PROPN']);
const phraseTags = new Set(['NOUN', 'PROPN', 'ADJ']);
// Letters and inner hyphens: contractions ("I'm") and symbols are never keywords.
const wordShape = /^\p{L}[\p{L}\p{M}]*(?:-[\p{L}\p{M}]+)*$/u;
const maxPhraseWords = 3;

/**
 * The noun phrases a salesperson would search for ("enterprise plan",
 * "contract", "salesforce"), most salient first: runs of adjectives and
 * nouns ending in a noun, counted by lemma so "contracts" and "contract"
 * are one, longer phrases weighing more. Lower-case, without stop words,
 * duplicates or words inside `excluded` spans (people, addresses, amounts,
 * dates); words of other scripts stand in when wink finds no English nouns.
 *
 * @example
 * extractKeywords(readBody(tools, 'The data export misses custom fields.').tokens, () => false); // ['data export', 'custom fields']
 */
export function extractKeywords(tokens: readonly BodyToken[], excluded: (start: number, end: number) => boolean): string[] {
  const phrases = new Map<string, { text: string; words: string[]; count: number; first: number }>();
  let run: BodyToken[] = [];
  const flush = (): void => {
    const phrase = trimPhrase(run);
    run = [];
    if (phrase.length === 0) return;
    const key = phrase.map((token) => token.lemma).join(' ');
    const found = phrases.get(key);
    if (found) found.count += 1;
    else phrases.set(key, { text: phrase.map((token) => token.text.toLowerCase()).join(' '), words: phrase.map((token) => token.lemma), count: 1, first: phrase[0]!.start });
  };
  for (const token of tokens) {
    const usable =
      token.type === 'word' &&
      phraseTags.has(token.pos) &&
      !token.stopWord &&
      token.normal.length >= 2 &&
      wordShape.test(token.text) &&
      !genericNouns.has(token.normal) &&
      !genericNouns.has(token.lemma) &&
      !excluded(token.start, token.end);
    if (usable && (run.length === 0 || run.at(-1)!.sentence === token.sentence)) run.push(token);
    else {
      flush();
      if (usable) run.push(token);
    }
  }
  flush();

  const ranked = [...phrases.values()].sort((a, b) => score(b) - score(a) || a.first - b.first);
  const chosen: Array<{ text: string; words: string[] }> = [];
  for (const phrase of ranked) {
    if (chosen.length === maxKeywords) break;
    // "plan" adds nothing once "enterprise plan" is in.
    if (chosen.some((other) => phrase.words.every((word) => other.words.includes(word)))) continue;
    chosen.push(phrase);
  }
  const keywords = chosen.map((phrase) => phrase.text.toLowerCase());
  return keywords.length > 0 ? keywords : otherScriptWords(tokens, excluded);
}

function score(phrase: { words: string[]; count: number }): number {
  return phrase.count * (1 + 0.5 * (phrase.words.length - 1));
}

/** The run without weak leading adjectives and trailing adjectives, ending in a noun; at most three words. */
function trimPhrase(run: readonly BodyToken[]): BodyToken[] {
  let start = 0;
  let end = run.length;
  while (end > start && !nounTags.has(run[end - 1]!.pos)) end -= 1;
  while (start < end && weakAdjectives.has(run[start]!.normal)) start += 1;
  return run.slice(Math.max(start, end - maxPhraseWords), end);
}

/** For text wink has no English model of (Chinese, Arabic, Cyrillic): its most frequent words. */
function otherScriptWords(tokens: readonly BodyToken[], excluded: (start: number, end: number) => boolean): string[] {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.type !== 'unk' && token.pos !== 'X') continue;
    const word = token.text.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '').toLowerCase();
    // Two letters make a word in Chinese or Japanese; elsewhere they are mostly particles ("на", "في").
    const shortest = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u.test(word) ? 2 : 3;
    if (word.length < shortest || word.length > 24 || !/^\p{L}[\p{L}\p{M}'’-]*$/u.test(word) || excluded(token.start, token.end)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([word]) => word);
}
