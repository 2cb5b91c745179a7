import type { Address, AddressInput } from '../fields';
import { cleanLine } from '../internal/text';
import { normaliseCountry } from './country';

/**
 * An address with its parts trimmed and its country as ISO 3166-1 alpha-2
 * where recognisable ("United Kingdom" → "GB"); an unknown country is kept as written.
 *
 * @example
 * normaliseAddress({ city: ' Manchester ', country: 'United Kingdom' }); // { city: 'Manchester', country: 'GB' }
 */
export function normaliseAddress(address: AddressInput): Address {
  const out: Address = {};
  for (const key of ['street', 'street2', 'city', 'region', 'postalCode', 'country'] as const) {
    const value = address[key];
    if (typeof value === 'string' && cleanLine(value) !== '') out[key] = cleanLine(value).slice(0, key === 'postalCode' ? 40 : 300);
  }
  if (out.country) {
    const country = normaliseCountry(out.country);
    if (country.valid) out.country = country.value;
  }
  return out;
}
