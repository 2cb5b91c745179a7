import { z } from 'zod';
import { defineFeature } from '../feature';

/**
 * A sample feature over the `analyze` prompt, for the provider layer's
 * tests: a zod schema, the prompt's values and a small rule-based offline
 * answer. The product's own message analysis builds on the same prompt.
 */
export const analysisSchema = z.object({
  sentiment: z.object({ label: z.enum(['positive', 'neutral', 'negative']), score: z.number().min(-1).max(1) }),
  entities: z
    .array(z.object({ type: z.enum(['person', 'organization', 'email', 'phone', 'money', 'date', 'product', 'location']), text: z.string().min(1) }))
    .max(50),
  intent: z.enum(['purchase', 'pricing', 'support', 'complaint', 'meeting', 'cancellation', 'information', 'other']),
  keywords: z.array(z.string().min(1)).max(10),
  summary: z.string().min(1).max(400),
});

export type Analysis = z.infer<typeof analysisSchema>;

export interface AnalyzeInput {
  text: string;
  /** Contacts and companies the CRM knows to be named in the text. */
  knownNames?: string[];
}

const positiveWords = new Set(['great', 'good', 'happy', 'love', 'excellent', 'thanks', 'thank', 'pleased', 'perfect', 'interested', 'glad']);
const negativeWords = new Set(['bad', 'angry', 'disappointed', 'broken', 'terrible', 'unhappy', 'problem', 'issue', 'cancel', 'refund', 'worst', 'slow']);
const negations = new Set(['not', 'no', 'never', "don't", "isn't", "wasn't", "didn't", 'hardly']);
const stopWords = new Set(['this', 'that', 'with', 'have', 'from', 'your', 'they', 'will', 'would', 'could', 'about', 'there', 'their', 'what', 'when', 'which', 'were', 'been', 'also', 'just', 'please', 'thanks']);

const intentRules: Array<[Analysis['intent'], RegExp]> = [
  ['cancellation', /\b(cancel|terminate|end (?:our|my) (?:contract|subscription))/i],
  ['complaint', /\b(disappointed|unacceptable|complain|angry|terrible|worst)/i],
  ['pricing', /\b(price|pricing|quote|discount|cost)/i],
  ['meeting', /\b(meet|meeting|call|demo|schedule)/i],
  ['support', /\b(broken|error|bug|not working|help|issue|problem)/i],
  ['purchase', /\b(buy|purchase|order|sign|contract)/i],
  ['information', /\?|\b(information|details|brochure)/i],
];

function localAnalysis(input: AnalyzeInput): Analysis {
  const words = input.text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let score = 0;
  words.forEach((word, index) => {
    const polarity = positiveWords.has(word) ? 1 : negativeWords.has(word) ? -1 : 0;
    const negated = words.slice(Math.max(0, index - 2), index).some((previous) => negations.has(previous));
    score += negated ? -polarity : polarity;
  });
  const normalised = Math.max(-1, Math.min(1, score / 3));
  const label = normalised > 0.1 ? 'positive' : normalised < -0.1 ? 'negative' : 'neutral';
  const entities: Analysis['entities'] = [
    ...(input.text.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? []).map((text) => ({ type: 'email' as const, text })),
    ...(input.text.match(/[$€£]\s?\d[\d,.]*(?:\s?[kKmM])?/g) ?? []).map((text) => ({ type: 'money' as const, text })),
    ...(input.knownNames ?? []).filter((name) => input.text.includes(name)).map((text) => ({ type: 'person' as const, text })),
  ];
  const counts = new Map<string, number>();
  for (const word of words) if (word.length >= 4 && !stopWords.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const keywords = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([word]) => word);
  const firstSentence = (input.text.trim().split(/(?<=[.!?])\s/)[0] ?? '').trim();
  return {
    sentiment: { label, score: Math.round(normalised * 100) / 100 },
    entities: entities.slice(0, 50),
    intent: intentRules.find(([, pattern]) => pattern.test(input.text))?.[0] ?? 'other',
    keywords,
    summary: (firstSentence || 'Empty message.').slice(0, 200),
  };
}

export const analyzeFeature = defineFeature<AnalyzeInput, Analysis>({
  name: 'analyze',
  prompt: { name: 'analyze', version: 1 },
  schema: analysisSchema,
  variables: (input) => ({ text: input.text }),
  local: localAnalysis,
  sensitiveNames: (input) => input.knownNames ?? [],
  maxTokens: 800,
});
