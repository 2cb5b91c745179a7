import { z } from 'zod';
import { objectNames } from '@nexus/crm-core';
import { defineRoute, idParams, type RouteDef } from '@nexus/http';
import { qualityObjects } from './data-quality';
import type { EnrichmentService } from './enrichment-service';

const provenanceEntry = z.object({
  value: z.unknown(),
  source: z.string().describe('normalisation, website, signature, email_domain, or a provider (people_data_labs, apollo)'),
  confidence: z.number().min(0).max(1),
  at: z.string().describe('When the source gave the value (ISO 8601)'),
});
const provenanceMap = z.record(z.string(), provenanceEntry);

const enrichBody = z
  .strictObject({
    sources: z
      .array(z.enum(['website', 'signature', 'providers']))
      .min(1)
      .max(3)
      .optional()
      .describe('Which sources to use; all that apply by default (website for companies, signature for contacts, paid providers when configured)'),
  })
  .optional();

const enrichResponse = z.object({
  data: z.object({
    record: z.record(z.string(), z.unknown()),
    filled: z.array(z.object({ field: z.string(), value: z.unknown(), previous: z.unknown(), kind: z.enum(['fill', 'append', 'merge']), source: z.string(), confidence: z.number(), at: z.string() })),
    conflicts: z.array(z.object({ field: z.string(), current: z.unknown(), proposed: z.unknown(), source: z.string(), confidence: z.number(), at: z.string() })),
    sources: z.array(z.object({ source: z.enum(['website', 'signature', 'providers']), status: z.string() }).loose()),
    provenance: provenanceMap,
  }),
});

const objectQuality = z.object({
  records: z.number().int(),
  score: z.number().nullable(),
  completeness: z.object({ score: z.number(), fields: z.record(z.string(), z.number()) }),
  validity: z.object({ score: z.number(), fields: z.record(z.string(), z.object({ checked: z.number(), valid: z.number(), share: z.number() })) }),
  duplicates: z.object({ records: z.number(), share: z.number() }),
});

const recordQuality = z.object({
  score: z.number(),
  completeness: z.number(),
  validity: z.number(),
  duplicate: z.boolean(),
  issues: z.array(z.object({ kind: z.enum(['missing', 'invalid', 'duplicate']), field: z.string().nullable() }).loose()),
});

function enrichRoute(service: EnrichmentService, object: 'companies' | 'contacts'): RouteDef {
  return defineRoute({
    method: 'POST',
    path: `/api/v1/${object}/:id/enrich`,
    auth: 'write',
    // Websites and providers are called outside any transaction; the service opens its own to read and to write.
    transaction: false,
    summary:
      object === 'companies'
        ? "Enrich a company from its website (name, description, logo, social links, JSON-LD Organization) and the paid providers; fills only empty fields"
        : "Enrich a contact from the signature of their latest email and the paid providers; fills only empty fields",
    tags: ['Enrichment'],
    params: idParams,
    body: enrichBody,
    responses: { 200: { description: `What was filled (with provenance), what conflicted and was left alone, and what each source answered`, schema: enrichResponse } },
    handler: async ({ auth, params, body, requestId, req }) => {
      const controller = new AbortController();
      req.raw.once('close', () => req.raw.complete || controller.abort());
      const options = { requestId, sources: body?.sources, signal: controller.signal };
      const result = object === 'companies' ? await service.enrichCompany(auth, params.id, options) : await service.enrichContact(auth, params.id, options);
      return { status: 200, body: { data: result } };
    },
  });
}

/**
 * The Enrichment service's HTTP API: enrichment, field provenance and data quality.
 *
 * @example
 * registerRoutes(app, [...core.routes, ...enrichmentRoutes(enrichment)], { db, authenticate });
 */
export function enrichmentRoutes(service: EnrichmentService): RouteDef[] {
  const provenanceRoutes = objectNames.map((object) =>
    defineRoute({
      method: 'GET',
      path: `/api/v1/${object}/:id/provenance`,
      auth: 'read',
      summary: 'Where each enriched or normalised value came from: source, confidence and time',
      tags: ['Enrichment'],
      params: idParams,
      responses: { 200: { description: 'By field name; fields typed by hand have no entry', schema: z.object({ data: provenanceMap }) } },
      handler: async ({ tx, auth, params, requestId }) => ({ status: 200, body: { data: await service.provenance({ tx, auth, requestId }, object, params.id) } }),
    }),
  );
  const recordQualityRoutes = qualityObjects.map((object) =>
    defineRoute({
      method: 'GET',
      path: `/api/v1/${object}/:id/data-quality`,
      auth: 'read',
      summary: 'The data-quality score of one record, with the issues found (missing key fields, invalid values, duplicates)',
      tags: ['Data quality'],
      params: idParams,
      responses: { 200: { description: 'Score 0–100 and issues', schema: z.object({ data: recordQuality }) } },
      handler: async ({ tx, auth, params, requestId }) => ({ status: 200, body: { data: await service.recordQuality({ tx, auth, requestId }, object, params.id) } }),
    }),
  );
  return [
    enrichRoute(service, 'companies'),
    enrichRoute(service, 'contacts'),
    ...provenanceRoutes,
    defineRoute({
      method: 'GET',
      path: '/api/v1/data-quality',
      auth: 'read',
      summary: "The workspace's data-quality score and, per record type, completeness of key fields, validity of emails, phones, domains and websites, and the share of duplicates",
      tags: ['Data quality'],
      responses: {
        200: {
          description: 'Scores are 0–100 (null without records); shares are 0–1',
          schema: z.object({ data: z.object({ score: z.number().nullable(), records: z.number().int(), objects: z.object({ contacts: objectQuality, companies: objectQuality }) }) }),
        },
      },
      handler: async ({ tx }) => ({ status: 200, body: { data: await service.workspaceQuality(tx) } }),
    }),
    ...recordQualityRoutes,
  ];
}
