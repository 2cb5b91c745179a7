import { z } from 'zod';
import { defineFeature } from '../providers/feature';
import { draftFeature, draftSchema, type Draft, type DraftInput } from './draft';

/**
 * The draft as plain text (`Subject: …`, a blank line, the body), for
 * streaming to a reader while the model writes it; same data, same rules
 * and same offline answer as `draftFeature`.
 *
 * @example
 * for await (const text of ai.stream(draftTextFeature, input, context)) res.write(text);
 */
export const draftTextFeature = defineFeature<DraftInput, string>({
  name: 'draft',
  prompt: { name: 'draft-text', version: 1 },
  schema: z.string().min(1).max(12_000),
  output: 'text',
  variables: (input) => draftFeature.variables(input),
  local: async (input) => draftText(await draftFeature.local(input)),
  sensitiveNames: (input) => draftFeature.sensitiveNames?.(input) ?? [],
  maxTokens: 2500,
});

export function draftText(draft: Draft): string {
  return `Subject: ${draft.subject}\n\n${draft.body}`;
}

/**
 * A streamed draft split into subject and body: the first line when it
 * starts with "Subject:", else a subject from the body's first words.
 */
export function splitDraftText(text: string): Draft {
  const trimmed = text.replace(/^\s*```[a-z]*\s*|\s*```\s*$/g, '').trim();
  const match = /^subject:[ \t]*(.*)\r?\n/i.exec(trimmed);
  const body = (match ? trimmed.slice(match[0].length) : trimmed).trim() || trimmed;
  const firstWords = body.split(/\s+/).slice(0, 8).join(' ');
  const subject = (match?.[1]?.trim() || firstWords || 'Draft').slice(0, 200);
  return draftSchema.parse({ subject, body: body.slice(0, 8000) || subject });
}
