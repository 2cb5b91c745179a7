import { createHash } from 'node:crypto';
import { AppError, isAppError, type Clock } from '@nexus/platform';
import type { CompanyFields, CurrentValues, FieldCandidates, PersonFields } from '../fields';
import { isRecord } from '../internal/text';
import { proposeChanges, isEmptyValue, type FieldConflict, type ProposedChange } from '../propose-changes';
import { provenance } from '../provenance';
import type { CompanyQuery, EnrichmentProvider, PersonQuery, ProviderFailureReason, ProviderLookup } from '../providers/provider';
import type { CreditLedger, EnrichmentCache } from './ports';

export interface EnricherDeps {
  /** Tried in order until one matches (a waterfall: the cheapest or best first). */
  providers: readonly EnrichmentProvider[];
  cache: EnrichmentCache;
  credits: CreditLedger;
  clock: Clock;
  /** How long a match is reused. Default 30 days. */
  hitTtlMs?: number;
  /** How long a miss is remembered, so it is not paid for again. Default 7 days. */
  missTtlMs?: number;
  /** Offers below this confidence are not proposed. Default 0.5. */
  minConfidence?: number;
}

export interface ProviderAttempt {
  provider: string;
  outcome: 'matched' | 'no_match' | 'insufficient_query' | 'budget_exhausted' | 'failed';
  /** Answered from the cache: no call, no credits. */
  cached: boolean;
  creditsSpent: number;
  reason?: ProviderFailureReason;
  detail?: string;
}

export interface EnrichmentOutcome<T> {
  /**
   * enriched: a provider matched and there is something to propose;
   * nothing_new: it matched but every field is already filled (or agrees);
   * nothing_to_fill: every wanted field was already filled, no provider asked;
   * no_match / insufficient_query: no provider knew the record / could be asked;
   * budget_exhausted: the workspace's monthly credits are spent.
   */
  status: 'enriched' | 'nothing_new' | 'nothing_to_fill' | 'no_match' | 'insufficient_query' | 'budget_exhausted';
  changes: Array<ProposedChange<T>>;
  conflicts: Array<FieldConflict<T>>;
  attempts: ProviderAttempt[];
  creditsSpent: number;
  /** The provider whose answer the changes come from. */
  matchedBy?: string;
}

export interface EnrichInput<Q, T> {
  workspaceId: string;
  query: Q;
  /** The record as it is: filled fields are never overwritten. */
  current?: CurrentValues<T>;
  /** Fields worth paying for; when all are filled no provider is asked. Default: every field. */
  fields?: ReadonlyArray<keyof T>;
  signal?: AbortSignal;
}

export interface Enricher {
  enrichPerson(input: EnrichInput<PersonQuery, PersonFields>): Promise<EnrichmentOutcome<PersonFields>>;
  enrichCompany(input: EnrichInput<CompanyQuery, CompanyFields>): Promise<EnrichmentOutcome<CompanyFields>>;
}

const personFields: Array<keyof PersonFields> = ['firstName', 'lastName', 'emails', 'phones', 'title', 'address', 'socialLinks', 'companyName', 'companyDomain', 'timeZone'];
const companyFields: Array<keyof CompanyFields> = ['name', 'domain', 'website', 'description', 'industry', 'size', 'employeeCount', 'foundedYear', 'address', 'phone', 'email', 'logoUrl', 'socialLinks', 'timeZone'];

type CachedAnswer<T> = { v: 1; status: 'matched'; fields: Partial<T>; confidence: number; at: string } | { v: 1; status: 'no_match'; at: string };

/** A stable key: lower-cased, trimmed, empty values dropped, keys sorted, then hashed (no personal data in cache keys). */
function queryKey(query: object): string {
  const entries = Object.entries(query)
    .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
    .map(([k, v]) => [k, (v as string).trim().toLowerCase()] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 40);
}

function parseCached<T>(text: string | undefined): CachedAnswer<T> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (!isRecord(value) || value.v !== 1 || typeof value.at !== 'string') return undefined;
    if (value.status === 'no_match') return { v: 1, status: 'no_match', at: value.at };
    if (value.status === 'matched' && isRecord(value.fields) && typeof value.confidence === 'number') return { v: 1, status: 'matched', fields: value.fields as Partial<T>, confidence: value.confidence, at: value.at };
  } catch {
    // A corrupt entry is a miss.
  }
  return undefined;
}

/**
 * Paid enrichment with caching, credit accounting and fill-only-if-empty:
 * providers are asked in order until one matches; answers (misses too) are
 * cached per workspace; each paid call reserves credits from the workspace's
 * monthly budget and releases them when the provider did not bill; the
 * result is a set of proposed changes with provenance, never a write.
 * Provider failures are recorded and the next provider is tried; if none
 * matched and one failed, an operational AppError is thrown so the job retries.
 *
 * @example
 * const enricher = createEnricher({ providers: [pdl, apollo], cache, credits, clock: systemClock });
 * const outcome = await enricher.enrichPerson({ workspaceId, query: { email }, current: contact });
 * outcome.changes; // [{ field: 'title', value: 'CTO', kind: 'fill', provenance: { source: 'people_data_labs', confidence: 0.9, at } }]
 */
