import type { CountryCode } from 'libphonenumber-js';
import { maxEntities, type AnalysisEntity, type EntityType } from './analysis-schema';
import { findMoney, moneyValue } from './money';
import type { NlpTools } from './nlp-tools';

/** An entity wink-nlp found in the body, placed in the visible text. */
export interface PlacedEntity {
  /** wink's type: `MONEY`, `DATE`, `EMAIL`, `URL`, … */
  type: string;
  text: string;
  start: number;
}

export interface EntityInput {
  tools: NlpTools;
  /** The message without quoted history; offsets refer to it. */
  visible: string;
  wink: readonly PlacedEntity[];
  now: Date;
  defaultCountry: string;
  knownNames: readonly string[];
  /** Where the sign-off ("Best,") starts in `visible`, if there is one: the next line is usually the writer's name. */
  signatureStart?: number;
}

export interface FoundEntities {
  /** Each entity once, in order of first mention. */
  entities: AnalysisEntity[];
  /** Every mention kept, with its place in the visible text. */
  mentions: Array<{ type: EntityType; start: number; end: number }>;
}

interface Candidate {
  start: number;
  end: number;
  type: EntityType;
  text: string;
  value?: string;
  /** Which of two overlapping candidates wins: the more specific pattern. */
  rank: number;
}

const rank = { email: 7, url: 6, phone: 5, money: 4, date: 3, known: 2, signature: 1.5, nlp: 1 } as const;

/** Characters of the visible text handed to compromise, the slowest of the libraries (about 10 ms per KB). */
const maxNameScanChars = 6_000;
const maxKnownNames = 200;

/**
 * People, organisations, e-mail addresses, URLs, phone numbers, amounts and
 * dates in the message, each once, in the order they appear. Where two
 * findings overlap the more specific wins (an e-mail address over the
 * domain in it, a phone number over a date-like run of digits, a name the
 * CRM knows over what compromise guessed). Each library is asked
 * separately: one that fails costs only its own findings.
 */
export function findEntities(input: EntityInput): FoundEntities {
  const names = attempt(() => nlpNames(input));
  return select([
    ...attempt(() => emails(input)),
    ...attempt(() => urls(input)),
    ...attempt(() => phones(input)),
    ...attempt(() => money(input)),
    ...attempt(() => dates(input)),
    ...attempt(() => signatureName(input)),
    ...names,
    ...attempt(() => knownNames(input, names)),
  ]);
}

function attempt<T>(find: () => T[]): T[] {
  try {
    return find();
  } catch {
    return [];
  }
}

