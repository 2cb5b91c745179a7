import type { ObjectName } from '@nexus/crm-core';
import type { LayoutTable } from './layout-table';

/** LinkedIn "Connections.csv" from the data export. */
export const linkedin: Partial<Record<ObjectName, LayoutTable>> = {
  contacts: {
    columns: {
      'First Name': 'firstName',
      'Last Name': 'lastName',
      // The LinkedIn profile; contacts have no social links, so it needs a custom field.
      URL: null,
      'Email Address': 'emails',
      Company: 'companyName',
      Position: 'title',
      'Connected On': null,
    },
    signature: ['Connected On', 'URL', 'Position'],
  },
};
