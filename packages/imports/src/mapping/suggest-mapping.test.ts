import { describe, expect, it } from 'vitest';
import { exportColumns } from '../export/export-columns';
import { vcardHeaders } from '../vcard/vcard-headers';
import type { ImportCustomField } from './field-catalog';
import { layoutNames, layouts } from './layouts';
import { suggestMapping } from './suggest-mapping';
import { validateMapping } from './validate-mapping';

const tier: ImportCustomField = { key: 'customerTier', label: 'Customer Tier', type: 'select', options: ['gold', 'silver'] };

describe('suggestMapping: known export layouts', () => {
  it('recognises a HubSpot contacts export', () => {
    const headers = ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'Lifecycle Stage', 'Contact owner', 'Create Date', 'Lead Status'];
    const { layout, mapping, confidence } = suggestMapping(headers, 'contacts');
    expect(layout).toBe('hubspot');
    expect(mapping).toEqual({
      'Record ID': 'externalId',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'emails',
      'Phone Number': 'phones',
      'Mobile Phone Number': 'phones',
      'Company Name': 'companyName',
      'Job Title': 'title',
      'Lifecycle Stage': 'lifecycleStage',
      'Contact owner': 'owner',
      'Create Date': null,
      'Lead Status': null,
    });
    expect(confidence['Record ID']).toBe(1);
    expect(confidence['Create Date']).toBe(0);
  });

  it('recognises HubSpot companies and deals exports', () => {
    const companies = suggestMapping(['Record ID', 'Company name', 'Company Domain Name', 'Industry', 'Number of Employees', 'City', 'Country/Region', 'LinkedIn Company Page', 'Company owner'], 'companies');
    expect(companies.layout).toBe('hubspot');
    expect(companies.mapping).toMatchObject({ 'Company name': 'name', 'Company Domain Name': 'domain', 'Number of Employees': 'size', 'LinkedIn Company Page': 'socialLinks.linkedin' });
    const deals = suggestMapping(['Record ID', 'Deal Name', 'Amount', 'Deal Stage', 'Pipeline', 'Close Date', 'Deal owner', 'Associated Company'], 'deals');
    expect(deals.layout).toBe('hubspot');
    expect(deals.mapping).toMatchObject({ 'Deal Name': 'name', Amount: 'amount', 'Deal Stage': 'stageName', Pipeline: 'pipelineName', 'Associated Company': 'companyName' });
  });

  it('recognises a Salesforce contacts report, its API-name export, and opportunities', () => {
    const report = suggestMapping(['Contact ID', 'Salutation', 'First Name', 'Last Name', 'Title', 'Account Name', 'Email', 'Phone', 'Mobile', 'Mailing Street', 'Mailing City', 'Mailing State/Province', 'Mailing Zip/Postal Code', 'Mailing Country', 'Lead Source', 'Contact Owner'], 'contacts');
    expect(report.layout).toBe('salesforce');
    expect(report.mapping).toMatchObject({
      'Contact ID': 'externalId',
      Salutation: null,
      Title: 'title',
      'Account Name': 'companyName',
      Phone: 'phones',
      Mobile: 'phones',
      'Mailing Street': 'address.street',
      'Mailing State/Province': 'address.region',
      'Mailing Zip/Postal Code': 'address.postalCode',
      'Lead Source': 'leadSource',
    });
    const api = suggestMapping(['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'MobilePhone', 'MailingStreet', 'MailingCity', 'OwnerId'], 'contacts');
    expect(api.layout).toBe('salesforce');
    expect(api.mapping).toMatchObject({ Id: 'externalId', AccountId: null, FirstName: 'firstName', MobilePhone: 'phones', MailingCity: 'address.city', OwnerId: null });
    const deals = suggestMapping(['Opportunity ID', 'Opportunity Name', 'Account Name', 'Amount', 'Close Date', 'Stage', 'Opportunity Currency', 'Probability (%)'], 'deals');
    expect(deals.layout).toBe('salesforce');
    expect(deals.mapping).toMatchObject({ 'Opportunity Name': 'name', Stage: 'stageName', 'Opportunity Currency': 'currency', 'Probability (%)': null });
  });

  it('recognises Pipedrive people, deals and activities exports', () => {
    const people = suggestMapping(['Person - ID', 'Person - Name', 'Person - Email - Work', 'Person - Email - Home', 'Person - Phone - Mobile', 'Person - Organization', 'Person - Label'], 'contacts');
    expect(people.layout).toBe('pipedrive');
    expect(people.mapping).toEqual({
      'Person - ID': 'externalId',
      'Person - Name': 'fullName',
      'Person - Email - Work': 'emails',
      'Person - Email - Home': 'emails',
      'Person - Phone - Mobile': 'phones',
      'Person - Organization': 'companyName',
      'Person - Label': 'tags',
    });
    const deals = suggestMapping(['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency', 'Deal - Stage', 'Deal - Pipeline', 'Deal - Contact person'], 'deals');
    expect(deals.layout).toBe('pipedrive');
    expect(deals.mapping).toMatchObject({ 'Deal - Title': 'name', 'Deal - Value': 'amount', 'Deal - Contact person': null });
    const activities = suggestMapping(['Activity - ID', 'Activity - Subject', 'Activity - Type', 'Activity - Due date', 'Activity - Done', 'Activity - Note'], 'activities');
    expect(activities.layout).toBe('pipedrive');
    expect(activities.mapping).toMatchObject({ 'Activity - Type': 'type', 'Activity - Done': 'status', 'Activity - Note': 'body', 'Activity - Due date': 'dueAt' });
  });

  it('recognises both Google Contacts formats and their numbered columns', () => {
    const old = suggestMapping(['Name', 'Given Name', 'Family Name', 'Group Membership', 'E-mail 1 - Type', 'E-mail 1 - Value', 'E-mail 2 - Type', 'E-mail 2 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Organization 1 - Name', 'Organization 1 - Title', 'Address 1 - City', 'Address 2 - City'], 'contacts');
    expect(old.layout).toBe('google_contacts');
    expect(old.mapping).toMatchObject({
      Name: 'fullName',
      'Given Name': 'firstName',
      'Family Name': 'lastName',
      'E-mail 1 - Type': null,
      'E-mail 1 - Value': 'emails',
      'E-mail 2 - Value': 'emails',
      'Phone 1 - Value': 'phones',
      'Organization 1 - Name': 'companyName',
      'Organization 1 - Title': 'title',
      'Address 1 - City': 'address.city',
      'Address 2 - City': null,
    });
    const current = suggestMapping(['First Name', 'Middle Name', 'Last Name', 'Phonetic First Name', 'Organization Name', 'Organization Title', 'Labels', 'E-mail 1 - Label', 'E-mail 1 - Value', 'Phone 1 - Label', 'Phone 1 - Value'], 'contacts');
    expect(current.layout).toBe('google_contacts');
    expect(current.mapping).toMatchObject({ 'Organization Name': 'companyName', 'Organization Title': 'title', Labels: null, 'E-mail 1 - Value': 'emails', 'Phone 1 - Label': null });
  });

  it("recognises Outlook and reads its Title as a salutation, not a job", () => {
    const headers = ['Title', 'First Name', 'Middle Name', 'Last Name', 'Company', 'Job Title', 'Business Street', 'Business City', 'Business Postal Code', 'Business Phone', 'Home Phone', 'Mobile Phone', 'E-mail Address', 'E-mail 2 Address', 'E-mail Display Name', 'Home Street', 'Notes'];
    const { layout, mapping } = suggestMapping(headers, 'contacts');
    expect(layout).toBe('outlook');
    expect(mapping).toMatchObject({
      Title: null,
      'Job Title': 'title',
      Company: 'companyName',
      'Business Street': 'address.street',
      'Home Street': null,
      'Business Phone': 'phones',
      'Home Phone': 'phones',
      'Mobile Phone': 'phones',
      'E-mail Address': 'emails',
      'E-mail 2 Address': 'emails',
      'E-mail Display Name': null,
      Notes: 'note',
    });
  });

  it('recognises LinkedIn connections', () => {
    const { layout, mapping } = suggestMapping(['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'], 'contacts');
    expect(layout).toBe('linkedin');
    expect(mapping).toEqual({ 'First Name': 'firstName', 'Last Name': 'lastName', URL: null, 'Email Address': 'emails', Company: 'companyName', Position: 'title', 'Connected On': null });
  });

  it("recognises the vCard reader's columns", () => {
    const { layout, mapping } = suggestMapping([...vcardHeaders], 'contacts');
    expect(layout).toBe('vcard');
    expect(mapping).toMatchObject({ UID: 'externalId', 'Full Name': 'fullName', Emails: 'emails', Organization: 'companyName', Categories: 'tags', Birthday: null });
  });

  it('claims no layout for a plain file that any product could have written', () => {
    expect(suggestMapping(['First Name', 'Last Name', 'Email', 'Company', 'Job Title'], 'contacts').layout).toBeNull();
  });

  it('fills a custom field from a column the layout skips when the field is named for it', () => {
    const url: ImportCustomField = { key: 'linkedinUrl', label: 'URL', type: 'url', options: null };
    const { mapping } = suggestMapping(['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'], 'contacts', { customFields: [url] });
    expect(mapping.URL).toBe('customFields.linkedinUrl');
  });

  it.each(layoutNames.flatMap((name) => Object.keys(layouts[name]).map((object) => [name, object] as const)))('maps %s %s columns only to real fields', (name, object) => {
    const table = layouts[name][object as 'contacts'];
    const targets = Object.values(table?.columns ?? {}).concat((table?.patterns ?? []).map(([, t]) => t));
    for (const target of targets) {
      if (target === null) continue;
      const result = validateMapping({ column: target }, object as 'contacts');
      expect(result.ok, `${name}/${object} → ${target}`).toBe(true);
    }
  });
});

describe('suggestMapping: by name', () => {
  it('maps everyday headers in several spellings and languages', () => {
    const headers = ['E-Mail', 'Vorname', 'Nachname', 'Work Phone', 'Mobile', 'Organisation', 'Position', 'Zip', 'Street Address', 'Town', 'Tags'];
    const { layout, mapping } = suggestMapping(headers, 'contacts');
    expect(layout).toBeNull();
    expect(mapping).toEqual({
      'E-Mail': 'emails',
      Vorname: 'firstName',
      Nachname: 'lastName',
      'Work Phone': 'phones',
      Mobile: 'phones',
      Organisation: 'companyName',
      Position: 'title',
      Zip: 'address.postalCode',
      'Street Address': 'address.street',
      Town: 'address.city',
      Tags: 'tags',
    });
  });

  it('sets aside qualifiers, numbers and words naming the record', () => {
    const { mapping, confidence } = suggestMapping(['Contact First Name', 'Primary Email 2', 'Business E-mail', 'Billing City'], 'contacts');
    expect(mapping).toEqual({ 'Contact First Name': 'firstName', 'Primary Email 2': 'emails', 'Business E-mail': 'emails', 'Billing City': 'address.city' });
    expect(confidence['Contact First Name']).toBe(0.9);
  });

  it('tolerates typos and abbreviations in long words, not in short ones', () => {
    const { mapping } = suggestMapping(['Emial Address', 'Frist Name', 'Email Addr', 'Surnmae'], 'contacts');
    expect(mapping).toMatchObject({ 'Emial Address': 'emails', 'Frist Name': 'firstName', 'Email Addr': 'emails' });
    expect(suggestMapping(['State'], 'deals').mapping.State).toBeNull();
  });

  it('leaves a column it cannot place unmapped, with no confidence', () => {
    const { mapping, confidence } = suggestMapping(['Email', 'Favourite colour', 'Shoe size'], 'contacts');
    expect(mapping).toEqual({ Email: 'emails', 'Favourite colour': null, 'Shoe size': null });
    expect(confidence['Favourite colour']).toBe(0);
  });

  it('gives a single-value field to its best column only, the first one on a tie', () => {
    expect(suggestMapping(['Contact First Name', 'First Name'], 'contacts').mapping).toEqual({ 'Contact First Name': null, 'First Name': 'firstName' });
    expect(suggestMapping(['Given name', 'First Name'], 'contacts').mapping).toEqual({ 'Given name': 'firstName', 'First Name': null });
  });

  it('reads the same header per object: "Name" is a contact\'s full name, a company\'s or a deal\'s name', () => {
    expect(suggestMapping(['Name'], 'contacts').mapping.Name).toBe('fullName');
    expect(suggestMapping(['Name'], 'companies').mapping.Name).toBe('name');
    expect(suggestMapping(['Company'], 'companies').mapping.Company).toBe('name');
    expect(suggestMapping(['Company'], 'deals').mapping.Company).toBe('companyName');
    expect(suggestMapping(['Value', 'Stage'], 'deals').mapping).toEqual({ Value: 'amount', Stage: 'stageName' });
  });

  it('maps custom fields by label and by key', () => {
    const score: ImportCustomField = { key: 'leadScore', label: 'Score', type: 'number', options: null };
    const { mapping, confidence } = suggestMapping(['Customer Tier', 'lead_score'], 'contacts', { customFields: [tier, score] });
    expect(mapping).toEqual({ 'Customer Tier': 'customFields.customerTier', lead_score: 'customFields.leadScore' });
    expect(confidence['Customer Tier']).toBe(1);
  });

  it('maps every writable column of our own export back to its field', () => {
    const headers = exportColumns('contacts', [tier]);
    const { mapping } = suggestMapping(headers, 'contacts', { customFields: [tier] });
    for (const header of headers) {
      const expected = ['id', 'createdBy', 'createdAt', 'updatedAt', 'version', 'dealIds'].includes(header) ? null : header;
      expect(mapping[header], header).toBe(expected);
    }
  });
});
