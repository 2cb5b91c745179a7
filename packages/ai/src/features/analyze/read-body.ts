import type { NlpTools } from './nlp-tools';

export interface BodyToken {
  /** Offsets in the body. */
  start: number;
  end: number;
  /** As written. */
  text: string;
  /** wink's normal form: lower case, some spellings unified. */
  normal: string;
  lemma: string;
  /** wink's token type: `word`, `number`, `email`, `url`, `punctuation`, `tabCRLF`, `unk`, … */
  type: string;
  /** Universal part of speech: `NOUN`, `PROPN`, `ADJ`, … */
  pos: string;
  stopWord: boolean;
  sentence: number;
}

export interface BodySentence {
  start: number;
  end: number;
  /** As written in the body. */
  text: string;
  /** wink's sentiment, -1 to 1, negation applied ("not happy" is negative). */
  sentiment: number;
  /** Lower-case lemmas, what the intent classifier reads. */
  lemmas: string;
}

export interface ReadBody {
  tokens: BodyToken[];
  sentences: BodySentence[];
  /** wink's entities (`MONEY`, `DATE`, `EMAIL`, `URL`, …) with their offsets in the body. */
  entities: Array<{ type: string; start: number; text: string }>;
}

// Dots inside web addresses end sentences for wink ("acme." / "com/pricing"); a
// one-character stand-in keeps every offset while wink reads the body.
const webAddress = /(?<![\p{L}\p{N}@._-])(?:(?:https?:\/\/|www\.)[^\s<>"']+|(?:[\p{L}\p{N}-]+\.)+(?:com|org|net|io|co|ai|dev|app)\b(?![@.\p{L}\p{N}-])(?:\/[^\s<>"']*)?)/giu;

/**
 * Reads the body once with wink-nlp: tokens with parts of speech and lemmas,
 * sentences with their sentiment, and wink's entities, all placed by
 * character offset in the body (wink keeps every character, so its tokens
 * and their preceding spaces rebuild the text exactly).
 */
export function readBody({ wink, its }: Pick<NlpTools, 'wink' | 'its'>, body: string): ReadBody {
  const masked = body
    .replace(webAddress, (address) => address.replace(/\./g, '\u2024'))
    // wink tokenises a long unbroken run (base64, "a.a.a.…") recursively, in time that grows
    // much faster than its length; a space every 64 characters bounds it and moves no offset.
    .replace(/\S{200,}/g, breakRun);
  const doc = wink.readDoc(masked);
  const tokens = doc.tokens();
  const values = strings(tokens.out());
  const spaces = strings(tokens.out(its.precedingSpaces));
  const types = strings(tokens.out(its.type));
  const pos = strings(tokens.out(its.pos));
  const lemmas = strings(tokens.out(its.lemma));
  const normals = strings(tokens.out(its.normal));
  const stops = tokens.out(its.stopWordFlag) as unknown[];

  const starts: number[] = [];
  let at = 0;
  let aligned = true;
  values.forEach((value, index) => {
    at += spaces[index]?.length ?? 0;
    if (aligned && !masked.startsWith(value, at)) aligned = false;
    starts.push(at);
    at += value.length;
  });
  // Should wink ever alter the text, offsets would be wrong: fall back to its own sentence texts and skip its entities.
  const sentenceSpans = (doc.sentences().out(its.span) as unknown as Array<[number, number]>).filter((span) => Array.isArray(span));
  const sentiments = (doc.sentences().out(its.sentiment) as unknown[]).map(Number);
  const sentenceTexts = strings(doc.sentences().out());
  const sentenceOf = new Int32Array(values.length);
  const sentences: BodySentence[] = sentenceSpans.map(([first, last], index) => {
    for (let k = first; k <= last && k < values.length; k++) sentenceOf[k] = index;
    const start = aligned ? (starts[first] ?? 0) : 0;
    const end = aligned ? (starts[last] ?? 0) + (values[last]?.length ?? 0) : 0;
    const text = aligned ? body.slice(start, end) : (sentenceTexts[index] ?? '');
    const sentiment = sentiments[index] ?? 0;
    return { start, end, text, sentiment: Number.isFinite(sentiment) ? sentiment : 0, lemmas: lemmas.slice(first, last + 1).join(' ').toLowerCase() };
  });

  const entities: ReadBody['entities'] = [];
  if (aligned) {
    const spans = doc.entities().out(its.span) as unknown as Array<[number, number]>;
    const kinds = strings(doc.entities().out(its.type));
    spans.forEach(([first, last], index) => {
      const start = starts[first];
      const end = (starts[last] ?? -1) + (values[last]?.length ?? 0);
      if (start !== undefined && end > start) entities.push({ type: kinds[index] ?? '', start, text: body.slice(start, end) });
    });
  }

  return {
    tokens: values.map((value, index) => ({
      start: starts[index]!,
      end: starts[index]! + value.length,
      text: value,
      normal: normals[index] ?? value.toLowerCase(),
      lemma: (lemmas[index] ?? value).toLowerCase(),
      type: types[index] ?? 'unk',
      pos: pos[index] ?? 'X',
      stopWord: stops[index] === true,
      sentence: sentenceOf[index]!,
    })),
    sentences,
    entities,
  };
}

/** The run with every 64th character (never half of a surrogate pair) replaced by a space: same length, same offsets. */
function breakRun(run: string): string {
  let out = '';
  let since = 0;
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    since += 1;
    if (since >= 64 && (code < 0xd800 || code > 0xdfff)) {
      out += ' ';
      since = 0;
    } else out += run[i]!;
  }
  return out;
}

function strings(values: unknown[]): string[] {
  return values.map((value) => (typeof value === 'string' ? value : String(value)));
}
