/** The records of the CRM as the API returns them (`GET /api/v1/{object}`). */

export type ObjectName = 'contacts' | 'companies' | 'deals' | 'activities';

interface RecordBase {
  id: string;
  version: number;
  externalId: string | null;
  ownerId: string | null;
  customFields: Record<string, unknown>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Address {
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface Contact extends RecordBase {
  firstName: string | null;
  lastName: string | null;
  emails: string[];
  phones: string[];
  title: string | null;
  address: Address | null;
  lifecycleStage: string | null;
  leadSource: string | null;
  tags: string[];
  companyId: string | null;
  companyIds: string[];
  dealIds: string[];
}

export interface Company extends RecordBase {
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  address: Address | null;
  website: string | null;
  socialLinks: Record<string, string>;
  tags: string[];
}

export interface Deal extends RecordBase {
  name: string;
  amount: string | null;
  currency: string;
  pipelineId: string;
  stageId: string;
  closeDate: string | null;
  companyId: string | null;
  contactIds: string[];
  tags: string[];
  stageChangedAt: string;
}

export type ActivityType = 'note' | 'task' | 'call' | 'meeting' | 'email';

export interface Activity extends RecordBase {
  type: ActivityType;
  subject: string | null;
  body: string | null;
  dueAt: string | null;
  occurredAt: string;
  status: 'open' | 'done' | null;
  completedAt: string | null;
  assigneeId: string | null;
  contactIds: string[];
  companyIds: string[];
  dealIds: string[];
}

export interface Stage {
  id: string;
  name: string;
  probability: number;
  type: 'open' | 'won' | 'lost';
  position: number;
}

export interface Pipeline {
  id: string;
  externalId: string | null;
  name: string;
  isDefault: boolean;
  stages: Stage[];
  version: number;
}

export type CustomFieldType = 'text' | 'number' | 'currency' | 'date' | 'boolean' | 'select' | 'multi_select' | 'url' | 'email' | 'phone';

export interface CustomFieldDefinition {
  id: string;
  object: ObjectName;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[] | null;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'member' | 'read_only';
  joinedAt: string;
}

export function contactName(c: Pick<Contact, 'firstName' | 'lastName' | 'emails'>): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || c.emails[0] || 'Unnamed contact';
}

/** "$12,500" for an amount the API sends as a decimal string. */
export function formatMoney(amount: string | null, currency: string, options: { compact?: boolean } = {}): string {
  if (amount === null || amount === '') return '';
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: options.compact ? 0 : 2, notation: options.compact ? 'compact' : 'standard' }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function formatDate(value: string | null): string {
  if (!value) return '';
  const date = value.length === 10 ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(value: string | null): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}