function select(candidates: Candidate[]): FoundEntities {
  const ordered = candidates
    .filter((candidate) => candidate.text.trim() !== '' && candidate.end > candidate.start)
    .sort((a, b) => b.rank - a.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Characters already claimed by a kept entity: linear in the text, however many candidates a hostile text yields.
  const taken = new Uint8Array(ordered.reduce((length, candidate) => Math.max(length, candidate.end), 0));
  const kept: Candidate[] = [];
  for (const candidate of ordered) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  kept.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const entities: AnalysisEntity[] = [];
  for (const candidate of kept) {
    const key = `${candidate.type}\u0000${candidate.value ?? candidate.text.toLowerCase().replace(/\s+/g, ' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entities.push({ type: candidate.type, text: candidate.text, ...(candidate.value === undefined ? {} : { value: candidate.value }) });
    if (entities.length === maxEntities) break;
  }
  return { entities, mentions: kept.map(({ type, start, end }) => ({ type, start, end })) };
}

function winkOf(input: EntityInput, type: string): PlacedEntity[] {
  return input.wink.filter((entity) => entity.type === type);
}

const emailPattern = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;

function emails(input: EntityInput): Candidate[] {
  const found = [...input.visible.matchAll(emailPattern)].map((match) => ({ start: match.index, text: match[0] }));
  return [...found, ...winkOf(input, 'EMAIL')].map(({ start, text }) => {
    const address = text.replace(/^mailto:/i, '');
    return { start, end: start + text.length, type: 'email', text, value: address.toLowerCase(), rank: rank.email };
  });
}

// Domains written without "www." or a scheme are recognised for these endings only: "it", "in", "us" or "no"
// would turn "done.In" (a missing space) into a web address.
const topLevelDomains = 'com|org|net|io|co|ai|dev|app|biz|info|uk|de|fr|eu|ca|au|nl|es|ch|se|dk|fi|ie|jp|br|mx|nz|sg';
const urlPattern = new RegExp(
  String.raw`(?<![\p{L}\p{N}@._-])(?:https?:\/\/[^\s<>"'\x60]{1,2000}|www\.[^\s<>"'\x60]{1,2000}|(?:[\p{L}\p{N}-]{1,63}\.)+(?:${topLevelDomains})(?:\/[^\s<>"'\x60]{0,2000})?(?![\p{L}\p{N}@-]))`,
  'giu',
);

function urls(input: EntityInput): Candidate[] {
  const found = [...input.visible.matchAll(urlPattern)].map((match) => ({ start: match.index, text: match[0] }));
  const candidates: Candidate[] = [];
  for (const { start, text: raw } of [...found, ...winkOf(input, 'URL')]) {
    const text = trimUrl(raw);
    // A bare domain is written in lower case after its last dot; "Thanks.Com" is two words.
    const host = text.split('/')[0]!;
    if (!/^(?:https?:\/\/|www\.)/i.test(text) && /[A-Z]/.test(host.slice(host.lastIndexOf('.')))) continue;
    const value = absoluteUrl(text);
    if (value !== undefined) candidates.push({ start, end: start + text.length, type: 'url', text, value, rank: rank.url });
  }
  return candidates;
}

/** Sentence punctuation after a URL is not part of it; nor is a closing bracket that was not opened in it. */
function trimUrl(raw: string): string {
  let text = raw.replace(/[.,;:!?'"”’>\]}*]+$/, '');
  while (text.endsWith(')') && (text.match(/\(/g) ?? []).length < (text.match(/\)/g) ?? []).length) text = text.slice(0, -1).replace(/[.,;:!?]+$/, '');
  return text;
}

function absoluteUrl(text: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** Lines with fewer digits cannot hold a phone number, and skipping them keeps long text cheap. */
const phoneDigits = /(?:\d\D{0,3}){7}/;
/**
 * Characters of digit-bearing lines searched for phone numbers. libphonenumber
 * tries every run of digits, which costs about 0.2 ms per candidate: a table
 * of figures must not cost seconds. Contact lines are short and come early
 * or in the signature.
 */
const maxPhoneScanChars = 8_000;

function phones(input: EntityInput): Candidate[] {
  const country = input.defaultCountry.toUpperCase();
  const defaultCountry: CountryCode = input.tools.isSupportedCountry(country) ? country : 'US';
  const candidates: Candidate[] = [];
  let offset = 0;
  let budget = maxPhoneScanChars;
  for (const whole of input.visible.split('\n')) {
    const line = whole.slice(0, budget);
    if (budget > 0 && phoneDigits.test(line)) {
      budget -= line.length;
      for (const found of input.tools.findPhoneNumbersInText(line, { defaultCountry })) {
        const text = line.slice(found.startsAt, found.endsAt);
        candidates.push({ start: offset + found.startsAt, end: offset + found.endsAt, type: 'phone', text, value: found.number.number, rank: rank.phone });
      }
    }
    offset += whole.length + 1;
  }
  return candidates;
}

function money(input: EntityInput): Candidate[] {
  const found: Candidate[] = findMoney(input.visible).map((match) => ({ ...match, type: 'money', rank: rank.money }));
  for (const entity of winkOf(input, 'MONEY')) {
    const value = moneyValue(entity.text);
    found.push({ start: entity.start, end: entity.start + entity.text.length, type: 'money', text: entity.text, ...(value === undefined ? {} : { value }), rank: rank.money });
  }
  return found;
}

/** Short lower-case words chrono reads as dates: "sat", "may", "sun", "mar", "now". */
const notADate = /^(?:[a-z]{1,3}|now|second)$/;
const casualDay = /\b(?:today|tonight|tomorrow|yesterday)\b/i;
const vaguePeriod = /^(?:this|next|last|the following|coming)\s+(?:week|month|year|quarter)$/i;

function dates(input: EntityInput): Candidate[] {
  const results = input.tools.chrono.parse(input.visible, { instant: input.now, timezone: 0 }, { forwardDate: true });
  const found: Candidate[] = [];
  for (const result of results) {
    const { start, text } = result;
    const tags = result.tags();
    // "for two weeks" is a duration, "in 5 minutes" a time: neither names a day.
    if (notADate.test(text) || /^for\b/i.test(text) || tags.has('result/relativeDateAndTime')) continue;
    const knowsDay = start.isCertain('day') || start.isCertain('weekday') || casualDay.test(text) || tags.has('result/relativeDate');
    if (!knowsDay && !start.isCertain('month') && !start.isCertain('year')) continue;
    const value = knowsDay && !vaguePeriod.test(text.trim()) ? isoDate(start.get('year'), start.get('month'), start.get('day')) : undefined;
    // chrono may take in the "on" before a date and the comma after it.
    const lead = /^on\s+/i.exec(text)?.[0].length ?? 0;
    const written = text.slice(lead).replace(/[\s,.;:!?]+$/, '');
    if (written === '') continue;
    const at = result.index + lead;
    found.push({ start: at, end: at + written.length, type: 'date', text: written, ...(value === undefined ? {} : { value }), rank: rank.date });
  }
  for (const entity of winkOf(input, 'DATE')) {
    if (/[\p{L}\p{N}]/u.test(entity.text) && entity.text.length <= 40 && !notADate.test(entity.text)) {
      found.push({ start: entity.start, end: entity.start + entity.text.length, type: 'date', text: entity.text, rank: rank.date - 0.5 });
    }
  }
  return found;
}

function isoDate(year: number | null, month: number | null, day: number | null): string | undefined {
  if (year === null || month === null || day === null || year < 1000 || year > 9999) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const notAName = new Set(['hi', 'hello', 'hey', 'dear', 'thanks', 'thank', 'best', 'regards', 'cheers', 'sincerely', 'team', 'all', 'everyone', 'sir', 'madam', 'mr', 'mrs', 'ms', 'dr']);
const abbreviation = /\b(?:inc|ltd|co|corp|jr|sr|st|bros|llc|plc)\.$/i;

/** People and organisations compromise recognises, in the first part of the message. */
function nlpNames(input: EntityInput): Candidate[] {
  let text = input.visible;
  if (text.length > maxNameScanChars) {
    const cut = text.lastIndexOf('\n', maxNameScanChars);
    text = text.slice(0, cut > maxNameScanChars / 2 ? cut : maxNameScanChars);
  }
  const doc = input.tools.compromise(text);
  const found: Candidate[] = [];
  const add = (rows: unknown, type: 'person' | 'organization'): void => {
    for (const row of rows as CompromiseMatch[]) {
      const offset = row.offset;
      if (!offset) continue;
      const name = tidyName(text.slice(offset.start, offset.start + offset.length));
      if (!name) continue;
      const start = offset.start + name.lead;
      found.push({ start, end: start + name.text.length, type, text: name.text, rank: rank.nlp });
    }
  };
  add(doc.people().json(offsetsOnly), 'person');
  add(doc.organizations().json(offsetsOnly), 'organization');
  return found;
}

// `terms: false` (left out of compromise's types) skips building every word's tags: a third of the cost.
const offsetsOnly = { offset: true, terms: false } as { offset: boolean };

interface CompromiseMatch {
  offset?: { start: number; length: number };
}

/** A name without the punctuation, possessive or line break compromise may include; undefined when it is not a name. */
function tidyName(raw: string): { text: string; lead: number } | undefined {
  const firstLine = raw.split('\n')[0]!;
  const lead = firstLine.length - firstLine.trimStart().length;
  let text = firstLine.trim().replace(/^[("'“‘[]+/, '');
  const opened = firstLine.trim().length - text.length;
  text = text.replace(/['’]s$/i, '').replace(/[,;:!?"'”’)\]]+$/, '');
  if (text.endsWith('.') && !abbreviation.test(text)) text = text.slice(0, -1);
  if (text.length < 2 || text.length > 80 || !/^\p{Lu}/u.test(text) || /[\d@/]/.test(text)) return undefined;
  if (notAName.has(text.toLowerCase())) return undefined;
  return { text, lead: lead + opened };
}

const nameLine = /^\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){1,3}$/u;

/** The line after the sign-off, when it reads as a name ("Best,\nPriya Patel"): compromise misses names it has no lexicon entry for. */
function signatureName(input: EntityInput): Candidate[] {
  if (input.signatureStart === undefined) return [];
  const lines = input.visible.slice(input.signatureStart).split('\n');
  let offset = input.signatureStart + lines[0]!.length + 1;
  for (const line of lines.slice(1, 3)) {
    const name = line.trim();
    if (name !== '') {
      if (!nameLine.test(name) || organizationSuffix.test(name) || name.split(/\s+/).some((word) => notAName.has(word.toLowerCase()))) return [];
      const start = offset + line.indexOf(name);
      return [{ start, end: start + name.length, type: 'person', text: name, rank: rank.signature }];
    }
    offset += line.length + 1;
  }
  return [];
}

const organizationSuffix =
  /\b(?:inc|corp|corporation|co|company|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|bv|nv|pty|group|holdings|labs|technologies|technology|systems|solutions|software|partners|bank|university|capital|ventures|consulting|studios?|agency|media|foundation|industries|enterprises)\.?$/i;

/** Names the CRM knows (contacts, companies), found case-insensitively on word boundaries. */
function knownNames(input: EntityInput, nlpFound: readonly Candidate[]): Candidate[] {
  const names = [...new Set(input.knownNames.map((name) => (typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '')))]
    .filter((name) => name.length >= 2 && name.length <= 100)
    .slice(0, maxKnownNames);
  const found: Candidate[] = [];
  for (const name of names) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(name).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'giu');
    let type: EntityType | undefined;
    for (const match of input.visible.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const overlapping = nlpFound.find((other) => start < other.end && other.start < end);
      type ??= kindOfName(input, name, overlapping?.type);
      // "Globex" known, "Globex Corporation" written: the fuller name as written, still counted as known.
      const wider = overlapping && overlapping.type === type && overlapping.start <= start && overlapping.end >= end ? overlapping : undefined;
      found.push(wider ? { ...wider, rank: rank.known } : { start, end, type, text: match[0], rank: rank.known });
    }
  }
  return found;
}

function kindOfName(input: EntityInput, name: string, overlapping: EntityType | undefined): EntityType {
  if (organizationSuffix.test(name)) return 'organization';
  if (overlapping === 'person' || overlapping === 'organization') return overlapping;
  const doc = input.tools.compromise(name);
  if (doc.has('#Organization')) return 'organization';
  if (doc.has('#Person')) return 'person';
  return name.includes(' ') ? 'person' : 'organization';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
