import type { CustomFieldDefinition, ObjectName } from '@nexus/crm-core';

/** How a cell's text becomes a value. */
export type ValueKind =
  | 'text'
  | 'email'
  | 'phone'
  | 'emails'
  | 'phones'
  | 'tags'
  | 'uuid'
  | 'uuids'
  | 'decimal'
  | 'number'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'url'
  | 'domain'
  | 'social'
  | 'enum'
  | 'enumList'
  | 'fullName';

export type SocialPlatform = 'linkedin' | 'twitter' | 'facebook' | 'github' | 'instagram' | 'youtube' | 'crunchbase';

/**
 * Where a mapped column goes:
 * - `field`: a field of the create/update body (`address.city` nests);
 * - `custom`: `customFields.<key>`;
 * - `lookup`: a name or email the import resolves to an id (the company named
 *   "Acme", the owner jane@…) — returned beside the body, never inside it;
 * - `virtual`: split into fields (`fullName` → first and last name) or kept
 *   aside (`note`, which the import may turn into a note activity).
 */
export type FieldTarget = 'field' | 'custom' | 'lookup' | 'virtual';

export interface ImportField {
  /** What a mapping names: "firstName", "address.city", "customFields.tier", "companyName". */
  path: string;
  label: string;
  target: FieldTarget;
  value: ValueKind;
  /** Several columns may feed it (emails, phones, tags); other fields take one column. */
  multi: boolean;
  maxLength?: number;
  options?: readonly string[];
  platform?: SocialPlatform;
  /** Header wordings that mean this field, in plain words ("e-mail address"). */
  synonyms: readonly string[];
}

type FieldDef = Omit<ImportField, 'multi' | 'target'> & { multi?: boolean; target?: FieldTarget };

const field = (path: string, label: string, value: ValueKind, synonyms: string[], extra: Partial<FieldDef> = {}): FieldDef => ({
  path,
  label,
  value,
  synonyms,
  ...extra,
});

const addressFields = (owner: 'contact' | 'company'): FieldDef[] => [
  field('address.street', 'Street', 'text', ['street', 'street address', 'address', 'address line 1', 'address 1', 'street 1', 'mailing street', 'billing street', 'strasse', 'rue', 'calle'], { maxLength: 300 }),
  field('address.street2', 'Street (line 2)', 'text', ['street 2', 'address line 2', 'address 2', 'suite', 'apartment', 'apt', 'unit', 'building'], { maxLength: 300 }),
  field('address.city', 'City', 'text', ['city', 'town', 'locality', 'mailing city', 'billing city', 'ort', 'stadt', 'ville', 'ciudad'], { maxLength: 200 }),
  field('address.region', 'Region / state', 'text', ['region', 'state', 'province', 'state region', 'state province', 'county', 'mailing state', 'mailing state province', 'billing state province', 'bundesland'], { maxLength: 200 }),
  field('address.postalCode', 'Postal code', 'text', ['postal code', 'zip', 'zip code', 'zipcode', 'postcode', 'post code', 'zip postal code', 'mailing zip postal code', 'billing zip postal code', 'plz', 'postleitzahl', 'code postal', 'cap'], { maxLength: 40 }),
  field('address.country', 'Country', 'text', ['country', 'country region', 'nation', 'mailing country', 'billing country', 'land', 'pays', 'pais', `${owner} country`], { maxLength: 100 }),
];

const common = (idWords: string[]): FieldDef[] => [
  field('externalId', 'External ID', 'text', ['external id', 'record id', 'id', 'uid', 'source id', 'crm id', 'import id', 'legacy id', ...idWords], { maxLength: 255 }),
  field('ownerId', 'Owner (user id)', 'uuid', ['owner id', 'owner user id']),
  field('owner', 'Owner (email or name)', 'text', ['owner', 'owner email', 'owner name', 'assigned to', 'sales rep', 'account manager', 'record owner'], { target: 'lookup', maxLength: 254 }),
];

