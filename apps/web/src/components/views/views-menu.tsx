'use client';

import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api, ApiError, errorMessage } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { useToast } from '../ui';
import { readViewParam, sameState, stateOf, writeViewParam, type SavedView, type ViewState } from './saved-views';
import { DeleteViewDialog, EditViewDialog, isStale, SaveViewDialog } from './view-dialogs';
import styles from './views-menu.module.css';

type DialogState = { kind: 'save' } | { kind: 'edit'; view: SavedView } | { kind: 'delete'; view: SavedView } | null;

const titles = { contacts: 'contacts', companies: 'companies', deals: 'deals' } as const;

/**
 * The saved-views control of a record table's toolbar: lists the caller's
 * private views and the workspace's shared ones, applies one through
 * `onApply`, and saves, updates, renames or deletes views. The active view
 * lives in the address bar as `?view=<id>`, so a reload (or a shared link)
 * opens the same view; it is applied once the list has loaded.
 *
 * @example
 * <ViewsMenu object="contacts" current={{ filter, sort, columns }} onApply={(v) => { setFilter(v.filter); setSort(v.sort); setColumns(v.columns); }} />
 */
export function ViewsMenu(props: {
  object: 'contacts' | 'companies' | 'deals';
  current: { filter: Record<string, unknown> | null; sort: string | null; columns: string[] };
  /** `viewId` names the view applied; null when the user went back to the plain table. */
  onApply: (view: { filter: Record<string, unknown> | null; sort: string | null; columns: string[] }, viewId: string | null) => void;
}) {
  const { object, current, onApply } = props;
  const toast = useToast();
  const { state: session } = useSession();
  const me = session.status === 'signed_in' ? session.me : undefined;
  const canWrite = me?.scopes.includes('write') ?? false;
  const views = useApi<{ data: SavedView[] }>('/api/v1/views', { object });
  const { reload, setData } = views;

  const [activeId, setActiveId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [focusOnOpen, setFocusOnOpen] = useState<'first' | 'last' | 'checked'>('checked');
  const [dialog, setDialog] = useState<DialogState>(null);
  const [busy, setBusy] = useState(false);
  const [alignEnd, setAlignEnd] = useState(false);
  // Stable, so an open dialog keeps its focus when the table re-renders this menu.
  const closeDialog = useCallback(() => setDialog(null), []);

  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const mineLabelId = useId();
  const sharedLabelId = useId();
  const onApplyRef = useRef(onApply);
  onApplyRef.current = onApply;
  const currentRef = useRef(current);
  currentRef.current = current;
  // The columns the table showed before any view was applied: "All <records>" goes back to them.
  // Taken at the first apply rather than at mount, when the table may still be loading its defaults.
  const baseColumns = useRef<string[] | null>(null);
  const rememberBase = () => {
    baseColumns.current ??= currentRef.current.columns;
  };

  const list = views.status === 'ready' ? views.data.data : [];
  const active = list.find((view) => view.id === activeId);
  const changed = active !== undefined && !sameState(current, stateOf(active));

  // The view named in the address bar, applied once the list is here.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || views.status !== 'ready') return;
    restored.current = true;
    const wanted = readViewParam();
    if (!wanted) return;
    const view = views.data.data.find((v) => v.id === wanted);
    if (view) {
      baseColumns.current ??= currentRef.current.columns;
      setActiveId(view.id);
      onApplyRef.current(stateOf(view), view.id);
    } else {
      writeViewParam(null);
      toast('The saved view in this link no longer exists or is not shared with you.', 'error');
    }
  }, [views.status, views.data, toast]);

  // A view deleted or un-shared elsewhere stops being the active one when the list reloads.
  useEffect(() => {
    if (views.status === 'ready' && activeId !== null && !views.data.data.some((v) => v.id === activeId)) {
      setActiveId(null);
      writeViewParam(null);
    }
  }, [views.status, views.data, activeId]);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  // Focus moves into the menu when it opens; a click outside closes it.
  useEffect(() => {
    if (!open) return undefined;
    const items = menuItems(menuRef.current);
    const target = focusOnOpen === 'last' ? items[items.length - 1] : focusOnOpen === 'first' ? items[0] : (items.find((el) => el.getAttribute('aria-checked') === 'true') ?? items[0]);
    target?.focus();
    const onPointer = (event: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) close(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open, focusOnOpen, close]);

  function openMenu(focus: 'first' | 'last' | 'checked') {
    const rect = buttonRef.current?.getBoundingClientRect();
    // Open towards the side with room, so the menu never runs off a narrow screen.
    setAlignEnd(rect !== undefined && rect.left + 300 > window.innerWidth - 12);
    setFocusOnOpen(focus);
    setOpen(true);
  }

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openMenu(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const items = menuItems(menuRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(items.length - 1);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return close(true);
      case 'Tab':
        return close(false);
      default:
        return undefined;
    }
  }

  function apply(view: SavedView | null) {
    close(true);
    rememberBase();
    setActiveId(view?.id ?? null);
    writeViewParam(view?.id ?? null);
    onApply(view ? stateOf(view) : { filter: null, sort: null, columns: baseColumns.current ?? current.columns }, view?.id ?? null);
  }

  /** Opens a dialog with focus parked on the menu button, where the dialog hands it back. */
  function openDialog(next: Exclude<DialogState, null>) {
    close(true);
    setDialog(next);
  }

  const replace = (view: SavedView) => setData((data) => ({ ...data, data: data.data.map((v) => (v.id === view.id ? view : v)) }));

  async function updateActive() {
    if (!active) return;
    close(true);
    setBusy(true);
    try {
      const saved = await api<SavedView>(`/api/v1/views/${active.id}`, {
        method: 'PATCH',
        body: { filter: current.filter, sort: current.sort, columns: current.columns },
        headers: { 'if-match': `"${active.version}"` },
      });
      replace(saved);
      toast(`Saved the changes to “${saved.name}”.`);
    } catch (error) {
      if (isStale(error)) {
        toast(`Someone changed “${active.name}” since you loaded it. It has been reloaded: apply it again, or save yours as a new view.`, 'error');
        reload();
      } else if (error instanceof ApiError && error.status === 404) {
        toast(`“${active.name}” no longer exists. Save yours as a new view.`, 'error');
        reload();
      } else toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  }

  const mine = list.filter((view) => !view.shared);
  const shared = list.filter((view) => view.shared);
  const noun = titles[object];

  const viewItem = (view: SavedView) => (
    <button key={view.id} type="button" role="menuitemradio" aria-checked={view.id === activeId} tabIndex={-1} className={styles.item} title={view.name} onClick={() => apply(view)}>
      <span className={styles.check} aria-hidden="true">
        {view.id === activeId ? '✓' : ''}
      </span>
      <span className={styles.itemName}>{view.name}</span>
      {view.shared ? (
        <span className={`badge ${styles.mark} ${styles.markShared}`} title={view.ownerId === me?.user.id || !view.ownerName ? undefined : `Shared by ${view.ownerName}`}>
          {view.ownerId === me?.user.id || !view.ownerName ? 'Shared' : `Shared · ${view.ownerName}`}
        </span>
      ) : (
        <span className={`badge ${styles.mark}`}>Private</span>
      )}
    </button>
  );

  return (
    <div ref={rootRef} className={styles.root}>
      <button
        ref={buttonRef}
        type="button"
        className={`btn btn-sm ${styles.trigger}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={busy}
        onClick={() => (open ? close(false) : openMenu('checked'))}
        onKeyDown={onButtonKeyDown}
      >
        <span className="visually-hidden">Saved view: </span>
        <span className={styles.triggerName}>{active ? active.name : 'Views'}</span>
        {changed ? (
          <span className={styles.changed} title="Changed since the view was applied">
            <span aria-hidden="true">•</span>
            <span className="visually-hidden"> (changed)</span>
          </span>
        ) : null}
        <span className={styles.chevron} aria-hidden="true">
          ▾
        </span>
      </button>

      {open ? (
        <div ref={menuRef} id={menuId} role="menu" aria-label="Saved views" className={`${styles.menu} ${alignEnd ? styles.menuEnd : ''}`} onKeyDown={onMenuKeyDown}>
          <button type="button" role="menuitemradio" aria-checked={activeId === null} tabIndex={-1} className={styles.item} onClick={() => apply(null)}>
            <span className={styles.check} aria-hidden="true">
              {activeId === null ? '✓' : ''}
            </span>
            <span className={styles.itemName}>All {noun}</span>
          </button>

          {views.status === 'loading' ? (
            <div className={styles.note} role="status">
              Loading views…
            </div>
          ) : null}
          {views.status === 'error' ? (
            <>
              <div className={styles.note} role="alert">
                The saved views could not be loaded. {views.error}
              </div>
              <button type="button" role="menuitem" tabIndex={-1} className={styles.item} onClick={reload}>
                <span className={styles.check} aria-hidden="true" />
                Try again
              </button>
            </>
          ) : null}
          {views.status === 'ready' && list.length === 0 ? (
            <div className={styles.note}>{canWrite ? 'No saved views yet. Save the current filters, sort and columns as a view.' : 'No saved views yet.'}</div>
          ) : null}

          {mine.length > 0 ? (
            <div role="group" aria-labelledby={mineLabelId}>
              <div id={mineLabelId} className={styles.groupLabel} role="presentation">
                My views
              </div>
              {mine.map(viewItem)}
            </div>
          ) : null}
          {shared.length > 0 ? (
            <div role="group" aria-labelledby={sharedLabelId}>
              <div id={sharedLabelId} className={styles.groupLabel} role="presentation">
                Shared with the workspace
              </div>
              {shared.map(viewItem)}
            </div>
          ) : null}

          {canWrite ? (
            <>
              <div role="separator" className={styles.separator} />
              {active?.canEdit && changed ? (
                <button type="button" role="menuitem" tabIndex={-1} className={styles.item} onClick={() => void updateActive()}>
                  <span className={styles.check} aria-hidden="true" />
                  <span className={styles.itemName}>Update “{active.name}”</span>
                </button>
              ) : null}
              <button type="button" role="menuitem" tabIndex={-1} className={styles.item} onClick={() => openDialog({ kind: 'save' })}>
                <span className={styles.check} aria-hidden="true" />
                <span className={styles.itemName}>{active ? 'Save as new view…' : 'Save view…'}</span>
              </button>
              {active?.canEdit ? (
                <>
                  <button type="button" role="menuitem" tabIndex={-1} className={styles.item} onClick={() => openDialog({ kind: 'edit', view: active })}>
                    <span className={styles.check} aria-hidden="true" />
                    <span className={styles.itemName}>
                      {active.ownerId === me?.user.id ? 'Rename or share' : 'Rename'} “{active.name}”…
                    </span>
                  </button>
                  <button type="button" role="menuitem" tabIndex={-1} className={`${styles.item} ${styles.danger}`} onClick={() => openDialog({ kind: 'delete', view: active })}>
                    <span className={styles.check} aria-hidden="true" />
                    <span className={styles.itemName}>Delete “{active.name}”…</span>
                  </button>
                </>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}

      {dialog?.kind === 'save' ? (
        <SaveViewDialog
          object={object}
          state={current satisfies ViewState}
          onClose={closeDialog}
          onSaved={(view) => {
            setData((data) => ({ ...data, data: [...data.data, view] }));
            setActiveId(view.id);
            writeViewParam(view.id);
            setDialog(null);
            toast(`Saved the view “${view.name}”.`);
          }}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditViewDialog
          view={dialog.view}
          isOwner={dialog.view.ownerId === me?.user.id}
          onClose={closeDialog}
          onStale={reload}
          onSaved={(view) => {
            if (view.shared || view.ownerId === me?.user.id) replace(view);
            else setData((data) => ({ ...data, data: data.data.filter((v) => v.id !== view.id) }));
            setDialog(null);
            toast(`Saved “${view.name}”.`);
          }}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <DeleteViewDialog
          view={dialog.view}
          onClose={closeDialog}
          onDeleted={() => {
            const gone = dialog.view;
            setData((data) => ({ ...data, data: data.data.filter((v) => v.id !== gone.id) }));
            if (activeId === gone.id) {
              setActiveId(null);
              writeViewParam(null);
            }
            setDialog(null);
            toast(`Deleted the view “${gone.name}”.`);
          }}
        />
      ) : null}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  if (!menu) return [];
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"], [role="menuitemradio"]')];
}
