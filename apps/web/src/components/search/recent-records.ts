/** The last records opened from search, remembered in this browser per workspace and user. */

export type RecordKind = 'contacts' | 'companies' | 'deals' | 'activities';

export interface RecentRecord {
  type: RecordKind;
  id: string;
  title: string;
}

export const maxRecent = 8;
const kinds: readonly string[] = ['contacts', 'companies', 'deals', 'activities'];

function keyOf(workspaceId: string, userId: string): string {
  return `nexus-recent-records:${workspaceId}:${userId}`;
}

function isRecent(value: unknown): value is RecentRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && kinds.includes(v.type) && typeof v.id === 'string' && typeof v.title === 'string';
}

/** Newest first; anything unreadable (private mode, a hand-edited value) reads as nothing. */
export function readRecent(workspaceId: string, userId: string): RecentRecord[] {
  try {
    const raw = localStorage.getItem(keyOf(workspaceId, userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(isRecent).slice(0, maxRecent) : [];
  } catch {
    return [];
  }
}

/** Puts a record first, once, keeping the newest eight. */
export function rememberRecent(workspaceId: string, userId: string, record: RecentRecord): RecentRecord[] {
  const next = [{ type: record.type, id: record.id, title: record.title }, ...readRecent(workspaceId, userId).filter((r) => !(r.type === record.type && r.id === record.id))].slice(
    0,
    maxRecent,
  );
  try {
    localStorage.setItem(keyOf(workspaceId, userId), JSON.stringify(next));
  } catch {
    // A full or disabled storage only costs the recent list.
  }
  return next;
}
