/** Saved views of a record table, as `GET /api/v1/views` returns them. */
export interface SavedView {
  id: string;
  object: 'contacts' | 'companies' | 'deals' | 'activities';
  name: string;
  ownerId: string;
  ownerName: string | null;
  /** false: only its owner sees it; true: the whole workspace does. */
  shared: boolean;
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
  position: number;
  /** Whether the signed-in member may change or delete it. */
  canEdit: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What a table shows: the list API's filter and sort, and its columns in order. */
export interface ViewState {
  filter: Record<string, unknown> | null;
  sort: string | null;
  columns: string[];
}

/** JSON with object keys in a fixed order, so two filters that mean the same compare equal. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** An empty filter is no filter. */
const filterKey = (filter: Record<string, unknown> | null) => (filter && Object.keys(filter).length > 0 ? stable(filter) : 'null');

export function sameState(a: ViewState, b: ViewState): boolean {
  return filterKey(a.filter) === filterKey(b.filter) && (a.sort || null) === (b.sort || null) && stable(a.columns) === stable(b.columns);
}

export const stateOf = (view: SavedView): ViewState => ({ filter: view.filter, sort: view.sort, columns: view.columns });

/** The `?view=<id>` of the address bar, so the active view survives a reload and can be linked. */
export function readViewParam(): string | null {
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get('view');
}

/** Sets or clears `?view=`, keeping the other parameters and the router's history state. */
export function writeViewParam(id: string | null): void {
  const url = new URL(window.location.href);
  if (id === null) url.searchParams.delete('view');
  else url.searchParams.set('view', id);
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', next);
}
