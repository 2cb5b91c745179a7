import type { ObjectName } from '@nexus/crm-core';
import { googleContacts } from './layouts/google-contacts';
import { hubspot } from './layouts/hubspot';
import type { LayoutTable } from './layouts/layout-table';
import { linkedin } from './layouts/linkedin';
import { outlook } from './layouts/outlook';
import { pipedrive } from './layouts/pipedrive';
import { salesforce } from './layouts/salesforce';
import { vcard } from './layouts/vcard';

export type { LayoutTable } from './layouts/layout-table';

/** Export layouts recognised by their column names. */
export const layoutNames = ['hubspot', 'salesforce', 'pipedrive', 'google_contacts', 'outlook', 'linkedin', 'vcard'] as const;
export type LayoutName = (typeof layoutNames)[number];

export const layouts: Record<LayoutName, Partial<Record<ObjectName, LayoutTable>>> = {
  hubspot,
  salesforce,
  pipedrive,
  google_contacts: googleContacts,
  outlook,
  linkedin,
  vcard,
};
