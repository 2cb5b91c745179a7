'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { api, errorMessage } from '@/lib/api';
import type { Activity } from '@/lib/records';
import { useMe } from '@/lib/session';
import styles from './command-palette.module.css';
import { matchActions, paletteActions, type PaletteAction } from './palette-actions';
import { readRecent, rememberRecent, type RecentRecord, type RecordKind } from './recent-records';
import { splitTitle, type SnippetPart } from './snippet';
import { isSearchable, useTypeAhead, type SearchHit } from './use-type-ahead';

type Option =
  | { kind: 'record'; key: string; type: RecordKind; id: string; title: SnippetPart[]; detail: SnippetPart[]; plainTitle: string }
  | { kind: 'action'; key: string; action: PaletteAction };

interface Group {
  key: string;
  label: string;
  options: Option[];
}

const groupLabels: Record<RecordKind, string> = { contacts: 'Contacts', companies: 'Companies', deals: 'Deals', activities: 'Activities' };
const singular: Record<RecordKind, string> = { contacts: 'Contact', companies: 'Company', deals: 'Deal', activities: 'Activity' };

function recordOption(hit: SearchHit): Option {
  const { title, detail } = splitTitle(hit.title, hit.snippet);
  return { kind: 'record', key: `${hit.type}:${hit.id}`, type: hit.type, id: hit.id, title, detail, plainTitle: hit.title || `Untitled ${singular[hit.type].toLowerCase()}` };
}

function recentOption(recent: RecentRecord): Option {
  return { kind: 'record', key: `recent:${recent.type}:${recent.id}`, type: recent.type, id: recent.id, title: [{ text: recent.title, marked: false }], detail: [], plainTitle: recent.title };
}

/** Record groups in the order of their best hit, hits in rank order within each. */
function groupHits(hits: readonly SearchHit[]): Group[] {
  const groups = new Map<RecordKind, Group>();
  for (const hit of hits) {
    let group = groups.get(hit.type);
    if (!group) {
      group = { key: hit.type, label: groupLabels[hit.type], options: [] };
      groups.set(hit.type, group);
    }
    group.options.push(recordOption(hit));
  }
  return [...groups.values()];
}

