import { capitaliseWord, cleanLine, hasLetter, stripDiacritics } from '../internal/text';

export interface PersonName {
  prefix?: string;
  first?: string;
  middle?: string;
  last?: string;
  suffix?: string;
  nickname?: string;
  /** The parts joined back for display: "Dr. Ada M. Lovelace Jr.". */
  full: string;
}

export type NameInvalidReason = 'empty' | 'too_long' | 'no_letters' | 'looks_like_email' | 'contains_digits';

export type NormalisedName = { valid: true; value: PersonName; input: string } | { valid: false; reason: NameInvalidReason; input: string };

const maxNameLength = 300;

/** Honorifics before a name, keyed without dots and in lower case, with the form we write. */
const prefixes: Record<string, string> = {
  mr: 'Mr.', mrs: 'Mrs.', ms: 'Ms.', miss: 'Miss', mx: 'Mx.', dr: 'Dr.', prof: 'Prof.', professor: 'Prof.', sir: 'Sir', dame: 'Dame',
  lord: 'Lord', lady: 'Lady', rev: 'Rev.', revd: 'Revd', fr: 'Fr.', hon: 'Hon.', capt: 'Capt.', col: 'Col.', gen: 'Gen.', sgt: 'Sgt.',
  herr: 'Herr', frau: 'Frau', mme: 'Mme', mlle: 'Mlle', sra: 'Sra.', srta: 'Srta.', dott: 'Dott.', dottssa: 'Dott.ssa', ing: 'Ing.',
  mag: 'Mag.', dipl: 'Dipl.', rabbi: 'Rabbi', imam: 'Imam', sheikh: 'Sheikh',
};

/** Generational and professional suffixes, keyed without dots and in lower case. */
const suffixes: Record<string, string> = {
  jr: 'Jr.', sr: 'Sr.', ii: 'II', iii: 'III', iv: 'IV', v: 'V', vi: 'VI', phd: 'PhD', md: 'MD', dds: 'DDS', dmd: 'DMD', dvm: 'DVM',
  esq: 'Esq.', cpa: 'CPA', mba: 'MBA', jd: 'JD', rn: 'RN', pe: 'PE', cfa: 'CFA', obe: 'OBE', mbe: 'MBE', cbe: 'CBE', kbe: 'KBE',
  frs: 'FRS', qc: 'QC', kc: 'KC', msc: 'MSc', bsc: 'BSc', ma: 'MA', ba: 'BA', llm: 'LLM', dphil: 'DPhil', pmp: 'PMP', cissp: 'CISSP',
};

/** Words that belong to the surname that follows them ("van der Berg", "de la Cruz", "bin Salman"). */
const particles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'dei', 'degli', 'di', 'da', 'das', 'do', 'dos', 'du', 'la', 'le', 'les', 'ten', 'ter', 'te', 'zu', 'zum', 'zur', 'bin', 'binti', 'bint', 'ibn', 'al', 'el', 'af', 'av', 'y', "d'", "dell'"]);

/** Surnames after "Mac" that are written MacX; elsewhere "Mac" is just a word start (Mack, Macy, Machado). */
const macNames = /^mac(donald|leod|arthur|kenzie|gregor|millan|neil|intyre|aulay|lean|kay|pherson|kinnon|innes|rae|farlane|dougall|lachlan|iver|queen|kinley|bride|allister|ewan|kenna|cormack|donnell|gowan|laren|nab|naughton)$/;

const keyOf = (word: string): string => stripDiacritics(word).toLowerCase().replace(/\./g, '');

