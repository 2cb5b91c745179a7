import type { ReactNode } from 'react';
import type { Company, Contact, CustomFieldDefinition, Deal, Member, Pipeline, Stage } from '@/lib/records';

/** The objects that have a record table. */
export type TableObject = 'contacts' | 'companies' | 'deals';
export type TableRecord = Contact | Company | Deal;

/**
 * What a saved view stores and the table shows: the list API's own filter
 * object and sort string, and the visible columns in order
 * (`firstName`, `customFields.tier`).
 */
export interface TableState {
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
}

/** Everything a cell may need beyond its record: names of people, stages and companies, custom field definitions. */
export interface Lookups {
  members: Member[];
  memberById: Map<string, Member>;
  pipelines: Pipeline[];
  stageById: Map<string, Stage & { pipelineId: string; pipelineName: string }>;
  customFields: CustomFieldDefinition[];
  /** undefined while the name is being fetched, null when the company is unknown (deleted, hidden). */
  companyName: (id: string) => string | null | undefined;
  /** Remembers a name learnt elsewhere (a company picked in a form). */
  rememberCompany: (id: string, name: string) => void;
}

export interface Option {
  value: string;
  label: string;
}

/** The value an editor holds while the user types. */
export type EditValue = string | { first: string; last: string } | CompanyRef;
export interface CompanyRef {
  id: string | null;
  name: string;
}

export type EditorSpec =
  | { kind: 'text'; inputType?: 'text' | 'email' | 'url' | 'tel'; maxLength?: number }
  | { kind: 'number' }
  | { kind: 'date' }
  | { kind: 'select'; options: Option[]; allowEmpty: boolean }
  /** Several strings, comma separated (emails, phones, multi-select values). */
  | { kind: 'list'; inputType?: 'email' | 'tel' | 'text' }
  | { kind: 'name' }
  | { kind: 'company' };

/** A patch for PATCH /api/v1/{object}/{id}, or the message of a value that cannot be one. */
export type PatchResult = { patch: Record<string, unknown> } | { error: string };

export interface ColumnEdit<R> {
  editor: (record: R | undefined, lookups: Lookups) => EditorSpec;
  initial: (record: R, lookups: Lookups) => EditValue;
  toPatch: (value: EditValue, record: R | undefined) => PatchResult;
}

export interface ColumnDef<R = TableRecord> {
  key: string;
  label: string;
  width: number;
  /** The list API's sort field; columns without one cannot be sorted. */
  sortField?: string;
  align?: 'end';
  /** The primary column: always shown, first, sticky on narrow screens, links to the record. */
  primary?: boolean;
  render: (record: R, lookups: Lookups) => ReactNode;
  /** Plain text of the cell, for labels and results ("Ada Lovelace"). */
  text: (record: R, lookups: Lookups) => string;
  edit?: ColumnEdit<R>;
}
