import { isAppError } from '@nexus/platform';
import { describe, expect, it } from 'vitest';
import type { ImportCustomField } from '../mapping/field-catalog';
import { detectDateOrder } from './parse-dates';
import { createRowConverter, toRecordInput } from './row-converter';

const cells = (values: Record<string, string>) => ({ cells: values });

describe('toRecordInput: contacts', () => {
  const mapping = {
    Name: 'fullName',
    First: 'firstName',
    Last: 'lastName',
    Email: 'emails',
    'Work Email': 'emails',
    Phone: 'phones',
    Mobile: 'phones',
    Street: 'address.street',
    City: 'address.city',
    Tags: 'tags',
    Company: 'companyName',
    Owner: 'owner',
    Notes: 'note',
    Id: 'externalId',
  };
  const convert = createRowConverter({ object: 'contacts', mapping });

  it('gathers several email and phone columns into lists, lower-cased and without repeats', () => {
    const result = convert(cells({ Email: 'Jane.Doe@Example.com; jd@work.example', 'Work Email': 'Jane Doe <JD@work.example>', Phone: '+1 555 0100', Mobile: '(555) 010-0199', First: 'Jane' }));
    expect(result).toEqual({
      status: 'ok',
      input: { firstName: 'Jane', emails: ['jane.doe@example.com', 'jd@work.example'], phones: ['+1 555 0100', '555 010-0199'] },
      lookups: {},
    });
  });

  it('splits a full name when first and last name are not given, and keeps them when they are', () => {
    expect(convert(cells({ Name: 'Dr. Ludwig van Beethoven Jr.' }))).toMatchObject({ input: { firstName: 'Ludwig', lastName: 'van Beethoven' } });
    expect(convert(cells({ Name: 'Doe, Jane' }))).toMatchObject({ input: { firstName: 'Jane', lastName: 'Doe' } });
    expect(convert(cells({ Name: 'Cher' }))).toMatchObject({ input: { firstName: 'Cher' } });
    expect(convert(cells({ Name: 'Jane Doe', First: 'Janet' }))).toMatchObject({ input: { firstName: 'Janet' } });
  });

  it('nests address parts, splits tags, and returns lookups and the note beside the body', () => {
    const result = convert(cells({ Email: 'a@x.com', Street: '1 Main St', City: 'Springfield', Tags: 'vip; fair-2024, vip', Company: 'Acme, Inc.', Owner: 'sam@ourteam.example', Notes: 'Met at the fair', Id: 'HS-42' }));
    expect(result).toEqual({
      status: 'ok',
      input: { emails: ['a@x.com'], address: { street: '1 Main St', city: 'Springfield' }, tags: ['vip', 'fair-2024'], externalId: 'HS-42' },
      lookups: { companyName: 'Acme, Inc.', owner: 'sam@ourteam.example' },
      note: 'Met at the fair',
    });
  });

  it('leaves empty cells out, so an update never blanks a stored value', () => {
    expect(convert(cells({ Email: 'a@x.com', First: '', Last: '   ', City: '' }))).toEqual({ status: 'ok', input: { emails: ['a@x.com'] }, lookups: {} });
  });

  it('restores values our export guarded against formulas, and unwraps Excel\'s ="…" text', () => {
    expect(convert(cells({ Email: 'a@x.com', Phone: "'+1 555 0100", Id: '="00123"' }))).toMatchObject({ input: { phones: ['+1 555 0100'], externalId: '00123' } });
  });

  it('quarantines a row with an invalid email or phone, naming the column', () => {
    const result = convert(cells({ Email: 'jane@', Phone: '4.91511E+12', First: 'Jane' }));
    expect(result).toEqual({
      status: 'invalid',
      issues: [
        { code: 'invalid_value', column: 'Email', field: 'emails', message: 'Emails (column "Email"): "jane@" is not a valid email address' },
        { code: 'invalid_value', column: 'Phone', field: 'phones', message: 'Phones (column "Phone"): "4.91511E+12" is a number a spreadsheet shortened; format the column as text and export again' },
      ],
    });
  });

  it('quarantines a contact with neither name nor email, and a row with no values', () => {
    expect(convert(cells({ City: 'Paris' }))).toEqual({ status: 'invalid', issues: [{ code: 'missing_required', field: 'firstName', message: 'A contact needs a first name, a last name or an email' }] });
    expect(convert(cells({ City: '' }))).toEqual({ status: 'invalid', issues: [{ code: 'no_values', message: 'The row has no values in the mapped columns' }] });
    expect(convert(cells({ Id: 'HS-1', City: 'Paris' }))).toMatchObject({ status: 'ok' });
  });

  it('refuses a text longer than the field allows', () => {
    expect(convert(cells({ First: 'x'.repeat(201) }))).toMatchObject({ status: 'invalid', issues: [{ field: 'firstName', message: 'First name (column "First"): is longer than 200 characters' }] });
  });
});

