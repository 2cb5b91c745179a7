import { defineFeature } from '../providers/feature';
import { analysisSchema, type Analysis } from './analyze/analysis-schema';
import { cleanText } from './analyze/message-text';
import { analyzeLocally, type AnalyzeInput } from './analyze/local-analysis';

export { analysisSchema, entityTypes, intentLabels, sentimentLabels } from './analyze/analysis-schema';
export type { Analysis, AnalysisEntity, EntityType, IntentLabel } from './analyze/analysis-schema';
export { analyzeLocally } from './analyze/local-analysis';
export type { AnalyzeInput } from './analyze/local-analysis';

/**
 * Message analysis for the CRM: sentiment, entities with normalised values,
 * the sales intent, keywords and a one-line summary of an e-mail, chat or
 * call note. Cloud models answer from the `analyze` v2 prompt; offline, the
 * package's own NLP pipeline answers (see `analyzeLocally`).
 *
 * @example
 * const { output } = await ai.run(analyzeFeature, { text: email.body, now: email.receivedAt, knownNames: ['Ana Silva', 'Acme'] }, { workspaceId });
 * if (output.intent.label === 'buying_signal') await tasks.create({ dealId, title: 'Send the contract' });
 */
export const analyzeFeature = defineFeature<AnalyzeInput, Analysis>({
  name: 'analyze',
  prompt: { name: 'analyze', version: 2 },
  schema: analysisSchema,
  variables: (input) => ({
    // The model sees what the offline path analyses: the same cleaned, capped text.
    text: cleanText(input.text) || '(empty message)',
    today: isoDay(input.now),
    defaultCountry: countryOf(input.defaultCountry),
  }),
  local: analyzeLocally,
  sensitiveNames: (input) => knownNamesOf(input).filter((name) => name.trim().length >= 2),
  // A hundred entities with values fit in about 2,500 tokens; the rest of the answer in a few hundred.
  maxTokens: 3000,
});

/** The caller's names, tolerating a list that is missing or holds non-strings at run time. */
function knownNamesOf(input: AnalyzeInput): string[] {
  const names: unknown = input.knownNames;
  return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : [];
}

function isoDay(now: Date | undefined): string {
  const instant = now instanceof Date && Number.isFinite(now.getTime()) ? now : new Date();
  return instant.toISOString().slice(0, 10);
}

function countryOf(code: string | undefined): string {
  return typeof code === 'string' && /^[a-z]{2}$/i.test(code.trim()) ? code.trim().toUpperCase() : 'US';
}
