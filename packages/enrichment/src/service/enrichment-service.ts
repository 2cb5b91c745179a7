import type { ObjectName, RecordContext, RecordService } from '@nexus/crm-core';
import type { Database, WorkspaceTx } from '@nexus/db';
import type { AuthContext, Clock } from '@nexus/platform';
import { createEnricher } from '../enricher/create-enricher';
import type { EnrichmentCache } from '../enricher/ports';
import { createApolloProvider } from '../providers/apollo';
import { createPeopleDataLabsProvider } from '../providers/people-data-labs';
import type { EnrichmentProvider } from '../providers/provider';
import { createDbCreditLedger } from './credit-ledger';
import { recordQuality, workspaceQuality, type DuplicateRecordIds, type QualityObject, type RecordQuality, type WorkspaceQuality } from './data-quality';
import { createRecordEnrichment, type EnrichResult, type EnrichSource } from './enrich-record';
import { readProvenance, type StoredProvenance } from './provenance-store';

export interface EnrichmentSettings {
  /** ISO country for phone numbers written without + (and signatures). */
  defaultCountry: string;
  /** Fetch websites on private, loopback and link-local addresses and any port. */
  allowPrivateNetworks: boolean;
  fetchTimeoutMs: number;
  fetchMaxBytes: number;
  /** How long a provider's answer is reused; a miss is remembered for at most a week. */
  cacheTtlHours: number;
  /** Paid lookups per workspace, per provider and calendar month (UTC). */
  monthlyCredits: number;
  providerTimeoutMs: number;
  peopleDataLabs?: { apiKey: string; baseUrl?: string | undefined } | undefined;
  apollo?: { apiKey: string; baseUrl?: string | undefined } | undefined;
}

export interface EnrichmentServiceDeps {
  db: Database;
  /** @nexus/cache's Cache fits. */
  cache: EnrichmentCache;
  clock: Clock;
  records: RecordService;
  /** From the duplicates service: the ids of a type's records that have a duplicate. */
  duplicateRecordIds: DuplicateRecordIds;
  settings: EnrichmentSettings;
}

const weekMs = 7 * 24 * 3_600_000;

/**
 * The Enrichment service: on-demand enrichment of companies and contacts
 * (website, email signatures, paid providers with cache and credits),
 * field provenance and data-quality scores. Normalisation on write is its
 * other half, installed into CRM Core as write hooks (`createNormaliseOnWrite`).
 *
 * @example
 * const enrichment = createEnrichmentService({ db, cache, clock, records: core.records, duplicateRecordIds, settings });
 * await enrichment.enrichCompany(auth, companyId, { requestId });
 */
export function createEnrichmentService(deps: EnrichmentServiceDeps) {
  const { settings } = deps;
  const providers: EnrichmentProvider[] = [];
  if (settings.peopleDataLabs) {
    providers.push(createPeopleDataLabsProvider({ apiKey: settings.peopleDataLabs.apiKey, timeoutMs: settings.providerTimeoutMs, ...(settings.peopleDataLabs.baseUrl ? { baseUrl: settings.peopleDataLabs.baseUrl } : {}) }));
  }
  if (settings.apollo) {
    providers.push(createApolloProvider({ apiKey: settings.apollo.apiKey, timeoutMs: settings.providerTimeoutMs, ...(settings.apollo.baseUrl ? { baseUrl: settings.apollo.baseUrl } : {}) }));
  }
  const credits = createDbCreditLedger(deps.db, { monthlyCredits: settings.monthlyCredits });
  const hitTtlMs = settings.cacheTtlHours * 3_600_000;
  const enricher = providers.length === 0 ? undefined : createEnricher({ providers, cache: deps.cache, credits, clock: deps.clock, hitTtlMs, missTtlMs: Math.min(hitTtlMs, weekMs) });
  const enrich = createRecordEnrichment({
    db: deps.db,
    records: deps.records,
    clock: deps.clock,
    enricher,
    website: { allowPrivate: settings.allowPrivateNetworks, timeoutMs: settings.fetchTimeoutMs, maxBytes: settings.fetchMaxBytes },
    defaultCountry: settings.defaultCountry,
  });

  type EnrichOptions = { requestId: string | null; sources?: readonly EnrichSource[] | undefined; signal?: AbortSignal };

  return {
    providers: providers.map((p) => p.name),
    enrichCompany: (auth: AuthContext, id: string, options: EnrichOptions): Promise<EnrichResult> => enrich.company(auth, id, options),
    enrichContact: (auth: AuthContext, id: string, options: EnrichOptions): Promise<EnrichResult> => enrich.contact(auth, id, options),

    /** Every field's provenance of a record the caller can see (404 otherwise). */
    async provenance(ctx: RecordContext, object: ObjectName, id: string): Promise<Record<string, StoredProvenance>> {
      await deps.records.get(ctx, object, id);
      return readProvenance(ctx.tx, id);
    },

    workspaceQuality: (tx: WorkspaceTx): Promise<WorkspaceQuality> => workspaceQuality(tx, deps.duplicateRecordIds),

    async recordQuality(ctx: RecordContext, object: QualityObject, id: string): Promise<RecordQuality> {
      const record = await deps.records.get(ctx, object, id);
      const duplicates = await deps.duplicateRecordIds(ctx.tx, object);
      return recordQuality(object, record, duplicates.has(id));
    },

    /** Credits used this month per provider. */
    creditsUsed: (workspaceId: string): Promise<Record<string, number>> => credits.used(workspaceId, deps.clock.now().toISOString().slice(0, 7)),
  };
}

export type EnrichmentService = ReturnType<typeof createEnrichmentService>;