export function createEnricher(deps: EnricherDeps): Enricher {
  const hitTtlMs = deps.hitTtlMs ?? 30 * 24 * 3600 * 1000;
  const missTtlMs = deps.missTtlMs ?? 7 * 24 * 3600 * 1000;
  const minConfidence = deps.minConfidence ?? 0.5;

  async function run<Q extends object, T>(
    kind: 'person' | 'company',
    input: EnrichInput<Q, T>,
    allFields: ReadonlyArray<keyof T>,
    lookup: (provider: EnrichmentProvider, query: Q, signal: AbortSignal | undefined) => Promise<ProviderLookup<T>>,
  ): Promise<EnrichmentOutcome<T>> {
    const current = input.current ?? {};
    const wanted = input.fields ?? allFields;
    const attempts: ProviderAttempt[] = [];
    let creditsSpent = 0;
    const done = (status: EnrichmentOutcome<T>['status'], extra: Partial<EnrichmentOutcome<T>> = {}): EnrichmentOutcome<T> => ({ status, changes: [], conflicts: [], attempts, creditsSpent, ...extra });
    if (wanted.every((field) => !isEmptyValue((current as Record<keyof T, unknown>)[field]))) return done('nothing_to_fill');

    const now = deps.clock.now();
    const period = now.toISOString().slice(0, 7);
    const qKey = queryKey(input.query);
    let budgetRefused = false;
    let match: { provider: string; fields: Partial<T>; confidence: number; at: string } | undefined;

    for (const provider of deps.providers) {
      const cacheKey = `enrichment:v1:${input.workspaceId}:${provider.name}:${kind}:${qKey}`;
      const cached = parseCached<T>(await deps.cache.get(cacheKey));
      if (cached?.status === 'matched') {
        attempts.push({ provider: provider.name, outcome: 'matched', cached: true, creditsSpent: 0 });
        match = { provider: provider.name, fields: cached.fields, confidence: cached.confidence, at: cached.at };
        break;
      }
      if (cached?.status === 'no_match') {
        attempts.push({ provider: provider.name, outcome: 'no_match', cached: true, creditsSpent: 0 });
        continue;
      }
      const cost = provider.creditCost[kind];
      const request = { workspaceId: input.workspaceId, period, provider: provider.name, amount: cost };
      if (cost > 0) {
        const reservation = await deps.credits.reserve(request);
        if (!reservation.granted) {
          attempts.push({ provider: provider.name, outcome: 'budget_exhausted', cached: false, creditsSpent: 0, detail: `${reservation.used} of ${reservation.budget} credits used in ${period}` });
          // The budget is the workspace's, not the provider's: the next provider would be refused too.
          budgetRefused = true;
          break;
        }
      }
      let answer: ProviderLookup<T>;
      try {
        answer = await lookup(provider, input.query, input.signal);
      } catch (error) {
        if (cost > 0) await deps.credits.release(request);
        if (!isAppError(error)) throw error;
        const details = isRecord(error.details) ? error.details : {};
        attempts.push({ provider: provider.name, outcome: 'failed', cached: false, creditsSpent: 0, reason: details.reason as ProviderFailureReason, detail: error.message });
        continue;
      }
      if (answer.status === 'matched') {
        creditsSpent += cost;
        const at = now.toISOString();
        await deps.cache.set(cacheKey, JSON.stringify({ v: 1, status: 'matched', fields: answer.fields, confidence: answer.confidence, at } satisfies CachedAnswer<T>), hitTtlMs);
        attempts.push({ provider: provider.name, outcome: 'matched', cached: false, creditsSpent: cost });
        match = { provider: provider.name, fields: answer.fields, confidence: answer.confidence, at };
        break;
      }
      if (cost > 0) await deps.credits.release(request);
      if (answer.status === 'no_match') {
        await deps.cache.set(cacheKey, JSON.stringify({ v: 1, status: 'no_match', at: now.toISOString() } satisfies CachedAnswer<T>), missTtlMs);
        attempts.push({ provider: provider.name, outcome: 'no_match', cached: false, creditsSpent: 0 });
      } else {
        attempts.push({ provider: provider.name, outcome: 'insufficient_query', cached: false, creditsSpent: 0, detail: answer.detail });
      }
    }

    if (!match) {
      if (budgetRefused) return done('budget_exhausted');
      if (attempts.some((a) => a.outcome === 'failed')) {
        throw new AppError('service_unavailable', 'No enrichment provider could answer; try again later', { kind: 'operational', details: { attempts } });
      }
      return done(attempts.length > 0 && attempts.every((a) => a.outcome === 'insufficient_query') ? 'insufficient_query' : 'no_match');
    }

    const wantedSet = new Set<keyof T>(wanted);
    const candidates: FieldCandidates<T> = {};
    for (const field of Object.keys(match.fields) as Array<keyof T>) {
      if (!wantedSet.has(field)) continue;
      candidates[field] = { value: match.fields[field] as T[keyof T], provenance: provenance(match.provider, match.confidence, match.at) };
    }
    const proposal = proposeChanges<T>({ current, candidates: [candidates], minConfidence });
    return done(proposal.changes.length > 0 ? 'enriched' : 'nothing_new', { ...proposal, matchedBy: match.provider });
  }

  return {
    enrichPerson: (input) => run('person', input, personFields, (provider, query, signal) => provider.enrichPerson(query, signal ? { signal } : {})),
    enrichCompany: (input) => run('company', input, companyFields, (provider, query, signal) => provider.enrichCompany(query, signal ? { signal } : {})),
  };
}
