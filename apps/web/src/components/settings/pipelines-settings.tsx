'use client';

import { useCallback, useState, type FormEvent } from 'react';
import { Alert, Dialog, EmptyState, ErrorState, LoadingState, TextField, useToast } from '@/components/ui';
import { api, ApiError, errorMessage, ifMatch } from '@/lib/api';
import type { Pipeline } from '@/lib/records';
import { useMe } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { ConfirmDialog } from './confirm-dialog';
import { PipelineEditor } from './pipeline-editor';
import { canManageWorkspace } from './roles';
import { splitServerErrors } from './server-errors';
import styles from './settings.module.css';
import page from './pipelines-settings.module.css';
import { newRequestKey, useStable } from './use-stable';

type Action = { kind: 'create' } | { kind: 'delete'; pipeline: Pipeline } | { kind: 'switch'; to: string } | { kind: 'restore' };

export function PipelinesSettings() {
  const me = useMe();
  const toast = useToast();
  const canManage = canManageWorkspace(me.workspace.role);
  const pipelines = useApi<{ data: Pipeline[] }>('/api/v1/pipelines');
  const [chosen, setChosen] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const [busyDefault, setBusyDefault] = useState(false);
  const close = useStable(() => setAction(null));
  const onDirtyChange = useCallback((value: boolean) => setDirty(value), []);

  const list = pipelines.data?.data ?? [];
  const selected = list.find((p) => p.id === chosen) ?? list.find((p) => p.isDefault) ?? list[0];

  function select(id: string) {
    if (id === selected?.id) return;
    // Leaving a pipeline with unsaved edits asks first, rather than dropping them silently.
    if (dirty) setAction({ kind: 'switch', to: id });
    else setChosen(id);
  }

  function replace(updated: Pipeline) {
    pipelines.setData((d) => ({ data: d.data.map((p) => (p.id === updated.id ? updated : p)) }));
  }

  async function makeDefault(pipeline: Pipeline) {
    setBusyDefault(true);
    try {
      await api<Pipeline>(`/api/v1/pipelines/${pipeline.id}`, { method: 'PATCH', headers: ifMatch(pipeline.version), body: { isDefault: true } });
      // Another pipeline lost its default flag (and its version moved): read them all again.
      pipelines.reload();
      toast(`“${pipeline.name}” is now the default pipeline`);
    } catch (error) {
      const changed = error instanceof ApiError && (error.status === 409 || error.status === 412);
      toast(changed ? 'The pipeline changed meanwhile: it has been reloaded, try again.' : errorMessage(error), 'error');
      if (changed) pipelines.reload();
    } finally {
      setBusyDefault(false);
    }
  }

  async function remove(pipeline: Pipeline) {
    await api(`/api/v1/pipelines/${pipeline.id}`, { method: 'DELETE' });
    setAction(null);
    setDirty(false);
    setChosen(null);
    pipelines.setData((d) => ({ data: d.data.filter((p) => p.id !== pipeline.id) }));
    toast(`“${pipeline.name}” is deleted`);
  }

  return (
    <section aria-labelledby="pipelines-title">
      <div className={styles.sectionHeader}>
        <div>
          <h2 id="pipelines-title">Pipelines</h2>
          <p>Each pipeline is a sequence of stages deals move through. New deals go to the default pipeline. {canManage ? '' : 'Only admins and owners can change pipelines.'}</p>
        </div>
        {canManage ? (
          <div className={styles.formActions}>
            <button type="button" className="btn" onClick={() => setAction({ kind: 'restore' })}>
              Deleted pipelines
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setAction({ kind: 'create' })}>
              New pipeline
            </button>
          </div>
        ) : null}
      </div>
      {pipelines.status === 'loading' ? <LoadingState label="Loading pipelines…" /> : null}
      {pipelines.status === 'error' ? <ErrorState message={pipelines.error} onRetry={pipelines.reload} /> : null}
      {pipelines.status === 'ready' && list.length === 0 ? <EmptyState title="No pipelines">{canManage ? 'Create one to start tracking deals.' : null}</EmptyState> : null}
      {pipelines.status === 'ready' && selected ? (
        <div className={page.layout}>
          <nav aria-label="Pipelines">
            <ul className={page.picker}>
              {list.map((pipeline) => (
                <li key={pipeline.id}>
                  <button
                    type="button"
                    className={`${page.pick} ${pipeline.id === selected.id ? page.picked : ''}`}
                    aria-current={pipeline.id === selected.id ? 'true' : undefined}
                    onClick={() => select(pipeline.id)}
                  >
                    <span className={page.pickName}>{pipeline.name}</span>
                    <span className={page.pickMeta}>
                      {pipeline.stages.length} {pipeline.stages.length === 1 ? 'stage' : 'stages'}
                      {pipeline.isDefault ? <span className={`badge ${styles.badgeAccent}`}>Default</span> : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className={styles.stack}>
            {canManage ? (
              <div className={page.pipelineBar}>
                <h3>
                  {selected.name} {selected.isDefault ? <span className={`badge ${styles.badgeAccent}`}>Default</span> : null}
                </h3>
                <div className={styles.formActions}>
                  {selected.isDefault ? null : (
                    <button type="button" className="btn btn-sm" onClick={() => void makeDefault(selected)} disabled={busyDefault || dirty} title={dirty ? 'Save or discard your changes first' : undefined}>
                      {busyDefault ? 'Making default…' : 'Make default'}
                    </button>
                  )}
                  <button type="button" className="btn btn-sm btn-danger" onClick={() => setAction({ kind: 'delete', pipeline: selected })}>
                    Delete pipeline
                  </button>
                </div>
              </div>
            ) : null}
            <PipelineEditor
              key={`${selected.id}:${selected.version}`}
              pipeline={selected}
              readOnly={!canManage}
              onDirtyChange={onDirtyChange}
              onReload={pipelines.reload}
              onSaved={(saved) => {
                replace(saved);
                toast(`“${saved.name}” is saved`);
              }}
            />
          </div>
        </div>
      ) : null}

      {action?.kind === 'create' ? (
        <CreatePipelineDialog
          onClose={close}
          onCreated={(created) => {
            setAction(null);
            pipelines.reload();
            pipelines.setData((d) => ({ data: [...d.data.map((p) => (created.isDefault ? { ...p, isDefault: false } : p)), created] }));
            setDirty(false);
            setChosen(created.id);
            toast(`“${created.name}” is created`);
          }}
        />
      ) : null}
      {action?.kind === 'delete' ? (
        <ConfirmDialog title={`Delete “${action.pipeline.name}”?`} confirmLabel="Delete pipeline" busyLabel="Deleting…" onConfirm={() => remove(action.pipeline)} onClose={close}>
          <p>Only a pipeline without deals, and not the default one, can be deleted. An admin can restore it later from “Deleted pipelines”.</p>
        </ConfirmDialog>
      ) : null}
      {action?.kind === 'switch' ? (
        <ConfirmDialog
          title="Discard your changes?"
          confirmLabel="Discard changes"
          onConfirm={() => {
            setDirty(false);
            setChosen(action.to);
            setAction(null);
            return Promise.resolve();
          }}
          onClose={close}
        >
          <p>You changed “{selected?.name}” without saving. Switching pipelines drops those changes.</p>
        </ConfirmDialog>
      ) : null}
      {action?.kind === 'restore' ? (
        <RestoreDialog
          onClose={close}
          onRestored={(restored) => {
            pipelines.setData((d) => ({ data: [...d.data, restored] }));
            toast(`“${restored.name}” is restored`);
          }}
        />
      ) : null}
    </section>
  );
}

const templates = {
  sales: { label: 'Sales stages', stages: ['Lead:10:open', 'Qualified:25:open', 'Proposal:50:open', 'Negotiation:75:open', 'Won:100:won', 'Lost:0:lost'] },
  simple: { label: 'Just open, won and lost', stages: ['Open:50:open', 'Won:100:won', 'Lost:0:lost'] },
} as const;

function stagesOf(template: keyof typeof templates) {
  return templates[template].stages.map((spec) => {
    const [name = '', probability = '0', type = 'open'] = spec.split(':');
    return { name, probability: Number(probability), type: type as 'open' | 'won' | 'lost' };
  });
}

function CreatePipelineDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (pipeline: Pipeline) => void }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<keyof typeof templates>('sales');
  const [isDefault, setIsDefault] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useState(newRequestKey);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter a name for the pipeline';
    else if (name.trim().length > 200) found.name = 'Use at most 200 characters';
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const created = await api<Pipeline>('/api/v1/pipelines', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body: { name: name.trim(), isDefault, stages: stagesOf(template) },
      });
      onCreated(created);
    } catch (error) {
      const split = splitServerErrors(error, { name: 'The name' });
      setErrors(split.fields);
      setFormError(split.form);
      setBusy(false);
    }
  }

  return (
    <Dialog title="New pipeline" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {formError ? <Alert>{formError}</Alert> : null}
        <TextField label="Name" name="pipeline-name" autoComplete="off" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={errors.name} hint="e.g. “Renewals” or “Partnerships”" required />
        <fieldset className={styles.choices}>
          <legend>Start with</legend>
          {(Object.keys(templates) as (keyof typeof templates)[]).map((key) => (
            <label key={key} className={styles.choice}>
              <input type="radio" name="template" value={key} checked={template === key} onChange={() => setTemplate(key)} />
              <span>
                {templates[key].label}
                <small>{stagesOf(key).map((s) => s.name).join(' → ')}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label>
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> Make it the default pipeline for new deals
          </label>
        </div>
        <p className="field-hint">You can rename, reorder and add stages once it is created.</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create pipeline'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RestoreDialog({ onClose, onRestored }: { onClose: () => void; onRestored: (pipeline: Pipeline) => void }) {
  const deleted = useApi<{ data: Pipeline[] }>('/api/v1/pipelines', { deleted: 'true' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  async function restore(pipeline: Pipeline) {
    setBusy(pipeline.id);
    setError(undefined);
    try {
      const restored = await api<Pipeline>(`/api/v1/pipelines/${pipeline.id}/restore`, { method: 'POST' });
      deleted.setData((d) => ({ data: d.data.filter((p) => p.id !== pipeline.id) }));
      onRestored(restored);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog title="Deleted pipelines" onClose={onClose}>
      {error ? <Alert>{error}</Alert> : null}
      {deleted.status === 'loading' ? <LoadingState label="Loading deleted pipelines…" /> : null}
      {deleted.status === 'error' ? <ErrorState message={deleted.error} onRetry={deleted.reload} /> : null}
      {deleted.status === 'ready' && deleted.data.data.length === 0 ? <EmptyState title="No deleted pipelines" /> : null}
      {deleted.status === 'ready' && deleted.data.data.length > 0 ? (
        <ul className={styles.list} aria-label="Deleted pipelines">
          {deleted.data.data.map((pipeline) => (
            <li key={pipeline.id} className={styles.row}>
              <div className={styles.rowMain}>
                <div className={styles.rowTitle}>{pipeline.name}</div>
                <div className={styles.rowMeta}>{pipeline.stages.map((s) => s.name).join(' → ')}</div>
              </div>
              <div className={styles.rowActions}>
                <button type="button" className="btn btn-sm" onClick={() => void restore(pipeline)} disabled={busy !== null} aria-label={`Restore ${pipeline.name}`}>
                  {busy === pipeline.id ? 'Restoring…' : 'Restore'}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
