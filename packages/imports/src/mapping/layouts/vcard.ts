import type { ObjectName } from '@nexus/crm-core';
import type { VcardHeader } from '../../vcard/vcard-headers';
import type { LayoutTable } from './layout-table';

const vcardColumns: Record<VcardHeader, string | null> = {
  UID: 'externalId',
  'Full Name': 'fullName',
  'First Name': 'firstName',
  'Last Name': 'lastName',
  'Middle Name': null,
  'Name Prefix': null,
  'Name Suffix': null,
  Nickname: null,
  Emails: 'emails',
  Phones: 'phones',
  Organization: 'companyName',
  Department: null,
  Title: 'title',
  Role: null,
  Street: 'address.street',
  'Street 2': 'address.street2',
  City: 'address.city',
  Region: 'address.region',
  'Postal Code': 'address.postalCode',
  Country: 'address.country',
  Website: null,
  Note: 'note',
  Birthday: null,
  Categories: 'tags',
};

/** The columns the vCard reader gives each card. */
export const vcard: Partial<Record<ObjectName, LayoutTable>> = {
  // Only the columns no other layout writes: most of the others ("First Name", "City") are everyone's.
  contacts: { columns: vcardColumns, signature: ['UID', 'Full Name', 'Street 2', 'Categories'] },
};