const tags = field('tags', 'Tags', 'tags', ['tags', 'tag', 'labels', 'label', 'categories', 'category', 'keywords', 'segments'], { multi: true });
const note = field('note', 'Note (becomes a note)', 'text', ['note', 'notes', 'comment', 'comments', 'description', 'remarks', 'memo'], { target: 'virtual', maxLength: 100_000 });

const social = (platform: SocialPlatform, synonyms: string[]): FieldDef =>
  field(`socialLinks.${platform}`, `${platform[0]?.toUpperCase()}${platform.slice(1)} URL`, 'social', synonyms, { platform });

const catalog: Record<ObjectName, FieldDef[]> = {
  contacts: [
    ...common(['contact id', 'person id', 'lead id', 'hubspot id', 'salesforce id']),
    field('firstName', 'First name', 'text', ['first name', 'firstname', 'given name', 'forename', 'first', 'fname', 'vorname', 'prenom', 'nombre'], { maxLength: 200 }),
    field('lastName', 'Last name', 'text', ['last name', 'lastname', 'surname', 'family name', 'last', 'lname', 'nachname', 'nom', 'apellido', 'apellidos'], { maxLength: 200 }),
    field('fullName', 'Full name (split into first and last)', 'fullName', ['name', 'full name', 'fullname', 'contact name', 'person name', 'display name', 'contact', 'person', 'customer name', 'client name'], { target: 'virtual' }),
    field('emails', 'Emails', 'emails', ['email', 'e mail', 'emails', 'email address', 'e mail address', 'email addresses', 'mail', 'mail address', 'email adresse', 'courriel', 'correo'], { multi: true }),
    field('phones', 'Phones', 'phones', ['phone', 'phones', 'phone number', 'telephone', 'telephone number', 'tel', 'mobile', 'mobile phone', 'mobile phone number', 'mobile number', 'cell', 'cell phone', 'cellphone', 'direct line', 'direct dial', 'telefon', 'handy'], { multi: true }),
    field('title', 'Job title', 'text', ['job title', 'title', 'position', 'role', 'job', 'job role', 'designation', 'job position', 'occupation', 'function'], { maxLength: 300 }),
    ...addressFields('contact'),
    field('lifecycleStage', 'Lifecycle stage', 'text', ['lifecycle stage', 'lifecycle', 'stage', 'lifecycle status', 'customer stage'], { maxLength: 100 }),
    field('leadSource', 'Lead source', 'text', ['lead source', 'source', 'original source', 'channel', 'acquisition channel', 'how did you hear about us', 'utm source'], { maxLength: 200 }),
    tags,
    field('companyId', 'Company (record id)', 'uuid', ['company id', 'account id', 'organization id']),
    field('companyIds', 'Companies (record ids)', 'uuids', ['company ids', 'account ids', 'organization ids'], { multi: true }),
    field('companyName', 'Company name', 'text', ['company', 'company name', 'organization', 'organisation', 'organization name', 'account', 'account name', 'employer', 'business', 'firm', 'associated company', 'firma', 'unternehmen', 'societe', 'empresa'], { target: 'lookup', maxLength: 300 }),
    field('companyDomain', 'Company domain', 'domain', ['company domain', 'company domain name', 'company website', 'domain', 'website', 'website url', 'web site', 'homepage'], { target: 'lookup' }),
    note,
  ],
  companies: [
    ...common(['company id', 'account id', 'organization id', 'organisation id', 'hubspot id', 'salesforce id']),
    field('name', 'Name', 'text', ['name', 'company name', 'company', 'organization', 'organisation', 'organization name', 'account name', 'account', 'business name', 'legal name', 'firm', 'firma', 'unternehmen'], { maxLength: 300 }),
    field('domain', 'Domain', 'domain', ['domain', 'company domain name', 'domain name', 'company domain', 'email domain']),
    field('website', 'Website', 'url', ['website', 'website url', 'web site', 'url', 'homepage', 'home page', 'web page', 'web', 'site', 'company website']),
    field('industry', 'Industry', 'text', ['industry', 'sector', 'vertical', 'branche', 'industry type'], { maxLength: 200 }),
    field('size', 'Size', 'text', ['size', 'company size', 'employees', 'number of employees', 'employee count', 'headcount', 'no of employees', 'staff', 'employee range'], { maxLength: 50 }),
    ...addressFields('company'),
    social('linkedin', ['linkedin', 'linkedin url', 'linkedin company page', 'linkedin page', 'linkedin profile']),
    social('twitter', ['twitter', 'twitter handle', 'twitter url', 'x handle', 'x twitter']),
    social('facebook', ['facebook', 'facebook company page', 'facebook url', 'facebook page']),
    social('github', ['github', 'github url']),
    social('instagram', ['instagram', 'instagram url', 'instagram handle']),
    social('youtube', ['youtube', 'youtube channel', 'youtube url']),
    social('crunchbase', ['crunchbase', 'crunchbase url']),
    tags,
    note,
  ],
  deals: [
    ...common(['deal id', 'opportunity id', 'hubspot id', 'salesforce id']),
    field('name', 'Name', 'text', ['name', 'deal name', 'deal', 'opportunity name', 'opportunity', 'deal title', 'title'], { maxLength: 300 }),
    field('amount', 'Amount', 'decimal', ['amount', 'value', 'deal value', 'deal amount', 'opportunity amount', 'price', 'revenue', 'total', 'deal size', 'worth', 'betrag']),
    field('currency', 'Currency', 'currency', ['currency', 'currency code', 'deal currency', 'deal currency code', 'opportunity currency', 'waehrung']),
    field('pipelineId', 'Pipeline (id)', 'uuid', ['pipeline id']),
    field('stageId', 'Stage (id)', 'uuid', ['stage id', 'deal stage id']),
    field('pipelineName', 'Pipeline name', 'text', ['pipeline', 'deal pipeline', 'sales pipeline', 'pipeline name'], { target: 'lookup', maxLength: 200 }),
    field('stageName', 'Stage name', 'text', ['stage', 'deal stage', 'opportunity stage', 'pipeline stage', 'sales stage', 'stage name', 'phase'], { target: 'lookup', maxLength: 200 }),
    field('closeDate', 'Close date', 'date', ['close date', 'closed date', 'expected close date', 'closing date', 'estimated close date', 'expected close', 'close', 'won date', 'decision date']),
    field('companyId', 'Company (record id)', 'uuid', ['company id', 'account id', 'organization id']),
    field('contactIds', 'Contacts (record ids)', 'uuids', ['contact ids', 'person ids'], { multi: true }),
    field('companyName', 'Company name', 'text', ['company', 'company name', 'organization', 'organisation', 'organization name', 'account', 'account name', 'associated company', 'customer'], { target: 'lookup', maxLength: 300 }),
    field('contactEmails', 'Contact emails', 'emails', ['contact email', 'contact emails', 'contact', 'contacts', 'contact person', 'associated contact', 'person email', 'primary contact'], { target: 'lookup', multi: true }),
    tags,
    note,
  ],
  activities: [
    ...common(['activity id', 'task id', 'event id', 'engagement id']),
    field('type', 'Type', 'enum', ['type', 'activity type', 'kind', 'category', 'task type', 'engagement type'], { options: ['note', 'task', 'call', 'meeting', 'email'] }),
    field('subject', 'Subject', 'text', ['subject', 'title', 'activity subject', 'name', 'summary', 'topic', 'headline'], { maxLength: 500 }),
    field('body', 'Body', 'text', ['body', 'note', 'notes', 'description', 'details', 'content', 'text', 'comment', 'comments', 'activity note', 'message', 'task notes'], { maxLength: 100_000 }),
    field('dueAt', 'Due at', 'datetime', ['due date', 'due', 'due at', 'deadline', 'due time', 'due date time', 'reminder']),
    field('occurredAt', 'Occurred at', 'datetime', ['date', 'occurred at', 'activity date', 'timestamp', 'date time', 'datetime', 'when', 'time', 'start', 'start time', 'start date', 'created', 'created at', 'create date', 'logged at']),
    field('status', 'Status', 'enum', ['status', 'done', 'completed', 'state', 'task status', 'is done', 'complete'], { options: ['open', 'done'] }),
    field('assigneeId', 'Assignee (user id)', 'uuid', ['assignee id']),
    field('assignee', 'Assignee (email or name)', 'text', ['assignee', 'assigned to', 'assigned', 'user', 'responsible'], { target: 'lookup', maxLength: 254 }),
    field('contactIds', 'Contacts (record ids)', 'uuids', ['contact ids'], { multi: true }),
    field('companyIds', 'Companies (record ids)', 'uuids', ['company ids'], { multi: true }),
    field('dealIds', 'Deals (record ids)', 'uuids', ['deal ids'], { multi: true }),
    field('contactEmails', 'Contact emails', 'emails', ['contact email', 'contact emails', 'contact', 'contacts', 'contact person', 'person', 'participant', 'attendees', 'with'], { target: 'lookup', multi: true }),
    field('companyName', 'Company name', 'text', ['company', 'company name', 'organization', 'organisation', 'account', 'account name'], { target: 'lookup', maxLength: 300 }),
    field('dealName', 'Deal name', 'text', ['deal', 'deal name', 'opportunity', 'opportunity name'], { target: 'lookup', maxLength: 300 }),
  ],
};