function Highlighted({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {parts.map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </>
  );
}

/** The record an activity is about: its first contact, else its first company, else its first deal. */
function activityTarget(activity: Pick<Activity, 'contactIds' | 'companyIds' | 'dealIds'>): string | null {
  const contact = activity.contactIds[0];
  if (contact) return `/contacts/${contact}`;
  const company = activity.companyIds[0];
  if (company) return `/companies/${company}`;
  const deal = activity.dealIds[0];
  return deal ? `/deals/${deal}` : null;
}

/**
 * Global search (Ctrl/Cmd-K): records by type-ahead, recent records for an empty query, and a few
 * commands. A combobox with a grouped listbox: arrows move, Enter opens, Escape closes.
 */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const router = useRouter();
  const baseId = useId();
  const listboxId = `${baseId}-listbox`;
  const inputRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const workspaceId = me.workspace.id;
  const userId = me.user.id;
  // The palette mounts only in the browser, after a key press or a click: storage is there to read.
  const [recent] = useState<RecentRecord[]>(() => readRecent(workspaceId, userId));
  const [notice, setNotice] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  // Enter pressed before the answer to what was typed arrived: open its top hit once it does.
  const [openWhenReady, setOpenWhenReady] = useState<string | null>(null);
  const navigated = useRef(false);
  const search = useTypeAhead(query);
  const term = query.trim();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
      previous?.focus?.();
    };
  }, []);

  const groups = useMemo<Group[]>(() => {
    if (term === '') {
      const out: Group[] = [];
      if (recent.length > 0) out.push({ key: 'recent', label: 'Recent', options: recent.map(recentOption) });
      out.push({ key: 'actions', label: 'Actions', options: paletteActions.map((action) => ({ kind: 'action', key: `action:${action.id}`, action })) });
      return out;
    }
    const records = isSearchable(term) && !search.error ? groupHits(search.hits) : [];
    const actions = matchActions(term).map<Option>((action) => ({ kind: 'action', key: `action:${action.id}`, action }));
    return actions.length > 0 ? [...records, { key: 'actions', label: 'Actions', options: actions }] : records;
  }, [term, recent, search.hits, search.error]);

  const options = useMemo(() => groups.flatMap((g) => g.options), [groups]);
  const optionId = (index: number) => `${baseId}-option-${index}`;
  const activeIndex = options.length === 0 ? -1 : Math.min(active, options.length - 1);

  // A new query or a new answer puts the selection back on the top hit.
  useEffect(() => {
    setActive(0);
    navigated.current = false;
  }, [term, search.hitsFor]);

  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
    // optionId only depends on baseId, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeIndex, baseId]);

  const openOption = useCallback(
    async (option: Option) => {
      setNotice(null);
      if (option.kind === 'action') {
        router.push(option.action.href);
        onClose();
        return;
      }
      const remembered: RecentRecord = { type: option.type, id: option.id, title: option.plainTitle };
      if (option.type !== 'activities') {
        rememberRecent(workspaceId, userId, remembered);
        router.push(`/${option.type}/${option.id}`);
        onClose();
        return;
      }
      setOpening(true);
      try {
        const activity = await api<Activity>(`/api/v1/activities/${option.id}`);
        const target = activityTarget(activity);
        if (!target) {
          setNotice('This activity is not linked to a contact, company or deal.');
          return;
        }
        rememberRecent(workspaceId, userId, remembered);
        router.push(target);
        onClose();
      } catch (error) {
        setNotice(errorMessage(error));
      } finally {
        setOpening(false);
      }
    },
    [router, onClose, workspaceId, userId],
  );

  useEffect(() => {
    if (openWhenReady === null) return;
    if (openWhenReady !== term) {
      setOpenWhenReady(null);
      return;
    }
    if (search.pending === term) return;
    setOpenWhenReady(null);
    const first = options[0];
    if (first && !search.error) void openOption(first);
  }, [openWhenReady, term, search.pending, search.error, options, openOption]);

  function onInputKeyDown(event: ReactKeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (options.length === 0) return;
        navigated.current = true;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + options.length) % options.length);
        return;
      }
      case 'Enter': {
        event.preventDefault();
        if (opening) return;
        if (search.pending !== null && search.pending === term && !navigated.current) {
          setOpenWhenReady(term);
          return;
        }
        const option = options[activeIndex];
        if (option) void openOption(option);
        return;
      }
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        onClose();
        return;
      default:
    }
  }

  function onDialogKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    // Focus stays inside the palette: the search box and the close button.
    if (event.key === 'Tab' && dialogRef.current) {
      const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>('input, button')];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  const searching = search.pending !== null && search.pending === term;
  const answered = search.hitsFor === term && !searching;
  const noResults = term !== '' && isSearchable(term) && answered && !search.error && options.length === 0;
  const status = searching
    ? 'Searching…'
    : search.error && search.hitsFor === term
      ? `Search failed: ${search.error}`
      : noResults
        ? `No results for ${term}`
        : term !== '' && answered
          ? `${options.length} result${options.length === 1 ? '' : 's'}`
          : '';

  return (
    <div className={styles.backdrop} onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={dialogRef} className={styles.panel} role="dialog" aria-modal="true" aria-label="Search" onKeyDown={onDialogKeyDown}>
        <div className={styles.inputRow}>
          <svg className={styles.icon} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <input
            ref={inputRef}
            className={styles.input}
            type="text"
            role="combobox"
            aria-label="Search"
            aria-expanded={options.length > 0}
            aria-controls={listboxId}
            aria-autocomplete="list"
            aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
            aria-busy={searching || opening}
            placeholder="Search contacts, companies, deals…"
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={500}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setNotice(null);
            }}
            onKeyDown={onInputKeyDown}
          />
          {searching || opening ? <span className={`spinner ${styles.busy}`} aria-hidden="true" /> : null}
          <button type="button" className={`btn btn-ghost btn-sm ${styles.close}`} onClick={onClose} aria-label="Close search">
            <span className={styles.closeWide}>Esc</span>
            <span className={styles.closeNarrow}>Cancel</span>
          </button>
        </div>

        <div className={styles.body}>
          {notice ? <p className={styles.quiet}>{notice}</p> : null}
          {search.error && search.hitsFor === term ? <p className={styles.quiet}>Search failed: {search.error}</p> : null}
          {term === '' && recent.length === 0 ? <p className={styles.hint}>Records you open from search appear here.</p> : null}
          {term !== '' && !isSearchable(term) ? <p className={styles.quiet}>Type a letter or digit to search.</p> : null}
          <div id={listboxId} role="listbox" aria-label="Search results" className={styles.listbox} data-results-for={search.hitsFor ?? ''}>
            {groups.map((group) => {
              const labelId = `${baseId}-group-${group.key}`;
              return (
                <div key={group.key} role="group" aria-labelledby={labelId} className={styles.group}>
                  <div id={labelId} role="presentation" className={styles.groupLabel}>
                    {group.label}
                  </div>
                  {group.options.map((option) => {
                    const index = options.indexOf(option);
                    const selected = index === activeIndex;
                    const titleId = `${optionId(index)}-title`;
                    const detailId = `${optionId(index)}-detail`;
                    return (
                      <div
                        key={option.key}
                        id={optionId(index)}
                        role="option"
                        aria-selected={selected}
                        aria-labelledby={titleId}
                        aria-describedby={detailId}
                        className={`${styles.option} ${selected ? styles.selected : ''}`}
                        onMouseDown={(event) => event.preventDefault()}
                        onMouseMove={() => {
                          if (!selected) {
                            navigated.current = true;
                            setActive(index);
                          }
                        }}
                        onClick={() => void openOption(option)}
                      >
                        {option.kind === 'record' ? (
                          <>
                            <span className={styles.main}>
                              <span id={titleId} className={styles.title}>
                                {option.title.length > 0 ? <Highlighted parts={option.title} /> : option.plainTitle}
                              </span>
                              <span id={detailId} className={styles.detail}>
                                {group.key === 'recent' ? <span className="visually-hidden">{singular[option.type]}. </span> : null}
                                <Highlighted parts={option.detail} />
                              </span>
                            </span>
                            {group.key === 'recent' ? (
                              <span className={`badge ${styles.kind}`} aria-hidden="true">
                                {singular[option.type]}
                              </span>
                            ) : null}
                          </>
                        ) : (
                          <>
                            <span className={styles.main}>
                              <span id={titleId} className={styles.title}>
                                {option.action.label}
                              </span>
                              <span id={detailId} className="visually-hidden">
                                Action
                              </span>
                            </span>
                            <span className={`badge ${styles.kind}`} aria-hidden="true">
                              Action
                            </span>
                          </>
                        )}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
          {noResults ? (
            <p className={styles.empty}>
              No matches for “<strong>{term}</strong>”.
            </p>
          ) : null}
        </div>

        <div className={styles.footer} aria-hidden="true">
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> to move
          </span>
          <span>
            <kbd>Enter</kbd> to open
          </span>
          <span>
            <kbd>Esc</kbd> to close
          </span>
        </div>
        <div className="visually-hidden" role="status" aria-live="polite">
          {status}
        </div>
      </div>
    </div>
  );
}
