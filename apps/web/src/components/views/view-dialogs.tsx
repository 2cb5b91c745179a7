'use client';

import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '@/lib/api';
import { Alert, Dialog, TextField } from '../ui';
import type { SavedView, ViewState } from './saved-views';
import styles from './views-menu.module.css';

/** A stale write (409 or 412): someone else changed the view since it was read. */
export const isStale = (error: unknown) => error instanceof ApiError && (error.status === 409 || error.status === 412) && error.code !== 'already_exists';

function nameError(name: string): string | undefined {
  if (!name.trim()) return 'Enter a name';
  if (name.trim().length > 200) return 'Use at most 200 characters';
  return undefined;
}

function Visibility({ shared, onChange, disabled }: { shared: boolean; onChange: (shared: boolean) => void; disabled: boolean }) {
  const group = useId();
  return (
    <fieldset className={styles.visibility} disabled={disabled}>
      <legend>Who can see it</legend>
      <label className={styles.option}>
        <input type="radio" name={group} checked={!shared} onChange={() => onChange(false)} />
        <span>
          Only me
          <span className={styles.optionHint}>A private view in your menu.</span>
        </span>
      </label>
      <label className={styles.option}>
        <input type="radio" name={group} checked={shared} onChange={() => onChange(true)} />
        <span>
          Everyone in the workspace
          <span className={styles.optionHint}>Shared: others can apply it; only you and admins can change it.</span>
        </span>
      </label>
    </fieldset>
  );
}

/** Name and visibility form shared by "Save view" and "Rename or share". */
function ViewForm(props: {
  title: string;
  submitLabel: string;
  initialName: string;
  initialShared: boolean;
  showVisibility: boolean;
  onClose: () => void;
  submit: (values: { name: string; shared: boolean }) => Promise<void>;
  describeError?: (error: unknown) => string | undefined;
}) {
  const [name, setName] = useState(props.initialName);
  const [shared, setShared] = useState(props.initialShared);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = nameError(name);
    setFieldError(problem);
    setFormError(undefined);
    if (problem) return;
    setBusy(true);
    try {
      await props.submit({ name: name.trim(), shared });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (fields.name) setFieldError(fields.name);
      else setFormError(props.describeError?.(error) ?? errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        {formError ? <Alert>{formError}</Alert> : null}
        <TextField label="Name" value={name} maxLength={200} autoComplete="off" error={fieldError} onChange={(event) => setName(event.target.value)} />
        {props.showVisibility ? <Visibility shared={shared} onChange={setShared} disabled={busy} /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Saves what the table shows now as a new view. */
export function SaveViewDialog({ object, state, onClose, onSaved }: { object: string; state: ViewState; onClose: () => void; onSaved: (view: SavedView) => void }) {
  return (
    <ViewForm
      title="Save view"
      submitLabel="Save view"
      initialName=""
      initialShared={false}
      showVisibility
      onClose={onClose}
      submit={async ({ name, shared }) => {
        const view = await api<SavedView>('/api/v1/views', { method: 'POST', body: { object, name, shared, filter: state.filter, sort: state.sort, columns: state.columns } });
        onSaved(view);
      }}
      describeError={(error) =>
        error instanceof ApiError && (error.code === 'invalid_filter' || error.code === 'invalid_sort')
          ? `The current filters cannot be saved: ${error.message}`
          : undefined
      }
    />
  );
}

/** Renames a view; its owner may also share or un-share it. */
export function EditViewDialog(props: { view: SavedView; isOwner: boolean; onClose: () => void; onSaved: (view: SavedView) => void; onStale: () => void }) {
  const { view } = props;
  return (
    <ViewForm
      title="Rename view"
      submitLabel="Save"
      initialName={view.name}
      initialShared={view.shared}
      showVisibility={props.isOwner}
      onClose={props.onClose}
      submit={async ({ name, shared }) => {
        const body = props.isOwner ? { name, shared } : { name };
        const saved = await api<SavedView>(`/api/v1/views/${view.id}`, { method: 'PATCH', body, headers: { 'if-match': `"${view.version}"` } });
        props.onSaved(saved);
      }}
      describeError={(error) => {
        if (!isStale(error)) return undefined;
        props.onStale();
        return 'Someone changed this view since you opened the menu. Close this, then try again.';
      }}
    />
  );
}

/** Asks before deleting: a shared view disappears for the whole workspace. */
export function DeleteViewDialog({ view, onClose, onDeleted }: { view: SavedView; onClose: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function remove() {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/views/${view.id}`, { method: 'DELETE' });
      onDeleted();
    } catch (caught) {
      // Already gone is what the user wanted.
      if (caught instanceof ApiError && caught.status === 404) onDeleted();
      else {
        setError(errorMessage(caught));
        setBusy(false);
      }
    }
  }

  return (
    <Dialog title="Delete view" onClose={onClose}>
      {error ? <Alert>{error}</Alert> : null}
      <p style={{ marginBottom: 14 }}>
        Delete the view <strong>{view.name}</strong>?{' '}
        {view.shared ? 'It is shared: it disappears for everyone in the workspace.' : 'The records it shows are not affected.'}
      </p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
          {busy ? 'Deleting…' : 'Delete view'}
        </button>
      </div>
    </Dialog>
  );
}
