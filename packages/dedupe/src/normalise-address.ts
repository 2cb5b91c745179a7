import { foldText } from './normalise-name';

// Street types, directions and unit words in their long form, so "12 High St."
// and "12 high street" fold alike (US, UK and Australian postal abbreviations).
const abbreviations: Record<string, string> = {
  rd: 'road', ave: 'avenue', av: 'avenue', avn: 'avenue', blvd: 'boulevard', bvd: 'boulevard', dr: 'drive', drv: 'drive', ln: 'lane',
  ct: 'court', crt: 'court', pl: 'place', cres: 'crescent', cr: 'crescent', hwy: 'highway', pde: 'parade', cct: 'circuit', cir: 'circle',
  tce: 'terrace', ter: 'terrace', sq: 'square', pkwy: 'parkway', pky: 'parkway', cl: 'close', gr: 'grove', gdns: 'gardens', esp: 'esplanade',
  mt: 'mount', mtn: 'mountain', fwy: 'freeway', expy: 'expressway', trl: 'trail', wy: 'way', aly: 'alley', bldg: 'building', ste: 'suite',
  apt: 'apartment', fl: 'floor', flr: 'floor', rm: 'room', po: 'po', n: 'north', s: 'south', e: 'east', w: 'west', ne: 'northeast',
  nw: 'northwest', se: 'southeast', sw: 'southwest', nth: 'north', sth: 'south', ft: 'fort', hts: 'heights', jct: 'junction', pt: 'point',
};

/**
 * A street address for comparison: folded, abbreviations expanded
 * (rd → road, ave → avenue, n → north). `st` reads as "street" when it ends
 * the address or comes before a number, otherwise as "saint" ("st kilda rd").
 *
 * @example
 * normaliseAddress('12 St. Kilda Rd., Apt 4'); // '12 saint kilda road apartment 4'
 */
export function normaliseAddress(value: string): string | null {
  const words = foldText(value).split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const out = words.map((word, i) => {
    if (word === 'st') {
      const next = words[i + 1];
      return next === undefined || /^\d/.test(next) || next === 'apartment' || next === 'apt' || next === 'unit' || next === 'suite' ? 'street' : 'saint';
    }
    return abbreviations[word] ?? word;
  });
  return out.join(' ');
}

/**
 * A postcode for comparison: letters and digits only, upper case; a US
 * ZIP+4 keeps its five-digit ZIP.
 *
 * @example
 * normalisePostcode('sw1a 1aa'); // 'SW1A1AA'
 * normalisePostcode('02134-1234'); // '02134'
 */
export function normalisePostcode(value: string): string | null {
  const text = (value.length > 32 ? value.slice(0, 32) : value).toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
  if (text.length === 0 || text.length > 12) return null;
  if (/^\d{9}$/.test(text) && /^\s*\d{5}-\d{4}\s*$/.test(value)) return text.slice(0, 5);
  return text;
}

const isoDate = /^(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[T ].*)?$/;
const slashDate = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * A date of birth as `YYYYMMDD`. Takes `YYYYMMDD`, `YYYY-MM-DD` (with an
 * optional time) and `DD/MM/YYYY` (or `MM/DD/YYYY` with
 * `monthFirst`; an impossible day or month is read the other way). An eight-digit value is
 * kept even when it is no real date: a typo there is still evidence.
 *
 * @example
 * normaliseDate('1987-03-09'); // '19870309'
 * normaliseDate('09/03/1987'); // '19870309'
 */
export function normaliseDate(value: string, options: { monthFirst?: boolean } = {}): string | null {
  const text = value.trim();
  if (text.length > 40) return null;
  if (/^\d{8}$/.test(text)) return text;
  const pad = (n: string) => n.padStart(2, '0');
  const iso = isoDate.exec(text);
  if (iso) return `${iso[1]}${pad(iso[2]!)}${pad(iso[3]!)}`;
  const slash = slashDate.exec(text);
  if (slash) {
    let day = Number(slash[1]);
    let month = Number(slash[2]);
    if (options.monthFirst) [day, month] = [month, day];
    if (month > 12 && day <= 12) [day, month] = [month, day];
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return `${slash[3]}${pad(String(month))}${pad(String(day))}`;
  }
  return null;
}
