import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { cleanLine } from '../internal/text';
import { normaliseCountry } from './country';

export type PhoneInvalidReason =
  | 'empty'
  | 'too_long_input'
  | 'not_a_phone_number'
  | 'missing_country'
  | 'invalid_country'
  | 'too_short'
  | 'too_long'
  | 'invalid_number';

export type PhoneType = 'mobile' | 'fixed_line' | 'fixed_line_or_mobile' | 'toll_free' | 'premium_rate' | 'voip' | 'other';

export interface NormalisedPhoneValue {
  /** What we store: E.164, then " ext. 123" when there is an extension ("+14155552671 ext. 123"). */
  value: string;
  e164: string;
  extension?: string;
  /** ISO 3166-1 alpha-2 of the number's region, when known. */
  country?: string;
  type?: PhoneType;
  /** For display: "+1 415 555 2671". */
  international: string;
}

export type NormalisedPhone = ({ valid: true; input: string } & NormalisedPhoneValue) | { valid: false; reason: PhoneInvalidReason; input: string };

export interface PhoneOptions {
  /** Country for numbers written without +: a code or a name ("GB", "UK", "Germany"). */
  defaultCountry?: string | null | undefined;
}

const maxInputLength = 64;

const typeNames: Partial<Record<NumberType & string, PhoneType>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  VOIP: 'voip',
};

/** Default countries seen, resolved once: an import passes the same one for every row. */
const countryCodes = new Map<string, CountryCode | undefined | 'invalid'>();

function countryCodeOf(input: string | null | undefined): CountryCode | undefined | 'invalid' {
  if (input === undefined || input === null) return undefined;
  const known = countryCodes.get(input);
  if (known !== undefined || countryCodes.has(input)) return known;
  const code = resolveCountryCode(input);
  // Only what could be a country's name is kept (scraped pages can pass anything).
  if (input.length > 64) return code;
  if (countryCodes.size >= 512) countryCodes.clear();
  countryCodes.set(input, code);
  return code;
}

function resolveCountryCode(input: string): CountryCode | undefined | 'invalid' {
  if (cleanLine(input) === '') return undefined;
  const country = normaliseCountry(input);
  if (!country.valid) return 'invalid';
  return isSupportedCountry(country.value) ? country.value : 'invalid';
}

/**
 * A phone number in E.164 with its extension kept, using libphonenumber's
 * full metadata (so "valid" means a number that can exist in its plan, not
 * just one of the right length).
 *
 * @example
 * normalisePhone('(415) 555-2671 x123', { defaultCountry: 'US' });
 * // { valid: true, value: '+14155552671 ext. 123', e164: '+14155552671', extension: '123', country: 'US', … }
 * normalisePhone('555-12', { defaultCountry: 'US' }); // { valid: false, reason: 'too_short', … }
 */
export function normalisePhone(input: string, options: PhoneOptions = {}): NormalisedPhone {
  const raw = cleanLine(typeof input === 'string' ? input : '');
  if (raw === '') return { valid: false, reason: 'empty', input: raw };
  if (raw.length > maxInputLength) return { valid: false, reason: 'too_long_input', input: raw.slice(0, maxInputLength) };
  if (!/\d/.test(raw)) return { valid: false, reason: 'not_a_phone_number', input: raw };
  const defaultCountry = countryCodeOf(options.defaultCountry);
  if (defaultCountry === 'invalid') return { valid: false, reason: 'invalid_country', input: raw };

  // "tel:" links and the "00" international prefix written outside its home country.
  let text = raw.replace(/^tel:/i, '');
  const international = /^\s*\+/.test(text) || /^\s*00[1-9]/.test(text);
  if (!international && defaultCountry === undefined) return { valid: false, reason: 'missing_country', input: raw };

  let parsed = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry, extract: false } : { extract: false });
  if (/^\s*00[1-9]/.test(text) && (!parsed || !parsed.isValid())) {
    text = text.replace(/^\s*00/, '+');
    parsed = parsePhoneNumberFromString(text, { extract: false });
  }
  if (!parsed) {
    const lengthProblem = defaultCountry ? validatePhoneNumberLength(text, defaultCountry) : validatePhoneNumberLength(text);
    if (lengthProblem === 'TOO_SHORT') return { valid: false, reason: 'too_short', input: raw };
    if (lengthProblem === 'TOO_LONG') return { valid: false, reason: 'too_long', input: raw };
    if (lengthProblem === 'INVALID_COUNTRY') return { valid: false, reason: 'invalid_country', input: raw };
    return { valid: false, reason: 'not_a_phone_number', input: raw };
  }
  if (!parsed.isValid()) {
    const lengthProblem = validatePhoneNumberLength(parsed.number);
    if (lengthProblem === 'TOO_SHORT') return { valid: false, reason: 'too_short', input: raw };
    if (lengthProblem === 'TOO_LONG') return { valid: false, reason: 'too_long', input: raw };
    return { valid: false, reason: 'invalid_number', input: raw };
  }
  const e164 = parsed.number;
  const extension = parsed.ext && /^\d{1,10}$/.test(parsed.ext) ? parsed.ext : undefined;
  const result = {
    valid: true,
    input: raw,
    value: extension ? `${e164} ext. ${extension}` : e164,
    e164,
  } as { valid: true; input: string } & NormalisedPhoneValue;
  if (extension) result.extension = extension;
  if (parsed.country) result.country = parsed.country;
  // The number's type and display form cost as much again as the parse; most callers (an import's
  // million rows) store only the value, so both are worked out when first read.
  const number = parsed;
  Object.defineProperties(result, {
    international: { enumerable: true, configurable: true, get: once(() => number.formatInternational()) },
    type: { enumerable: true, configurable: true, get: once(() => phoneTypeOf(number.getType())) },
  });
  return result;
}

function phoneTypeOf(type: NumberType): PhoneType | undefined {
  return type ? (typeNames[type] ?? 'other') : undefined;
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
