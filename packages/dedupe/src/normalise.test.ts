import { describe, expect, it } from 'vitest';
import { normaliseAddress, normaliseDate, normalisePostcode } from './normalise-address';
import { normaliseDomain, normaliseEmail, normalisePhone, phoneTail } from './normalise-contact';
import { foldText, nicknameKeys, normaliseName, normaliseOrganisationName, normalisePersonName, sameFormalName } from './normalise-name';

describe('names', () => {
  it('folds case, accents and punctuation, keeping other scripts', () => {
    expect(foldText('  Zoë  O’Brien-Smith ')).toBe('zoe o brien smith');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('Дмитрий 王')).toBe('дмитрии 王'); // й folds to и like é to e
    expect(foldText('😀 Ann 🎉')).toBe('ann');
  });

  it('drops titles and suffixes but never the whole name', () => {
    expect(normaliseName('Dr. José Pérez Jr.')).toBe('jose perez');
    expect(normaliseName('Dr')).toBe('dr');
    expect(normaliseName('   ')).toBeNull();
  });

  it('puts "family, given" names in given-family order', () => {
    expect(normalisePersonName('Smith, John A.')).toBe('john a smith');
  });

  it('knows common English nicknames', () => {
    expect(nicknameKeys('Bob')).toEqual(['robert']);
    expect(nicknameKeys('al')).toEqual(['albert', 'alan', 'alfred']);
    expect(sameFormalName('Bill', 'William')).toBe(true);
    expect(sameFormalName('Liz', 'Elizabeth')).toBe(true);
    expect(sameFormalName('Kate', 'Katherine')).toBe(true);
    expect(sameFormalName('Bob', 'William')).toBe(false);
    expect(nicknameKeys('Zebedee')).toEqual(['zebedee']);
  });

  it('removes legal forms from organisation names', () => {
    expect(normaliseOrganisationName('The ACME Widgets, Inc.')).toBe('acme widgets');
    expect(normaliseOrganisationName('Smith & Sons Ltd')).toBe('smith and sons');
    expect(normaliseOrganisationName('Group')).toBe('group');
  });
});

describe('emails', () => {
  it('removes Gmail dots and plus tags, and reads googlemail.com as gmail.com', () => {
    expect(normaliseEmail(' John.Smith+crm@GoogleMail.com ')).toBe('johnsmith@gmail.com');
    expect(normaliseEmail('j.o.h.n.smith@gmail.com')).toBe(normaliseEmail('johnsmith@gmail.com'));
  });

  it('keeps dots elsewhere and drops plus tags', () => {
    expect(normaliseEmail('A.B+news@Acme.com')).toBe('a.b@acme.com');
  });

  it('rejects what is not an address', () => {
    for (const bad of ['nope', 'x@y', '@acme.com', 'a b@acme.com', 'a@', `${'a'.repeat(400)}@acme.com`]) expect(normaliseEmail(bad)).toBeNull();
  });
});

describe('phones', () => {
  it('gives E.164 when the country is known', () => {
    expect(normalisePhone('(020) 7946 0018', 'GB')).toBe('+442079460018');
    expect(normalisePhone('+44 20 7946 0018')).toBe('+442079460018');
    expect(normalisePhone('0044 20 7946 0018')).toBe('+442079460018');
  });

  it('falls back to digits, drops extensions and rejects short numbers', () => {
    expect(normalisePhone('555-0100 ext. 12')).toBe('5550100');
    expect(normalisePhone('12')).toBeNull();
    expect(phoneTail('+442079460018')).toBe('9460018');
  });
});

describe('domains and addresses', () => {
  it('reduces URLs and emails to their host', () => {
    expect(normaliseDomain('HTTPS://www.Acme.co.uk/about?x=1')).toBe('acme.co.uk');
    expect(normaliseDomain('jo@acme.com')).toBe('acme.com');
    expect(normaliseDomain('http://acme.com:8080')).toBe('acme.com');
    expect(normaliseDomain('localhost')).toBeNull();
  });

  it('expands street abbreviations, reading st as saint before a name', () => {
    expect(normaliseAddress('12 High St.')).toBe('12 high street');
    expect(normaliseAddress('12 St. Kilda Rd., Apt 4')).toBe('12 saint kilda road apartment 4');
    expect(normaliseAddress('5 N Main Ave')).toBe('5 north main avenue');
  });

  it('normalises postcodes and ZIP+4', () => {
    expect(normalisePostcode('sw1a 1aa')).toBe('SW1A1AA');
    expect(normalisePostcode('02134-1234')).toBe('02134');
    expect(normalisePostcode(' ')).toBeNull();
  });

  it('reads dates of birth in the common layouts', () => {
    expect(normaliseDate('1987-03-09')).toBe('19870309');
    expect(normaliseDate('1987-03-09T10:00:00Z')).toBe('19870309');
    expect(normaliseDate('09/03/1987')).toBe('19870309');
    expect(normaliseDate('03/09/1987', { monthFirst: true })).toBe('19870309');
    expect(normaliseDate('12/31/1999')).toBe('19991231');
    expect(normaliseDate('19871399')).toBe('19871399');
    expect(normaliseDate('last tuesday')).toBeNull();
  });
});
