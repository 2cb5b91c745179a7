import { z } from 'zod';

export const sentimentLabels = ['positive', 'neutral', 'negative'] as const;
export const entityTypes = ['person', 'organization', 'money', 'date', 'email', 'phone', 'url'] as const;
export const intentLabels = ['meeting_request', 'pricing_question', 'objection', 'buying_signal', 'out_of_office', 'unsubscribe', 'other'] as const;

export type EntityType = (typeof entityTypes)[number];
export type IntentLabel = (typeof intentLabels)[number];

/** Longest summary, in characters. */
export const maxSummaryLength = 240;
export const maxEntities = 100;
export const maxKeywords = 10;

/**
 * What the `analyze` feature answers, from a model or offline. The
 * descriptions travel to the model inside the prompt's JSON Schema, so they
 * say what each value means, not how it is computed.
 */
export const analysisSchema = z.object({
  sentiment: z.object({
    label: z.enum(sentimentLabels),
    score: z.number().min(-1).max(1).describe('-1 very negative … 1 very positive'),
  }),
  entities: z
    .array(
      z.object({
        type: z.enum(entityTypes),
        text: z.string().min(1).describe('exactly as written in the message'),
        value: z
          .string()
          .optional()
          .describe("normalised: YYYY-MM-DD for a date that can be resolved, E.164 for a phone, lower-cased e-mail, '50000 USD' for money, absolute URL"),
      }),
    )
    .max(maxEntities),
  intent: z.object({
    label: z.enum(intentLabels),
    confidence: z.number().min(0).max(1),
  }),
  keywords: z.array(z.string().min(1).lowercase()).max(maxKeywords),
  summary: z
    .string()
    .min(1)
    .max(maxSummaryLength)
    .regex(/^[^\r\n]+$/, 'one line'),
});

export type Analysis = z.infer<typeof analysisSchema>;
export type AnalysisEntity = Analysis['entities'][number];
