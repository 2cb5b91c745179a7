import type { CustomFieldDefinition } from '@/lib/records';
import { companySizes, humanise, lifecycleStages } from './columns';
import type { Lookups, Option, TableObject } from './table-types';

/** How a field is filtered: which operators apply and what kind of value they take. */
export type FilterKind = 'text' | 'number' | 'date' | 'instant' | 'select' | 'member' | 'stage' | 'company' | 'array' | 'boolean' | 'multi';

export interface FilterField {
  field: string;
  label: string;
  kind: FilterKind;
  options?: Option[];
}

/** An operator as the user sees it; `isNotEmpty` is the API's `isEmpty: false`. */
export type UiOperator = 'contains' | 'eq' | 'ne' | 'startsWith' | 'gt' | 'gte' | 'lt' | 'lte' | 'isEmpty' | 'isNotEmpty';

export interface Condition {
  id: string;
  field: string;
  op: UiOperator;
  value: string;
}

const opLabels: Record<FilterKind, Partial<Record<UiOperator, string>>> = {
  text: { contains: 'contains', eq: 'is', ne: 'is not', startsWith: 'starts with', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  number: { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  date: { eq: 'is', lt: 'is before', gt: 'is after', lte: 'is on or before', gte: 'is on or after', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  instant: { lt: 'is before', gte: 'is on or after' },
  select: { eq: 'is', ne: 'is not', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  member: { eq: 'is', ne: 'is not', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  stage: { eq: 'is', ne: 'is not' },
  company: { eq: 'is', ne: 'is not', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  array: { contains: 'includes', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
  boolean: { eq: 'is' },
  multi: { contains: 'includes', isEmpty: 'is empty', isNotEmpty: 'is not empty' },
};

export function operatorsFor(kind: FilterKind): { op: UiOperator; label: string }[] {
  return Object.entries(opLabels[kind]).map(([op, label]) => ({ op: op as UiOperator, label }));
}

export const needsValue = (op: UiOperator) => op !== 'isEmpty' && op !== 'isNotEmpty';

function customKind(definition: CustomFieldDefinition): FilterKind {
  switch (definition.type) {
    case 'number':
    case 'currency':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'select':
      return 'select';
    case 'multi_select':
      return 'multi';
    default:
      return 'text';
  }
}

/** Every field of an object a user can filter on, custom fields included. */
export function filterFields(object: TableObject, lookups: Lookups): FilterField[] {
  const members: Option[] = lookups.members.map((m) => ({ value: m.userId, label: m.name || m.email }));
  const several = lookups.pipelines.length > 1;
  const stages: Option[] = lookups.pipelines.flatMap((p) => p.stages.map((s) => ({ value: s.id, label: several ? `${p.name} · ${s.name}` : s.name })));
  const common: FilterField[] = [
    { field: 'ownerId', label: 'Owner', kind: 'member', options: members },
    { field: 'tags', label: 'Tags', kind: 'array' },
    { field: 'createdAt', label: 'Created', kind: 'instant' },
    { field: 'updatedAt', label: 'Updated', kind: 'instant' },
  ];
  const own: Record<TableObject, FilterField[]> = {
    contacts: [
      { field: 'firstName', label: 'First name', kind: 'text' },
      { field: 'lastName', label: 'Last name', kind: 'text' },
      { field: 'emails', label: 'Email', kind: 'array' },
      { field: 'phones', label: 'Phone', kind: 'array' },
      { field: 'title', label: 'Title', kind: 'text' },
      { field: 'companyId', label: 'Company', kind: 'company' },
      { field: 'lifecycleStage', label: 'Lifecycle stage', kind: 'select', options: lifecycleStages },
      { field: 'leadSource', label: 'Lead source', kind: 'text' },
    ],
    companies: [
      { field: 'name', label: 'Name', kind: 'text' },
      { field: 'domain', label: 'Domain', kind: 'text' },
      { field: 'industry', label: 'Industry', kind: 'text' },
      { field: 'size', label: 'Size', kind: 'select', options: companySizes },
      { field: 'website', label: 'Website', kind: 'text' },
    ],
    deals: [
      { field: 'name', label: 'Name', kind: 'text' },
      { field: 'amount', label: 'Amount', kind: 'number' },
      { field: 'currency', label: 'Currency', kind: 'text' },
      { field: 'stageId', label: 'Stage', kind: 'stage', options: stages },
      { field: 'closeDate', label: 'Close date', kind: 'date' },
      { field: 'companyId', label: 'Company', kind: 'company' },
    ],
  };
  const custom = lookups.customFields
    .filter((d) => d.object === object)
    .map(
      (d): FilterField => ({
        field: `customFields.${d.key}`,
        label: d.label,
        kind: customKind(d),
        options: d.type === 'boolean' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : (d.options ?? undefined)?.map((o) => ({ value: o, label: o })),
      }),
    );
  return [...own[object], ...common, ...custom];
}

/** A condition the user has not finished yet (no value) is left out rather than sent half-made. */
export function isComplete(c: Condition): boolean {
  return !needsValue(c.op) || c.value.trim() !== '';
}

/** A value the API would refuse, caught before the round trip. */
export function conditionError(c: Condition, field: FilterField | undefined): string | undefined {
  if (!field) return 'Choose a field';
  if (!needsValue(c.op)) return undefined;
  const v = c.value.trim();
  if (!v) return 'Enter a value';
  if (field.kind === 'number' && !/^-?\d{1,20}(\.\d{1,10})?$/.test(v.replace(/[\s,]/g, ''))) return 'Enter a number';
  if ((field.kind === 'date' || field.kind === 'instant') && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'Enter a date';
  return undefined;
}

/** Conditions → the list API's filter JSON; several conditions on one field share its object (ANDed). */
export function toFilter(conditions: Condition[], fields: FilterField[]): Record<string, unknown> | null {
  const filter: Record<string, Record<string, unknown>> = {};
  for (const c of conditions) {
    const field = fields.find((f) => f.field === c.field);
    if (!field || !isComplete(c) || conditionError(c, field)) continue;
    const target = (filter[c.field] ??= {});
    if (c.op === 'isEmpty' || c.op === 'isNotEmpty') target.isEmpty = c.op === 'isEmpty';
    else if (field.kind === 'boolean') target[c.op] = c.value === 'true';
    else if (field.kind === 'number') target[c.op] = c.value.replace(/[\s,]/g, '');
    else target[c.op] = c.value.trim();
  }
  return Object.keys(filter).length ? filter : null;
}

let nextId = 1;
export const newConditionId = () => `c${nextId++}`;

/** The filter JSON of a saved view → conditions the builder can show and change. */
export function fromFilter(filter: Record<string, unknown> | null): Condition[] {
  if (!filter) return [];
  const out: Condition[] = [];
  for (const [field, spec] of Object.entries(filter)) {
    const clauses: [string, unknown][] = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? Object.entries(spec) : [['eq', spec]];
    for (const [op, value] of clauses) {
      if (op === 'isEmpty') {
        out.push({ id: newConditionId(), field, op: value === false || value === 'false' ? 'isNotEmpty' : 'isEmpty', value: '' });
        continue;
      }
      const known = ['contains', 'eq', 'ne', 'startsWith', 'gt', 'gte', 'lt', 'lte'].includes(op);
      const text = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
      out.push({ id: newConditionId(), field, op: known ? (op as UiOperator) : 'eq', value: text });
    }
  }
  return out;
}

/** "Lifecycle stage is Lead", for the chips above the table. */
export function describeCondition(c: Condition, fields: FilterField[], lookups: Lookups): string {
  const field = fields.find((f) => f.field === c.field);
  if (!field) return `${humanise(c.field.replace(/^customFields\./, ''))} (unknown field)`;
  const op = opLabels[field.kind][c.op] ?? c.op;
  if (!needsValue(c.op)) return `${field.label} ${op}`;
  let value = c.value;
  if (field.kind === 'company') value = lookups.companyName(c.value) ?? 'a company';
  else if (field.options) value = field.options.find((o) => o.value === c.value)?.label ?? c.value;
  return `${field.label} ${op} ${value}`;
}
