import { z } from 'zod';
import { text } from '@nexus/http';
import { currencyDigits, isCurrency } from './money';

const nullableText = (max: number) => text(max).trim().nullable().optional();
const uuidList = z.array(z.uuid()).max(500);

export const addressSchema = z
  .strictObject({
    street: nullableText(300),
    street2: nullableText(300),
    city: nullableText(200),
    region: nullableText(200),
    postalCode: nullableText(40),
    country: nullableText(100),
  })
  .nullable()
  .optional();

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }));

export const tagsSchema = z.array(text(100).trim().min(1)).max(100);

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as example.com');

const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((value) => value.toLowerCase());

const phoneSchema = z
  .string()
  .trim()
  .max(50)
  .regex(/^\+?[0-9][0-9 ().\-/]{2,40}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i, 'must be a phone number');

const common = {
  externalId: text(255).trim().min(1).nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  customFields: z.record(z.string().max(64), z.unknown()).optional(),
};

/** A decimal amount as a string ("1234.50") or a whole number; never a binary float. */
export const amountSchema = z.union([
  z.string().trim().regex(/^-?\d{1,15}(\.\d{1,6})?$/, 'must be a decimal string such as "1234.50"'),
  z.number().int('must be a whole number, or a decimal string such as "1234.50"').refine(Number.isSafeInteger, 'is too large').transform(String),
]);

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrency, 'must be an ISO 4217 currency code such as USD');

const companyFields = {
  ...common,
  name: text(300).trim().min(1),
  domain: domainSchema.nullable().optional(),
  industry: nullableText(200),
  size: nullableText(50),
  address: addressSchema,
  website: httpUrl.nullable().optional(),
  socialLinks: z.partialRecord(z.enum(['linkedin', 'twitter', 'facebook', 'github', 'instagram', 'youtube', 'crunchbase']), httpUrl).optional(),
  tags: tagsSchema.optional(),
};

export const companyCreate = z.strictObject(companyFields);
export const companyUpdate = z.strictObject({ ...companyFields, name: companyFields.name.optional(), version: z.number().int().optional() });

const contactFields = {
  ...common,
  firstName: nullableText(200),
  lastName: nullableText(200),
  emails: z.array(emailSchema).max(50).optional(),
  phones: z.array(phoneSchema).max(50).optional(),
  title: nullableText(300),
  address: addressSchema,
  lifecycleStage: nullableText(100),
  leadSource: nullableText(200),
  tags: tagsSchema.optional(),
  companyId: z.uuid().nullable().optional(),
  companyIds: uuidList.optional(),
};

export const contactCreate = z
  .strictObject(contactFields)
  .refine((c) => Boolean(c.firstName) || Boolean(c.lastName) || (c.emails?.length ?? 0) > 0, {
    message: 'a contact needs a first name, a last name or an email',
    path: ['firstName'],
  });
export const contactUpdate = z.strictObject({ ...contactFields, version: z.number().int().optional() });

const dealFields = {
  ...common,
  name: text(300).trim().min(1),
  amount: amountSchema.nullable().optional(),
  currency: currencySchema.optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  closeDate: z.iso.date({ message: 'must be a date, YYYY-MM-DD' }).nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  contactIds: uuidList.optional(),
  tags: tagsSchema.optional(),
};

function amountFitsCurrency(d: { amount?: string | null | undefined; currency?: string | undefined }): boolean {
  if (d.amount === undefined || d.amount === null || d.currency === undefined) return true;
  const decimals = d.amount.split('.')[1]?.length ?? 0;
  return decimals <= currencyDigits(d.currency);
}
const amountRefinement = { message: 'has more decimal places than the currency allows', path: ['amount'] };

export const dealCreate = z.strictObject(dealFields).refine(amountFitsCurrency, amountRefinement);
export const dealUpdate = z
  .strictObject({ ...dealFields, name: dealFields.name.optional(), version: z.number().int().optional() })
  .refine(amountFitsCurrency, amountRefinement);

export const activityTypes = ['note', 'task', 'call', 'meeting', 'email'] as const;

const activityFields = {
  ...common,
  type: z.enum(activityTypes),
  subject: nullableText(500),
  body: text(100_000).nullable().optional(),
  dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).nullable().optional(),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  status: z.enum(['open', 'done']).nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
  contactIds: uuidList.optional(),
  companyIds: uuidList.optional(),
  dealIds: uuidList.optional(),
};

export const activityCreate = z.strictObject(activityFields);
export const activityUpdate = z.strictObject({ ...activityFields, type: activityFields.type.optional(), version: z.number().int().optional() });

export const createSchemas = { companies: companyCreate, contacts: contactCreate, deals: dealCreate, activities: activityCreate } as const;
export const updateSchemas = { companies: companyUpdate, contacts: contactUpdate, deals: dealUpdate, activities: activityUpdate } as const;

/** What the API returns; every record has these, plus its own fields. */
export const recordBase = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
});

const addressView = z.object({
  street: z.string().nullable().optional(),
  street2: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  postalCode: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
});

export const companyView = recordBase.extend({
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  address: addressView.nullable(),
  website: z.string().nullable(),
  socialLinks: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
});

export const contactView = recordBase.extend({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  emails: z.array(z.string()).describe('The first is the primary email'),
  phones: z.array(z.string()).describe('The first is the primary phone'),
  title: z.string().nullable(),
  address: addressView.nullable(),
  lifecycleStage: z.string().nullable(),
  leadSource: z.string().nullable(),
  tags: z.array(z.string()),
  companyId: z.uuid().nullable().describe('The primary company'),
  companyIds: z.array(z.uuid()).describe('Every company the contact belongs to'),
  dealIds: z.array(z.uuid()),
});

export const dealView = recordBase.extend({
  name: z.string(),
  amount: z.string().nullable().describe('Decimal string with the currency’s precision, e.g. "1234.50"'),
  currency: z.string(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  closeDate: z.iso.date().nullable(),
  companyId: z.uuid().nullable(),
  contactIds: z.array(z.uuid()),
  tags: z.array(z.string()),
  stageChangedAt: z.iso.datetime(),
});

export const activityView = recordBase.extend({
  type: z.enum(activityTypes),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  occurredAt: z.iso.datetime(),
  status: z.enum(['open', 'done']).nullable(),
  completedAt: z.iso.datetime().nullable(),
  assigneeId: z.uuid().nullable(),
  contactIds: z.array(z.uuid()),
  companyIds: z.array(z.uuid()),
  dealIds: z.array(z.uuid()),
});

export const viewSchemas = { companies: companyView, contacts: contactView, deals: dealView, activities: activityView } as const;
