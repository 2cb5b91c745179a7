const honorifics = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'madam', 'herr', 'frau', 'mme', 'mlle', 'm', 'sr', 'sra', 'srta']);
const suffixes = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mba', 'cpa', 'dds', 'jd']);
/** Lower-case words that belong to the family name: "Ludwig van Beethoven", "Juan de la Cruz". */
const particles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'la', 'le', 'da', 'di', 'du', 'dos', 'das', 'do', 'bin', 'ibn', 'al', 'ter', 'ten', 'zu', 'st']);

const bare = (word: string) => word.toLowerCase().replace(/[.,]/g, '');

/**
 * "Jane Q. Doe" → Jane Q. / Doe; "Doe, Jane" → Jane / Doe; "Dr. Jane Doe
 * Jr." → Jane / Doe; "Ludwig van Beethoven" → Ludwig / van Beethoven. One
 * word is a first name. Honorifics and suffixes are dropped: the record has
 * no place for them.
 */
export function splitName(fullName: string): { firstName?: string; lastName?: string } {
  let text = fullName.replace(/\s+/g, ' ').trim();
  if (text === '') return {};
  const comma = text.indexOf(',');
  if (comma > 0) {
    const last = text.slice(0, comma).trim();
    const rest = text.slice(comma + 1).trim();
    // "Doe, Jane" but not "Jane Doe, PhD".
    if (rest !== '' && !suffixes.has(bare(rest))) {
      const first = splitName(rest).firstName ?? rest;
      return { firstName: first, lastName: last };
    }
    text = last;
  }
  let words = text.split(' ');
  while (words.length > 1 && honorifics.has(bare(words[0] ?? ''))) words = words.slice(1);
  while (words.length > 1 && suffixes.has(bare(words[words.length - 1] ?? ''))) words = words.slice(0, -1);
  if (words.length === 1) return { firstName: words[0] ?? '' };
  let lastStart = words.length - 1;
  while (lastStart > 1 && particles.has(words[lastStart - 1] ?? '')) lastStart--;
  return { firstName: words.slice(0, lastStart).join(' '), lastName: words.slice(lastStart).join(' ') };
}
