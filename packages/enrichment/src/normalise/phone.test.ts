import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['+1 415 555 2671', undefined, '+14155552671'],
    ['1-415-555-2671', 'US', '+14155552671'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['07400 123456', 'United Kingdom', '+447400123456'],
    ['030 12345678', 'Deutschland', '+493012345678'],
    ['+49 (0) 30 12345678', undefined, '+493012345678'],
    ['01 42 68 53 00', 'FR', '+33142685300'],
    ['tel:+33142685300', undefined, '+33142685300'],
    ['+61 2 9374 4000', undefined, '+61293744000'],
    ['(02) 9374 4000', 'AU', '+61293744000'],
    ['+86 10 6552 9988', undefined, '+861065529988'],
    ['+7 495 123-45-67', undefined, '+74951234567'],
    ['+91 98765 43210', undefined, '+919876543210'],
    ['\u200B+1 415 555 2671\u00A0', undefined, '+14155552671'],
  ])('%s (default %s) → %s', (input, country, expected) => {
    const result = normalisePhone(input, { defaultCountry: country });
    expect(result).toMatchObject({ valid: true, e164: expected, value: expected });
  });

  it('keeps the extension in the stored value', () => {
    for (const input of ['(415) 555-2671 x123', '415-555-2671 ext. 123', '+1 415 555 2671 ext 123', '+1 415 555 2671 #123']) {
      expect(normalisePhone(input, { defaultCountry: 'US' })).toMatchObject({ valid: true, value: '+14155552671 ext. 123', e164: '+14155552671', extension: '123' });
    }
  });

  it('reports the country and type of the number', () => {
    expect(normalisePhone('+49 1512 3456789')).toMatchObject({ country: 'DE', type: 'mobile', international: '+49 1512 3456789' });
    expect(normalisePhone('+44 20 7946 0958')).toMatchObject({ country: 'GB', type: 'fixed_line' });
  });

  it.each([
    ['', undefined, 'empty'],
    ['   ', 'US', 'empty'],
    ['call me', 'US', 'not_a_phone_number'],
    ['4155552671', undefined, 'missing_country'],
    ['555-12', 'US', 'too_short'],
    ['12', 'US', 'too_short'],
    ['12345678901234567890', 'US', 'too_long'],
    ['+1 (555) 555-5555', undefined, 'invalid_number'],
    ['+999 123 4567', undefined, 'invalid_country'],
    ['020 7946 0958', 'Atlantis', 'invalid_country'],
    ['9'.repeat(100), 'US', 'too_long_input'],
  ])('refuses %j (default %s) as %s', (input, country, reason) => {
    expect(normalisePhone(input, { defaultCountry: country })).toMatchObject({ valid: false, reason });
  });
});