/**
 * Fields a record has but an import never writes: set by the server, or
 * written from the other side of a relation. Naming one in a mapping is an
 * error that says so, rather than "unknown field".
 */
export const readOnlyPaths: Record<ObjectName, readonly string[]> = {
  contacts: ['id', 'createdBy', 'createdAt', 'updatedAt', 'version', 'dealIds'],
  companies: ['id', 'createdBy', 'createdAt', 'updatedAt', 'version'],
  deals: ['id', 'createdBy', 'createdAt', 'updatedAt', 'version', 'stageChangedAt'],
  activities: ['id', 'createdBy', 'createdAt', 'updatedAt', 'version', 'completedAt'],
};

/** The part of a custom field definition an import needs. */
export type ImportCustomField = Pick<CustomFieldDefinition, 'key' | 'label' | 'type' | 'options'>;

function customField(definition: ImportCustomField): ImportField {
  const base = { path: `customFields.${definition.key}`, label: definition.label, target: 'custom' as const, multi: false, synonyms: [definition.key, definition.label] };
  switch (definition.type) {
    case 'text':
      return { ...base, value: 'text', maxLength: 10_000 };
    case 'number':
      return { ...base, value: 'number' };
    case 'currency':
      return { ...base, value: 'decimal' };
    case 'date':
      return { ...base, value: 'date' };
    case 'boolean':
      return { ...base, value: 'boolean' };
    case 'select':
      return { ...base, value: 'enum', options: definition.options ?? [] };
    case 'multi_select':
      return { ...base, value: 'enumList', options: definition.options ?? [] };
    case 'url':
      return { ...base, value: 'url' };
    case 'email':
      return { ...base, value: 'email' };
    case 'phone':
      return { ...base, value: 'phone' };
  }
}

/**
 * Every field a column of an import into `object` can map to, custom fields
 * included.
 *
 * @example
 * importFields('contacts', definitions).map((f) => f.path); // ['externalId', …, 'customFields.tier']
 */
export function importFields(object: ObjectName, customFields: readonly ImportCustomField[] = []): ImportField[] {
  const builtIn = catalog[object].map((def): ImportField => ({ target: 'field', multi: false, ...def }));
  return [...builtIn, ...customFields.map(customField)];
}