describe('toRecordInput: deals', () => {
  const mapping = { Deal: 'name', Amount: 'amount', Currency: 'currency', Close: 'closeDate', Stage: 'stageName', Company: 'companyId' };

  it.each([
    ['1,234.50', '1234.50'],
    ['1.234,50', '1234.50'],
    ['1 234,5', '1234.5'],
    ["1'234.50", '1234.50'],
    ['(1,200.00)', '-1200.00'],
    ['1,234', '1234'],
    ['0012.5', '12.5'],
    ['-0', '0'],
  ])('reads the amount %s as %s', (text, amount) => {
    expect(toRecordInput(cells({ Deal: 'D', Amount: text }), mapping, 'deals')).toMatchObject({ status: 'ok', input: { amount } });
  });

  it('takes the currency from the amount when no column gives it, and refuses a contradiction', () => {
    expect(toRecordInput(cells({ Deal: 'D', Amount: '€ 1.234,50' }), mapping, 'deals')).toMatchObject({ input: { amount: '1234.50', currency: 'EUR' } });
    expect(toRecordInput(cells({ Deal: 'D', Amount: '1234.50 GBP', Currency: 'usd' }), mapping, 'deals')).toMatchObject({
      status: 'invalid',
      issues: [{ field: 'amount', message: 'The amount is in GBP but the currency column says USD' }],
    });
  });

  it('refuses more decimals than the currency has, scientific notation and unknown currencies', () => {
    expect(toRecordInput(cells({ Deal: 'D', Amount: '12.5', Currency: 'JPY' }), mapping, 'deals')).toMatchObject({ issues: [{ message: 'The amount 12.5 has more decimal places than JPY allows (0)' }] });
    expect(toRecordInput(cells({ Deal: 'D', Amount: '1.2E+06' }), mapping, 'deals')).toMatchObject({ issues: [{ field: 'amount' }] });
    expect(toRecordInput(cells({ Deal: 'D', Currency: 'Dollars' }), mapping, 'deals')).toMatchObject({ issues: [{ message: 'Currency (column "Currency"): "Dollars" is not an ISO 4217 currency code such as USD' }] });
  });

  it.each([
    ['2024-03-05', 'mdy', '2024-03-05'],
    ['2024-03-05T23:30:00-05:00', 'mdy', '2024-03-05'],
    ['03/04/2024', 'mdy', '2024-03-04'],
    ['03/04/2024', 'dmy', '2024-04-03'],
    ['25/04/2024', 'mdy', '2024-04-25'],
    ['31.12.24', 'mdy', '2024-12-31'],
    ['5 Mar 2024', 'mdy', '2024-03-05'],
    ['05-Mar-24', 'mdy', '2024-03-05'],
    ['March 5th, 2024', 'mdy', '2024-03-05'],
    ['45356', 'mdy', '2024-03-05'],
  ] as const)('reads the close date %s (%s) as %s', (text, dateOrder, date) => {
    expect(toRecordInput(cells({ Deal: 'D', Close: text }), mapping, 'deals', { dateOrder })).toMatchObject({ input: { closeDate: date } });
  });

  it('refuses impossible dates and ids that are not UUIDs', () => {
    expect(toRecordInput(cells({ Deal: 'D', Close: '2024-02-30' }), mapping, 'deals')).toMatchObject({ issues: [{ message: 'Close date (column "Close"): "2024-02-30" is not a date (use YYYY-MM-DD)' }] });
    expect(toRecordInput(cells({ Deal: 'D', Company: '42' }), mapping, 'deals')).toMatchObject({ issues: [{ field: 'companyId' }] });
  });

  it('reads contact emails out of "Name (email)" and "Name <email>" as HubSpot and mail clients write them', () => {
    const result = toRecordInput(cells({ Deal: 'D', Contacts: 'Jane Doe (jane@example.com); Bob Smith <BOB@example.com>' }), { ...mapping, Contacts: 'contactEmails' }, 'deals');
    expect(result).toEqual({ status: 'ok', input: { name: 'D' }, lookups: { contactEmails: ['jane@example.com', 'bob@example.com'] } });
  });

  it('requires a name', () => {
    expect(toRecordInput(cells({ Amount: '5' }), mapping, 'deals')).toMatchObject({ status: 'invalid', issues: [{ code: 'missing_required', message: 'A deal needs a name' }] });
  });
});

