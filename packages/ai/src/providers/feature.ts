import type { z } from 'zod';

/**
 * One AI feature (analyse a message, draft a reply, summarise a deal): what
 * it asks, what a valid answer looks like and how to answer offline. The AI
 * client does the rest: provider choice, redaction, retries, validation and
 * fallback.
 */
export interface FeatureDef<I, O> {
  /** Stable name, used in usage records, per-workspace model settings and logs, e.g. `analyze`. */
  name: string;
  /** The versioned prompt file in `src/prompts`, e.g. `{ name: 'analyze', version: 1 }`. */
  prompt: { name: string; version?: number };
  /** What a valid answer is. For `json` output, its JSON Schema is given to the prompt as `{{schema}}`. */
  schema: z.ZodType<O>;
  /** `json` (default): one JSON object, parsed then validated. `text`: the trimmed answer, validated as a string. */
  output?: 'json' | 'text';
  /** Values for the prompt's placeholders. Put text from users in `{{data:...}}` placeholders. */
  variables(input: I): Record<string, string>;
  /**
   * The offline answer, from rules, templates or the package's own small
   * models. It ends every provider chain, so it must answer without the
   * network and without failing.
   */
  local(input: I): O | Promise<O>;
  /** Names in the input (contacts, companies) to hide from providers outside this process. */
  sensitiveNames?(input: I): readonly string[];
  /** Output token limit. Default 1024. */
  maxTokens?: number;
}

/**
 * Declares a feature with its types inferred.
 *
 * @example
 * export const summarizeDeal = defineFeature({
 *   name: 'summarize-deal',
 *   prompt: { name: 'summarize-deal', version: 1 },
 *   schema: z.object({ summary: z.string() }),
 *   variables: (deal: Deal) => ({ notes: deal.notes }),
 *   local: (deal) => ({ summary: deal.notes.slice(0, 200) }),
 * });
 */
export function defineFeature<I, O>(feature: FeatureDef<I, O>): FeatureDef<I, O> {
  return feature;
}
