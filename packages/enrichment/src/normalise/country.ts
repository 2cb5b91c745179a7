import { alpha2ByAlpha3, alpha3ByAlpha2, countryAliases, countryCodes, countryNameLocales } from '../internal/country-data';
import { cleanLine, lookupKey } from '../internal/text';
import { multiZoneCountries, regionZones, zoneByCountry } from '../internal/time-zone-data';

export type CountryInvalidReason = 'empty' | 'too_long' | 'unknown_country';

export type NormalisedCountry =
  | { valid: true; value: string; alpha3: string; name: string; input: string }
  | { valid: false; reason: CountryInvalidReason; input: string };

interface CountryIndex {
  byKey: Map<string, string>;
  englishName: Map<string, string>;
}

// Built on first use from Intl in ~20 languages; pure data, identical for every caller.
let index: CountryIndex | undefined;

/** "st kitts" and "saint kitts" meet on one key. */
function countryKey(input: string): string {
  return lookupKey(input).replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte');
}

function buildIndex(): CountryIndex {
  const byKey = new Map<string, string>();
  const englishName = new Map<string, string>();
  const add = (name: string, code: string): void => {
    const key = countryKey(name);
    if (key !== '' && !byKey.has(key)) byKey.set(key, code);
  };
  for (const [alias, code] of Object.entries(countryAliases)) add(alias, code);
  for (const locale of countryNameLocales) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const code of countryCodes) {
      const name = names.of(code);
      if (!name) continue;
      if (locale === 'en') englishName.set(code, name);
      add(name, code);
      // "Myanmar (Burma)", "Congo - Kinshasa", "Hong Kong SAR China": index the parts people write alone.
      const bare = name.replace(/\s*\(.*\)\s*/g, ' ').replace(/\s+-\s+.*$/, '').replace(/\s+SAR\b.*$/, '');
      add(bare, code);
      for (const inner of name.matchAll(/\(([^)]+)\)/g)) add(inner[1] ?? '', code);
    }
  }
  return { byKey, englishName };
}

function getIndex(): CountryIndex {
  index ??= buildIndex();
  return index;
}

function lookupName(input: string): string | undefined {
  const { byKey } = getIndex();
  const key = countryKey(input);
  const direct = byKey.get(key);
  if (direct) return direct;
  // "Korea, Republic of" / "Netherlands, The" / "The Gambia": ISO-style reorderings.
  const comma = input.split(',').map((part) => part.trim());
  if (comma.length === 2) {
    const swapped = byKey.get(countryKey(`${comma[1]} ${comma[0]}`)) ?? byKey.get(countryKey(comma[0] ?? ''));
    if (swapped) return swapped;
  }
  const withoutThe = key.replace(/^the /, '').replace(/ the$/, '');
  return byKey.get(withoutThe) ?? byKey.get(withoutThe.replace(/^(republic|kingdom|state|commonwealth) of (the )?/, ''));
}

/**
 * ISO 3166-1 alpha-2 from a code (GB, GBR, UK) or a name in one of ~20
 * languages ("United Kingdom", "Deutschland", "Allemagne", "Côte d’Ivoire").
 *
 * @example
 * normaliseCountry('Deutschland'); // { valid: true, value: 'DE', alpha3: 'DEU', name: 'Germany', … }
 * normaliseCountry('Atlantis');    // { valid: false, reason: 'unknown_country', … }
 */
export function normaliseCountry(input: string): NormalisedCountry {
  const text = cleanLine(typeof input === 'string' ? input : '');
  if (text === '') return { valid: false, reason: 'empty', input: text };
  if (text.length > 100) return { valid: false, reason: 'too_long', input: text.slice(0, 100) };
  const upper = text.replace(/\./g, '').toUpperCase();
  let code: string | undefined;
  if (/^[A-Z]{2}$/.test(upper)) code = upper === 'UK' ? 'GB' : alpha3ByAlpha2.has(upper) ? upper : undefined;
  else if (/^[A-Z]{3}$/.test(upper)) code = alpha2ByAlpha3.get(upper);
  code ??= lookupName(text);
  if (!code) return { valid: false, reason: 'unknown_country', input: text };
  return { valid: true, value: code, alpha3: alpha3ByAlpha2.get(code) ?? code, name: getIndex().englishName.get(code) ?? code, input: text };
}

export type TimeZoneBasis = 'region' | 'country' | 'country_most_populous';

export interface GuessedTimeZone {
  /** IANA name, e.g. America/Los_Angeles. */
  timeZone: string;
  /** How it was found: the region's own zone, the country's only zone, or the country's most populous zone. */
  basis: TimeZoneBasis;
  /** 0..1, lower when a multi-zone country gave no usable region. */
  confidence: number;
}

/**
 * The time zone of a country, refined by state/province for countries with
 * several (US, CA, AU, BR, RU, MX, ID).
 *
 * @example
 * timeZoneFor({ country: 'US', region: 'California' }); // { timeZone: 'America/Los_Angeles', basis: 'region', confidence: 0.9 }
 * timeZoneFor({ country: 'Deutschland' });              // { timeZone: 'Europe/Berlin', basis: 'country', confidence: 1 }
 */
export function timeZoneFor(input: { country: string; region?: string | null | undefined }): GuessedTimeZone | undefined {
  const country = normaliseCountry(input.country);
  if (!country.valid) return undefined;
  const code = country.value;
  const region = typeof input.region === 'string' ? cleanLine(input.region).slice(0, 100) : '';
  if (region !== '') {
    const zones = regionZones(code);
    if (zones.length > 0) {
      const upper = region.toUpperCase().replace(new RegExp(`^${code}-`), '').replace(/\./g, '');
      const key = lookupKey(region);
      const match = zones.find((z) => z.code === upper) ?? zones.find((z) => z.names.some((name) => lookupKey(name) === key));
      if (match) return { timeZone: match.zone, basis: 'region', confidence: 0.9 };
    }
  }
  const zone = zoneByCountry.get(code);
  if (!zone) return undefined;
  return multiZoneCountries.has(code) ? { timeZone: zone, basis: 'country_most_populous', confidence: 0.6 } : { timeZone: zone, basis: 'country', confidence: 1 };
}
