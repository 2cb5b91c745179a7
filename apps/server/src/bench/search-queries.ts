/**
 * What the benchmark searches for. Every query names something the target
 * workspace holds: the known people (seeded first, see search-seed.ts), the
 * most common generated names, company names and job titles.
 */

export type KeywordCategory = 'person' | 'first name' | 'last name' | 'company' | 'title';

export interface KeywordQuery {
  q: string;
  category: KeywordCategory;
}

export const keywordQueries: readonly KeywordQuery[] = [
  ...['john smith', 'mary johnson', 'michael brown', 'jennifer wilson', 'robert garcia', 'elizabeth davis', 'katherine anderson', 'zoë müller', 'jon smyth', 'joan schmidt', 'jane smith'].map(
    (q) => ({ q, category: 'person' as const }),
  ),
  ...['john', 'mary', 'james', 'maria', 'jennifer', 'david', 'sophia', 'zoe', 'jon', 'joan'].map((q) => ({ q, category: 'first name' as const })),
  ...['smith', 'johnson', 'garcia', 'miller', 'schmidt', 'müller', 'nguyen', 'obrien', 'smyth', 'kowalski'].map((q) => ({ q, category: 'last name' as const })),
  ...['acme corp', 'acme', 'globex', 'initech', 'umbrella corp', 'hooli', 'pied piper', 'northwind', 'acme.com', 'globex inc'].map((q) => ({ q, category: 'company' as const })),
  ...['sales engineer', 'cfo', 'product manager', 'procurement', 'data scientist', 'recruiter', 'vp sales', 'engineering manager', 'supply chain', 'general counsel'].map(
    (q) => ({ q, category: 'title' as const }),
  ),
];

export interface TypoQuery {
  q: string;
  /** The record meant: its title, or the start of it for a company stem typed alone. */
  expect: string;
  match: 'exact' | 'prefix';
  /** How the typo was made. */
  typo: string;
}

export const typoQueries: readonly TypoQuery[] = [
  { q: 'jhon smth', expect: 'John Smith', match: 'exact', typo: 'transposition + dropped vowel' },
  { q: 'jonh smiht', expect: 'John Smith', match: 'exact', typo: 'two transpositions' },
  { q: 'jhon smith', expect: 'John Smith', match: 'exact', typo: 'transposition' },
  { q: 'mary jonson', expect: 'Mary Johnson', match: 'exact', typo: 'dropped letter' },
  { q: 'micheal brwon', expect: 'Michael Brown', match: 'exact', typo: 'two transpositions' },
  { q: 'jenifer wilson', expect: 'Jennifer Wilson', match: 'exact', typo: 'dropped letter' },
  { q: 'robert garcai', expect: 'Robert Garcia', match: 'exact', typo: 'transposition' },
  { q: 'elizabeth davies', expect: 'Elizabeth Davis', match: 'exact', typo: 'extra letter' },
  { q: 'cristopher martinez', expect: 'Christopher Martinez', match: 'exact', typo: 'dropped letter' },
  { q: 'katherine andersen', expect: 'Katherine Anderson', match: 'exact', typo: 'swapped vowel' },
  { q: 'zoe muler', expect: 'Zoë Müller', match: 'exact', typo: 'unaccented + dropped letter' },
  { q: 'joan shmidt', expect: 'Joan Schmidt', match: 'exact', typo: 'dropped letter' },
  { q: 'stephen thomson', expect: 'Stephen Thompson', match: 'exact', typo: 'dropped letter' },
  { q: 'catherine rodriquez', expect: 'Catherine Rodriguez', match: 'exact', typo: 'swapped letter' },
  { q: 'mathew hernandez', expect: 'Matthew Hernandez', match: 'exact', typo: 'dropped letter' },
  { q: 'nicolas robinson', expect: 'Nicholas Robinson', match: 'exact', typo: 'dropped letter' },
  { q: 'jessica lopes', expect: 'Jessica Lopez', match: 'exact', typo: 'swapped letter' },
  { q: 'wiliam gonzalez', expect: 'William Gonzalez', match: 'exact', typo: 'dropped letter' },
  { q: 'margret taylor', expect: 'Margaret Taylor', match: 'exact', typo: 'dropped vowel' },
  { q: 'alexandr moore', expect: 'Alexander Moore', match: 'exact', typo: 'dropped vowel' },
  { q: 'acme.co', expect: 'Acme Corp', match: 'exact', typo: 'truncated domain' },
  { q: 'acme corpp', expect: 'Acme Corp', match: 'exact', typo: 'extra letter' },
  { q: 'globx', expect: 'Globex', match: 'prefix', typo: 'dropped vowel' },
  { q: 'initec', expect: 'Initech', match: 'prefix', typo: 'dropped letter' },
  { q: 'umbrela corp', expect: 'Umbrella Corp', match: 'exact', typo: 'dropped letter' },
  { q: 'cyberdine', expect: 'Cyberdyne', match: 'prefix', typo: 'swapped vowel' },
  { q: 'vandeley', expect: 'Vandelay', match: 'prefix', typo: 'swapped vowel' },
  { q: 'hoolie', expect: 'Hooli', match: 'prefix', typo: 'extra letter' },
];

/** The two typo queries the report names one by one. */
export const namedTypoQueries = ['jhon smth', 'acme.co'] as const;

/** Names typed one key at a time, for the type-ahead measurement. */
export const typeAheadNames = ['john smith', 'acme corp', 'maria garcia', 'zoë müller', 'katherine anderson', 'sales engineer'] as const;

/** Every prefix as typed: 'j', 'jo', 'joh', 'john', 'john ', 'john s', ... */
export function keystrokes(text: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= text.length; i += 1) {
    const prefix = text.slice(0, i);
    if (prefix.trim() !== '') out.push(prefix);
  }
  return out;
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Whether a hit's title is the record a typo query meant. */
export function isIntended(query: TypoQuery, title: string): boolean {
  return query.match === 'exact' ? fold(title) === fold(query.expect) : fold(title).startsWith(fold(query.expect));
}

/** A small seeded generator (mulberry32): the query order is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` items drawn from the list in a seeded order, every item once per pass. */
export function schedule<T>(items: readonly T[], count: number, seed: number): T[] {
  const random = seededRandom(seed);
  const out: T[] = [];
  while (out.length < count) {
    const pass = [...items];
    for (let i = pass.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [pass[i], pass[j]] = [pass[j] as T, pass[i] as T];
    }
    out.push(...pass.slice(0, count - out.length));
  }
  return out;
}
