import { describe, expect, it } from 'vitest';
import { countryCodes } from '../internal/country-data';
import { countriesWithRegions, regionZones, zoneByCountry } from '../internal/time-zone-data';
import { normaliseCountry, timeZoneFor } from './country';

describe('normaliseCountry', () => {
  it.each([
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['uk', 'GB'],
    ['GB', 'GB'],
    ['GBR', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['Allemagne', 'DE'],
    ['DEU', 'DE'],
    ['United States', 'US'],
    ['U.S.A.', 'US'],
    ['usa', 'US'],
    ['United States of America', 'US'],
    ['The Netherlands', 'NL'],
    ['Holland', 'NL'],
    ['Nederland', 'NL'],
    ['Korea, Republic of', 'KR'],
    ['South Korea', 'KR'],
    ["Côte d'Ivoire", 'CI'],
    ['Cote d’Ivoire', 'CI'],
    ['Ivory Coast', 'CI'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
    ['España', 'ES'],
    ['Schweiz', 'CH'],
    ['Suisse', 'CH'],
    ['Österreich', 'AT'],
    ['Russian Federation', 'RU'],
    ['Czech Republic', 'CZ'],
    ['Czechia', 'CZ'],
    ['Myanmar', 'MM'],
    ['Burma', 'MM'],
    ['Hong Kong', 'HK'],
    ['St. Kitts and Nevis', 'KN'],
    ['Saint Kitts & Nevis', 'KN'],
    ['Bosnia and Herzegovina', 'BA'],
    ['Democratic Republic of the Congo', 'CD'],
    ['日本', 'JP'],
    ['Россия', 'RU'],
    ['Kosovo', 'XK'],
    ['  brazil ', 'BR'],
  ])('%j → %s', (input, code) => {
    expect(normaliseCountry(input)).toMatchObject({ valid: true, value: code });
  });

  it('gives the alpha-3 code and the English name', () => {
    expect(normaliseCountry('Deutschland')).toMatchObject({ value: 'DE', alpha3: 'DEU', name: 'Germany' });
  });

  it.each([
    ['', 'empty'],
    ['Atlantis', 'unknown_country'],
    ['XX', 'unknown_country'],
    ['ZZZ', 'unknown_country'],
    ['x'.repeat(200), 'too_long'],
  ])('refuses %j as %s', (input, reason) => {
    expect(normaliseCountry(input)).toMatchObject({ valid: false, reason });
  });
});

describe('timeZoneFor', () => {
  it.each([
    [{ country: 'Deutschland' }, 'Europe/Berlin', 'country', 1],
    [{ country: 'GB' }, 'Europe/London', 'country', 1],
    [{ country: 'India' }, 'Asia/Kolkata', 'country', 1],
    [{ country: 'US' }, 'America/New_York', 'country_most_populous', 0.6],
    [{ country: 'US', region: 'California' }, 'America/Los_Angeles', 'region', 0.9],
    [{ country: 'US', region: 'CA' }, 'America/Los_Angeles', 'region', 0.9],
    [{ country: 'USA', region: 'US-TX' }, 'America/Chicago', 'region', 0.9],
    [{ country: 'United States', region: 'Washington' }, 'America/Los_Angeles', 'region', 0.9],
    [{ country: 'US', region: 'Washington DC' }, 'America/New_York', 'region', 0.9],
    [{ country: 'US', region: 'Arizona' }, 'America/Phoenix', 'region', 0.9],
    [{ country: 'Canada', region: 'BC' }, 'America/Vancouver', 'region', 0.9],
    [{ country: 'CA', region: 'Québec' }, 'America/Toronto', 'region', 0.9],
    [{ country: 'Australia', region: 'WA' }, 'Australia/Perth', 'region', 0.9],
    [{ country: 'AU', region: 'Queensland' }, 'Australia/Brisbane', 'region', 0.9],
    [{ country: 'Brazil', region: 'Amazonas' }, 'America/Manaus', 'region', 0.9],
    [{ country: 'BR', region: 'São Paulo' }, 'America/Sao_Paulo', 'region', 0.9],
    [{ country: 'Russia', region: 'Novosibirsk Oblast' }, 'Asia/Novosibirsk', 'region', 0.9],
    [{ country: 'RU', region: 'Primorsky Krai' }, 'Asia/Vladivostok', 'region', 0.9],
    [{ country: 'RU', region: 'Nowhere Oblast' }, 'Europe/Moscow', 'country_most_populous', 0.6],
    [{ country: 'Mexico', region: 'Baja California' }, 'America/Tijuana', 'region', 0.9],
    [{ country: 'FR', region: 'Bretagne' }, 'Europe/Paris', 'country', 1],
  ])('%j → %s', (input, timeZone, basis, confidence) => {
    expect(timeZoneFor(input)).toEqual({ timeZone, basis, confidence });
  });

  it('gives nothing for an unknown country', () => {
    expect(timeZoneFor({ country: 'Atlantis' })).toBeUndefined();
  });

  it('only names zones the runtime knows, for every country and region in the tables', () => {
    const zones = [...zoneByCountry.values(), ...countriesWithRegions.flatMap((c) => regionZones(c).map((r) => r.zone))];
    for (const zone of zones) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone).not.toThrow();
    const supported = new Set(Intl.supportedValuesOf('timeZone'));
    const canonical = (zone: string): string => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    for (const zone of zones) expect(supported.has(canonical(zone)), zone).toBe(true);
  });

  it('has a zone for every inhabited country code', () => {
    const uninhabited = new Set(['BV', 'HM']);
    for (const code of countryCodes) if (!uninhabited.has(code)) expect(zoneByCountry.get(code), code).toBeDefined();
  });
});