/** "o'brien" → "O'Brien", "smith-jones" → "Smith-Jones", "mcdonald" → "McDonald", "j.r.r." → "J.R.R.". */
function capitaliseNamePart(word: string): string {
  if (/^(\p{L}\.)+\p{L}?$/u.test(word)) return word.toUpperCase();
  return word
    .split(/([-'’])/)
    .map((piece, i, all) => {
      if (piece === '-' || piece === "'" || piece === '’') return piece;
      const previous = all[i - 1];
      const lower = piece.toLowerCase();
      // "d'Angelo" keeps a lower-case elision only when written so; "O'Brien" always capitalises after the apostrophe.
      if (previous === undefined && (lower === 'd' || lower === 'l') && (all[i + 1] === "'" || all[i + 1] === '’') && all.length > 2) return capitaliseWord(lower);
      if (/^mc\p{L}+/u.test(lower)) return `Mc${capitaliseWord(lower.slice(2))}`;
      if (macNames.test(lower)) return `Mac${capitaliseWord(lower.slice(3))}`;
      return capitaliseWord(lower);
    })
    .join('');
}

/**
 * A token is cased deliberately when it mixes cases without runs of capitals
 * ("DeShawn", "McDonald", "d'Alembert"); "o'BRIEN" or "MacDONALD" are
 * caps-lock accidents and get re-cased.
 */
function isDeliberatelyCased(word: string): boolean {
  return word !== word.toLowerCase() && word !== word.toUpperCase() && !/\p{Lu}{2,}/u.test(word);
}

function caseToken(word: string, role: 'name' | 'particle'): string {
  if (!hasLetter(word) || isDeliberatelyCased(word)) return word;
  // Inside a surname a particle is lower case ("van der Berg") unless typed "Van" on purpose.
  if (role === 'particle') return word.toLowerCase();
  return capitaliseNamePart(word);
}

function splitTokens(text: string): string[] {
  return text
    .split(' ')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t !== '.');
}

/**
 * Splits a full name into prefix/first/middle/last/suffix and capitalises it
 * sensibly: "Last, First", honorifics and suffixes, surname particles
 * (van der, de la, bin), Mc/Mac, O', hyphenated names, shouted or
 * lower-case input. Tokens already typed in mixed case ("DeShawn", "LeBron")
 * are kept as typed.
 *
 * @example
 * normaliseName('Dr. ada m. LOVELACE jr.');
 * // { valid: true, value: { prefix: 'Dr.', first: 'Ada', middle: 'M.', last: 'Lovelace', suffix: 'Jr.', full: 'Dr. Ada M. Lovelace Jr.' } }
 * normaliseName('VAN DER BERG, JAN'); // first 'Jan', last 'van der Berg'
 */
export function normaliseName(input: string): NormalisedName {
  let text = cleanLine(typeof input === 'string' ? input : '');
  if (text === '') return { valid: false, reason: 'empty', input: text };
  if (text.length > maxNameLength) return { valid: false, reason: 'too_long', input: text.slice(0, maxNameLength) };
  if (/\S@\S/.test(text)) return { valid: false, reason: 'looks_like_email', input: text };
  if (!hasLetter(text)) return { valid: false, reason: 'no_letters', input: text };
  if (/\p{Nd}/u.test(text)) return { valid: false, reason: 'contains_digits', input: text };

  const original = text;
  let nickname: string | undefined;
  // 'William "Bill" Gates', 'Robert (Bob) Smith': a nickname, kept apart.
  text = text.replace(/\s*(?:"([^"]+)"|“([^”]+)”|\(([^)]+)\))\s*/u, (_m, a?: string, b?: string, c?: string) => {
    nickname = cleanLine(a ?? b ?? c ?? '');
    return ' ';
  });
  text = cleanLine(text.replace(/^[\s,;'"]+|[\s,;'"]+$/g, ''));
  if (!hasLetter(text)) return { valid: false, reason: 'no_letters', input: original };

  // Comma forms: "Lovelace, Ada M." (last first) or "Ada Lovelace, PhD" / "King, Jr." (suffixes).
  let suffixTokens: string[] = [];
  let lastFirst: { last: string[]; rest: string[] } | undefined;
  const commaParts = text.split(',').map((p) => p.trim()).filter(Boolean);
  while (commaParts.length > 1 && splitTokens(commaParts[commaParts.length - 1] ?? '').every((t) => keyOf(t) in suffixes)) {
    suffixTokens = [...splitTokens(commaParts.pop() ?? ''), ...suffixTokens];
  }
  if (commaParts.length >= 2) lastFirst = { last: splitTokens(commaParts[0] ?? ''), rest: splitTokens(commaParts.slice(1).join(' ')) };

  let tokens = lastFirst ? lastFirst.rest : splitTokens(commaParts.join(' '));
  const prefixTokens: string[] = [];
  while (tokens.length > 1 && keyOf(tokens[0] ?? '') in prefixes) prefixTokens.push(tokens.shift() ?? '');
  // A trailing suffix needs something before it that can be a surname ("Ada Lovelace Jr", not "Jr").
  while (tokens.length > (lastFirst ? 1 : 2) && keyOf(tokens[tokens.length - 1] ?? '') in suffixes) suffixTokens.unshift(tokens.pop() ?? '');
  // "V" is both a suffix and an initial: only a suffix after at least first + last.
  let lastTokens: string[];
  if (lastFirst) {
    lastTokens = lastFirst.last;
  } else if (tokens.length <= 1) {
    lastTokens = [];
  } else {
    let start = tokens.length - 1;
    while (start > 1 && particles.has(keyOf(tokens[start - 1] ?? ''))) start -= 1;
    lastTokens = tokens.slice(start);
    tokens = tokens.slice(0, start);
  }
  const [firstToken, ...middleTokens] = tokens;

  const caseName = (t: string): string => caseToken(t, 'name');
  const caseLast = (parts: string[]): string => parts.map((t, i) => (i < parts.length - 1 && particles.has(keyOf(t)) ? caseToken(t, 'particle') : caseName(t))).join(' ');

  const value: PersonName = { full: '' };
  if (prefixTokens.length > 0) value.prefix = prefixTokens.map((t) => prefixes[keyOf(t)] ?? t).join(' ');
  if (firstToken) value.first = caseName(firstToken);
  if (middleTokens.length > 0) value.middle = middleTokens.map((t) => (/^\p{L}$/u.test(t) ? `${t.toUpperCase()}.` : caseName(t))).join(' ');
  if (lastTokens.length > 0) value.last = caseLast(lastTokens);
  if (suffixTokens.length > 0) value.suffix = suffixTokens.map((t) => suffixes[keyOf(t)] ?? t).join(' ');
  if (nickname && hasLetter(nickname)) value.nickname = splitTokens(nickname).map(caseName).join(' ');
  if (!value.first && !value.last) return { valid: false, reason: 'no_letters', input: original };
  value.full = [value.prefix, value.first, value.middle, value.last, value.suffix].filter(Boolean).join(' ');
  return { valid: true, value, input: original };
}

/**
 * Capitalises one name field typed on its own (a first or last name column),
 * without splitting it.
 *
 * @example
 * capitaliseNameField("o'BRIEN");      // "O'Brien"
 * capitaliseNameField('van der berg'); // "van der Berg"
 */
export function capitaliseNameField(input: string): string {
  const tokens = splitTokens(cleanLine(typeof input === 'string' ? input : '').slice(0, maxNameLength));
  return tokens.map((t, i) => (i < tokens.length - 1 && particles.has(keyOf(t)) ? caseToken(t, 'particle') : caseToken(t, 'name'))).join(' ');
}
