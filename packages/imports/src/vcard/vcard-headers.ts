/** The columns every vCard row has; `suggestMapping` knows them as the "vcard" layout. */
export const vcardHeaders = [
  'UID',
  'Full Name',
  'First Name',
  'Last Name',
  'Middle Name',
  'Name Prefix',
  'Name Suffix',
  'Nickname',
  'Emails',
  'Phones',
  'Organization',
  'Department',
  'Title',
  'Role',
  'Street',
  'Street 2',
  'City',
  'Region',
  'Postal Code',
  'Country',
  'Website',
  'Note',
  'Birthday',
  'Categories',
] as const;

export type VcardHeader = (typeof vcardHeaders)[number];