describe('toRecordInput: activities', () => {
  const mapping = { Type: 'type', Subject: 'subject', Done: 'status', Due: 'dueAt', When: 'occurredAt', Body: 'body' };

  it('reads types and statuses as people write them, and times as UTC instants', () => {
    const result = toRecordInput(cells({ Type: 'Phone call', Subject: 'Intro', Done: 'Completed', Due: '3/5/2024 2:30 PM', When: '2024-03-05T10:00:00+01:00' }), mapping, 'activities');
    expect(result).toEqual({
      status: 'ok',
      input: { type: 'call', subject: 'Intro', status: 'done', dueAt: '2024-03-05T14:30:00.000Z', occurredAt: '2024-03-05T09:00:00.000Z' },
      lookups: {},
    });
  });

  it('treats rows of a notes file without a type column as notes', () => {
    expect(toRecordInput(cells({ Body: 'Called back' }), mapping, 'activities')).toMatchObject({ input: { type: 'note', body: 'Called back' } });
    expect(toRecordInput(cells({ Type: 'Lunch party' }), mapping, 'activities')).toMatchObject({ issues: [{ message: 'Type (column "Type"): "Lunch party" is not one of: note, task, call, meeting, email' }] });
  });
});

describe('toRecordInput: companies and custom fields', () => {
  const definitions: ImportCustomField[] = [
    { key: 'employees', label: 'Employees', type: 'number', options: null },
    { key: 'partner', label: 'Partner', type: 'boolean', options: null },
    { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] },
    { key: 'regions', label: 'Regions', type: 'multi_select', options: ['EMEA', 'APAC', 'AMER'] },
    { key: 'founded', label: 'Founded', type: 'date', options: null },
    { key: 'arr', label: 'ARR', type: 'currency', options: null },
  ];
  const mapping = {
    Name: 'name',
    Web: 'website',
    Domain: 'domain',
    Twitter: 'socialLinks.twitter',
    Employees: 'customFields.employees',
    Partner: 'customFields.partner',
    Tier: 'customFields.tier',
    Regions: 'customFields.regions',
    Founded: 'customFields.founded',
    ARR: 'customFields.arr',
  };

  it('types custom values by their definition and canonicalises web addresses', () => {
    const result = toRecordInput(
      cells({ Name: 'Acme', Web: 'acme.example/about', Domain: 'https://www.Acme.example/x', Twitter: '@acme', Employees: '1,200', Partner: 'Yes', Tier: 'gold', Regions: 'emea; APAC', Founded: '1999-01-31', ARR: '$1,000,000.00' }),
      mapping,
      'companies',
      { customFields: definitions },
    );
    expect(result).toEqual({
      status: 'ok',
      input: {
        name: 'Acme',
        website: 'https://acme.example/about',
        domain: 'acme.example',
        socialLinks: { twitter: 'https://twitter.com/acme' },
        customFields: { employees: 1200, partner: true, tier: 'Gold', regions: ['EMEA', 'APAC'], founded: '1999-01-31', arr: '1000000.00' },
      },
      lookups: {},
    });
  });

  it('names the allowed options when a select value is not one of them', () => {
    const result = toRecordInput(cells({ Name: 'Acme', Tier: 'Bronze', Partner: 'maybe' }), mapping, 'companies', { customFields: definitions });
    expect(result).toEqual({
      status: 'invalid',
      issues: [
        { code: 'invalid_value', column: 'Partner', field: 'customFields.partner', message: 'Partner (column "Partner"): "maybe" is not yes or no' },
        { code: 'invalid_value', column: 'Tier', field: 'customFields.tier', message: 'Tier (column "Tier"): "Bronze" is not one of: Gold, Silver' },
      ],
    });
  });

  it('throws a 400 error for a mapping naming an unknown field, before any row', () => {
    try {
      createRowConverter({ object: 'companies', mapping: { Name: 'name', X: 'customFields.nope' } });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('validation_failed');
    }
  });
});

describe('detectDateOrder', () => {
  it('tells the order from a value that only fits one', () => {
    expect(detectDateOrder(['03/04/2024', '25/04/2024'])).toBe('dmy');
    expect(detectDateOrder(['03/04/2024', '04/25/2024'])).toBe('mdy');
    expect(detectDateOrder(['03/04/2024', '2024-04-25'])).toBeUndefined();
  });
});
