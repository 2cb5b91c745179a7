/** Words that qualify a column without changing what it holds: "Work Email 2" holds an email. */
const qualifiers = new Set([
  'primary',
  'secondary',
  'main',
  'other',
  'work',
  'business',
  'office',
  'home',
  'personal',
  'private',
  'alternate',
  'alternative',
  'additional',
  'preferred',
  'default',
  'value',
  'mailing',
  'billing',
  'shipping',
  'current',
  'the',
  'of',
]);

/** Words naming the record itself: in a contacts file, "Contact First Name" is the first name. */
const contextWords: Record<string, readonly string[]> = {
  contacts: ['contact', 'contacts', 'person', 'people', 'lead', 'customer', 'client', 'member', 'individual'],
  companies: ['company', 'companies', 'organization', 'organisation', 'org', 'account', 'business'],
  deals: ['deal', 'deals', 'opportunity', 'opp'],
  activities: ['activity', 'activities', 'task', 'event', 'engagement'],
};

export interface NormalisedText {
  tokens: string[];
  /** Tokens joined without spaces: "E-mail", "Email" and "e_mail" all read "email". */
  compact: string;
}

export interface NormalisedHeader extends NormalisedText {
  /** Without qualifiers, numbers and words naming the record. */
  core: NormalisedText;
}

/** Lower case, accents dropped, camelCase and punctuation split into words. */
export function normaliseText(text: string): NormalisedText {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const tokens = words === '' ? [] : words.split(' ');
  return { tokens, compact: tokens.join('') };
}

export function normaliseHeader(header: string, object: string): NormalisedHeader {
  const text = normaliseText(header);
  const context = new Set(contextWords[object] ?? []);
  const coreTokens = text.tokens.filter((t) => !qualifiers.has(t) && !context.has(t) && !/^\d+$/.test(t));
  return { ...text, core: { tokens: coreTokens, compact: coreTokens.join('') } };
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("emial"). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (twoBack[j - 2] ?? 0) + 1);
      current[j] = value;
    }
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length] ?? 0;
}

/** 1 for equal strings, falling with each edit; short words get no typo tolerance ("state" is not "stage"). */
export function typoSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) < 6) return 0;
  return 1 - editDistance(a, b) / Math.max(a.length, b.length);
}

/** Two words mean the same: equal, a typo apart, or an abbreviation ("addr" for "address"). */
function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short) && short.length / long.length >= 0.5) return true;
  return typoSimilarity(a, b) >= 0.8;
}

/** Dice coefficient over words, where words match loosely. */
function tokenDice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const unused = [...b];
  let matched = 0;
  for (const token of a) {
    const index = unused.findIndex((other) => tokensMatch(token, other));
    if (index >= 0) {
      matched++;
      unused.splice(index, 1);
    }
  }
  return (2 * matched) / (a.length + b.length);
}

/**
 * How well a header names a field's synonym, 0 to 1: 0.95 for the same
 * words, 0.9 once qualifiers are set aside ("Work Email 2"), then loose word
 * overlap and typo tolerance, each discounted.
 */
export function headerScore(header: NormalisedHeader, synonym: NormalisedText): number {
  if (synonym.compact === '') return 0;
  if (header.compact === synonym.compact) return 0.95;
  if (header.core.compact !== '' && header.core.compact === synonym.compact) return 0.9;
  const tokens = header.core.tokens.length > 0 ? header.core.tokens : header.tokens;
  const words = tokenDice(tokens, synonym.tokens) * 0.85;
  const core = header.core.compact || header.compact;
  const typo = typoSimilarity(core, synonym.compact) * 0.9;
  return Math.max(words, typo);
}
