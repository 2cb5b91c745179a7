import { objectNames } from '@nexus/crm-core';
import { defineFeature } from '../providers/feature';
import { createCalendar, formatDate, isoWeekday } from './query/calendar';
import { fieldsOf, type FieldInfo } from './query/fields';
import { guessResource, parseQuestion } from './query/parse-question';
import { baseQuerySchema, type ParsedQuery, type QueryInput } from './query/query.schemas';
import { maxValueLength } from './query/tokenize';
import { queryErrors, validateQuery } from './query/validate-query';
import { pluralOf } from './query/vocabulary';

export { parseQuestion } from './query/parse-question';
export { validateQuery } from './query/validate-query';
export type { QueryCheck } from './query/validate-query';
export { queryOperators } from './query/query.schemas';
export type { ParsedQuery, QueryCondition, QueryContext, QueryCustomField, QueryFilter, QueryInput, QueryOperator, QueryResource, QueryStage } from './query/query.schemas';

/**
 * A list query in the list API's own filter language, with a sentence for
 * the user to read before it runs. Besides the shape, every field, operator,
 * value and sort must exist on the record type, so a model's answer that
 * names an unknown field goes back for repair; a custom field's key is taken
 * on trust here and checked by `validateQuery` with the workspace's fields.
 */
export const querySchema = baseQuerySchema.superRefine((query, ctx) => {
  for (const message of queryErrors(query, 'any')) ctx.addIssue({ code: 'custom', message, path: ['filter'] });
});

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The operators worth offering the model per field; the list API accepts a few more that mean nothing (gt on a UUID). */
function operatorsText(field: FieldInfo): string {
  if (field.kind === 'relation') return 'ids of linked records; contains (linked to this id), in (linked to any), isEmpty';
  if (field.kind === 'array') return 'list of text; contains (has exactly this element, case-sensitive), in (has any of these), isEmpty';
  if (field.kind === 'json_array') return 'multi-select; contains (has this option), in (has any of these), isEmpty';
  const ops: Record<FieldInfo['type'], string> = {
    uuid: 'UUID; eq, ne, in, nin, isEmpty',
    text: 'text; eq, ne, in, nin, contains, startsWith (both case-insensitive), isEmpty',
    integer: 'whole number as a string; eq, ne, gt, gte, lt, lte, in, nin, isEmpty',
    numeric: 'decimal as a string such as "50000"; eq, ne, gt, gte, lt, lte, in, nin, isEmpty',
    date: 'date YYYY-MM-DD; eq, gt, gte, lt, lte, isEmpty',
    timestamp: 'ISO 8601 instant with offset; gt, gte, lt, lte, isEmpty',
    boolean: '"true" or "false"; eq, ne, isEmpty',
  };
  return ops[field.type];
}

/** Built-in fields per record type, for the prompt. */
function fieldList(): string {
  return objectNames
    .map((resource) => {
      const lines = fieldsOf(resource).map((field) => `- ${field.name}: ${operatorsText(field)}${field.sortable ? '; sortable' : ''}`);
      return `${resource}:\n${lines.join('\n')}`;
    })
    .join('\n\n');
}

function queryVariables(input: QueryInput): Record<string, string> {
  const { context } = input;
  const valid = context.now instanceof Date && !Number.isNaN(context.now.getTime());
  const calendar = createCalendar(valid ? context.now : new Date(0), context.timeZone);
  const customFields = (context.customFields ?? [])
    .flatMap((custom) => {
      const field = fieldsOf(custom.object, [custom]).at(-1);
      return field ? [`- ${custom.object} ${field.name} "${custom.label}" (${custom.type}): ${operatorsText(field)}${field.sortable ? '; sortable' : ''}`] : [];
    })
    .join('\n');
  const stages = (context.stages ?? []).map((stage) => `- ${stage.id}: "${stage.name}" (${stage.type}${stage.pipelineName ? `, pipeline "${stage.pipelineName}"` : ''})`).join('\n');
  return {
    question: input.question,
    fields: fieldList(),
    customFields: customFields || '(none)',
    stages: stages || '(none known)',
    today: valid ? `${formatDate(calendar.today)} (${weekdays[isoWeekday(calendar.today) - 1]})` : 'unknown',
    now: valid ? context.now.toISOString() : 'unknown',
    timeZone: calendar.timeZone,
    utcOffset: calendar.utcOffset(),
    userId: context.userId,
    maxValueLength: String(maxValueLength),
  };
}

/** When the offline parser cannot read the question: every record of the likeliest type, and saying so. */
function fallback(input: QueryInput): ParsedQuery {
  const resource = guessResource(input.question, input.context);
  return { resource, filter: {}, sort: null, explanation: `The question was not understood, so this shows all ${pluralOf[resource]}.` };
}

/**
 * "Ask in plain English": a question as a list query the client shows, and
 * can edit, before running it.
 *
 * @example
 * const { value } = await ai.run(queryFeature, { question: 'my deals over 50k closing this quarter', context }, callContext);
 * const check = validateQuery(value, context);
 */
export const queryFeature = defineFeature<QueryInput, ParsedQuery>({
  name: 'query',
  prompt: { name: 'query', version: 1 },
  schema: querySchema,
  variables: queryVariables,
  local(input) {
    try {
      const parsed = parseQuestion(input.question, input.context);
      return parsed && querySchema.safeParse(parsed).success && validateQuery(parsed, input.context).ok ? parsed : fallback(input);
    } catch {
      // The local answer ends every provider chain and must not fail: a
      // parser defect on an odd question costs the filter, not the answer.
      return fallback(input);
    }
  },
  maxTokens: 800,
});
