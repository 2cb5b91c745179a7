import { randomUUID } from 'node:crypto';
import { searchTypes, type KeywordEngine, type SearchType } from '../ports';
import { buildDocument, type BuiltDocument } from './documents';
import { reindexWorkspace, type ReindexDeps } from './reindex';

export interface EngineConsistency {
  engine: string;
  counts: Record<SearchType, { records: number; documents: number }>;
  sampled: number;
  /** Sampled records whose document is missing or differs. */
  mismatched: number;
  consistent: boolean;
}

export interface ConsistencyReport {
  workspaceId: string;
  engines: EngineConsistency[];
  consistent: boolean;
  /** True when drift was found and the affected types were rebuilt. */
  repaired: boolean;
}

/**
 * A random point among time-ordered (UUIDv7) ids from `firstId` to now: ids
 * start with their creation time in milliseconds, so a random time gives a
 * random place in the id order.
 */
function randomIdAfter(firstId: string | undefined): string {
  const start = firstId ? parseInt(firstId.replace(/-/g, '').slice(0, 12), 16) : NaN;
  const now = Date.now();
  if (!Number.isFinite(start) || start >= now) return randomUUID();
  const hex = `${Math.floor(start + Math.random() * (now - start)).toString(16).padStart(12, '0')}${'0'.repeat(20)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A sample of live records of one type, starting at a random id and wrapping around. */
async function sample(deps: ReindexDeps, workspaceId: string, type: SearchType, size: number): Promise<BuiltDocument[]> {
  const [oldest] = await deps.source.scan(workspaceId, type, undefined, 1);
  const first = await deps.source.scan(workspaceId, type, randomIdAfter(typeof oldest?.id === 'string' ? oldest.id : undefined), size);
  const rest = first.length < size ? await deps.source.scan(workspaceId, type, undefined, size - first.length) : [];
  const seen = new Set<string>();
  const docs: BuiltDocument[] = [];
  for (const record of [...first, ...rest]) {
    const doc = buildDocument(workspaceId, type, record);
    if (doc && !seen.has(doc.id)) {
      seen.add(doc.id);
      docs.push(doc);
    }
  }
  return docs;
}

/**
 * Compares the records with each engine's index: counts per type and the
 * checksums of a random sample. With `repair`, types that drifted are
 * rebuilt. The self-healing layer calls this on a schedule.
 */
export async function checkConsistency(
  deps: ReindexDeps & { engines: readonly KeywordEngine[] },
  workspaceId: string,
  options: { sampleSize?: number; repair?: boolean } = {},
): Promise<ConsistencyReport> {
  const perType = Math.max(1, Math.ceil((options.sampleSize ?? 200) / searchTypes.length));
  const records = Object.fromEntries(await Promise.all(searchTypes.map(async (t) => [t, await deps.source.count(workspaceId, t)] as const))) as Record<SearchType, number>;
  const samples = Object.fromEntries(await Promise.all(searchTypes.map(async (t) => [t, await sample(deps, workspaceId, t, perType)] as const))) as Record<SearchType, BuiltDocument[]>;
  const drifted = new Set<SearchType>();
  const engines: EngineConsistency[] = [];
  for (const engine of deps.engines) {
    const indexed = await engine.count(workspaceId);
    let sampled = 0;
    let mismatched = 0;
    const counts = {} as EngineConsistency['counts'];
    for (const type of searchTypes) {
      counts[type] = { records: records[type], documents: indexed[type] };
      if (records[type] !== indexed[type]) drifted.add(type);
      const docs = samples[type];
      const stored = await engine.checksums(workspaceId, docs.map((d) => ({ type, id: d.id })));
      sampled += docs.length;
      const wrong = docs.filter((d) => stored.get(`${type}:${d.id}`) !== d.checksum).length;
      if (wrong > 0) drifted.add(type);
      mismatched += wrong;
    }
    const consistent = mismatched === 0 && searchTypes.every((t) => counts[t].records === counts[t].documents);
    engines.push({ engine: engine.name, counts, sampled, mismatched, consistent });
  }
  const consistent = engines.every((e) => e.consistent);
  let repaired = false;
  if (!consistent && options.repair !== false && drifted.size > 0) {
    await reindexWorkspace(deps, workspaceId, { types: [...drifted] });
    repaired = true;
  }
  return { workspaceId, engines, consistent, repaired };
}
