/**
 * How each record type maps between the API and its table. One description
 * drives reads, writes, filters, sorts and the audit diff, so a field added
 * here is at once readable, writable, filterable and audited.
 */
export type FieldType = 'uuid' | 'text' | 'text[]' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'boolean' | 'json';

export interface FieldSpec {
  column: string;
  type: FieldType;
  /** Set by the server, never by a client. */
  readOnly?: boolean;
  /** Sortable fields have an index or a small enough table to sort on. */
  sortable?: boolean;
  /** Never null: lets list queries use plain keyset comparisons that indexes serve. */
  notNull?: boolean;
}

/** A many-to-many link exposed as an array of ids on the record. */
export interface RelationSpec {
  /** Link table and its columns. */
  table: string;
  ownColumn: string;
  otherColumn: string;
  /** Extra fixed condition on the link table (activity links name the object). */
  where?: string;
  /** Derived relations are read here but written from the other side (a contact's deals). */
  readOnly?: boolean;
}

export type ObjectName = 'companies' | 'contacts' | 'deals' | 'activities';
export const objectNames = ['companies', 'contacts', 'deals', 'activities'] as const satisfies readonly ObjectName[];

export interface ObjectSpec {
  name: ObjectName;
  singular: string;
  table: string;
  fields: Record<string, FieldSpec>;
  relations: Record<string, RelationSpec>;
  defaultSort: string;
  /** Column that "only records I own" visibility checks. */
  ownerColumns: string[];
}

const common: Record<string, FieldSpec> = {
  id: { column: 'id', type: 'uuid', readOnly: true, sortable: true, notNull: true },
  externalId: { column: 'external_id', type: 'text', sortable: true },
  ownerId: { column: 'owner_id', type: 'uuid', sortable: true },
  customFields: { column: 'custom_fields', type: 'json' },
  createdBy: { column: 'created_by', type: 'uuid', readOnly: true },
  createdAt: { column: 'created_at', type: 'timestamp', readOnly: true, sortable: true, notNull: true },
  updatedAt: { column: 'updated_at', type: 'timestamp', readOnly: true, sortable: true, notNull: true },
  version: { column: 'version', type: 'integer', readOnly: true },
};

export const objectSpecs: Record<ObjectName, ObjectSpec> = {
  companies: {
    name: 'companies',
    singular: 'company',
    table: 'companies',
    defaultSort: '-createdAt',
    ownerColumns: ['owner_id'],
    fields: {
      ...common,
      name: { column: 'name', type: 'text', sortable: true, notNull: true },
      domain: { column: 'domain', type: 'text', sortable: true },
      industry: { column: 'industry', type: 'text', sortable: true },
      size: { column: 'size', type: 'text', sortable: true },
      address: { column: 'address', type: 'json' },
      website: { column: 'website', type: 'text', sortable: true },
      socialLinks: { column: 'social_links', type: 'json' },
      tags: { column: 'tags', type: 'text[]' },
    },
    // A company's contacts can number thousands: they are a related list, filterable here, not an array on the record.
    relations: {},
  },
  contacts: {
    name: 'contacts',
    singular: 'contact',
    table: 'contacts',
    defaultSort: '-createdAt',
    ownerColumns: ['owner_id'],
    fields: {
      ...common,
      firstName: { column: 'first_name', type: 'text', sortable: true },
      lastName: { column: 'last_name', type: 'text', sortable: true },
      emails: { column: 'emails', type: 'text[]' },
      phones: { column: 'phones', type: 'text[]' },
      title: { column: 'title', type: 'text', sortable: true },
      address: { column: 'address', type: 'json' },
      lifecycleStage: { column: 'lifecycle_stage', type: 'text', sortable: true },
      leadSource: { column: 'lead_source', type: 'text', sortable: true },
      tags: { column: 'tags', type: 'text[]' },
      companyId: { column: 'company_id', type: 'uuid', sortable: true },
    },
    relations: {
      companyIds: { table: 'contact_companies', ownColumn: 'contact_id', otherColumn: 'company_id' },
      dealIds: { table: 'deal_contacts', ownColumn: 'contact_id', otherColumn: 'deal_id', readOnly: true },
    },
  },
  deals: {
    name: 'deals',
    singular: 'deal',
    table: 'deals',
    defaultSort: '-createdAt',
    ownerColumns: ['owner_id'],
    fields: {
      ...common,
      name: { column: 'name', type: 'text', sortable: true, notNull: true },
      amount: { column: 'amount', type: 'decimal', sortable: true },
      currency: { column: 'currency', type: 'text', sortable: true },
      pipelineId: { column: 'pipeline_id', type: 'uuid', sortable: true },
      stageId: { column: 'stage_id', type: 'uuid', sortable: true },
      closeDate: { column: 'close_date', type: 'date', sortable: true },
      companyId: { column: 'company_id', type: 'uuid', sortable: true },
      tags: { column: 'tags', type: 'text[]' },
      stageChangedAt: { column: 'stage_changed_at', type: 'timestamp', readOnly: true, sortable: true, notNull: true },
    },
    relations: {
      contactIds: { table: 'deal_contacts', ownColumn: 'deal_id', otherColumn: 'contact_id' },
    },
  },
  activities: {
    name: 'activities',
    singular: 'activity',
    table: 'activities',
    defaultSort: '-occurredAt',
    ownerColumns: ['owner_id', 'assignee_id'],
    fields: {
      ...common,
      type: { column: 'type', type: 'text', sortable: true },
      subject: { column: 'subject', type: 'text', sortable: true },
      body: { column: 'body', type: 'text' },
      dueAt: { column: 'due_at', type: 'timestamp', sortable: true },
      occurredAt: { column: 'occurred_at', type: 'timestamp', sortable: true, notNull: true },
      status: { column: 'status', type: 'text', sortable: true },
      completedAt: { column: 'completed_at', type: 'timestamp', sortable: true },
      assigneeId: { column: 'assignee_id', type: 'uuid', sortable: true },
    },
    relations: {
      contactIds: { table: 'activity_links', ownColumn: 'activity_id', otherColumn: 'record_id', where: `object = 'contacts'` },
      companyIds: { table: 'activity_links', ownColumn: 'activity_id', otherColumn: 'record_id', where: `object = 'companies'` },
      dealIds: { table: 'activity_links', ownColumn: 'activity_id', otherColumn: 'record_id', where: `object = 'deals'` },
    },
  },
};
