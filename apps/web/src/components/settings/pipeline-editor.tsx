'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, TextField } from '@/components/ui';
import { api, ApiError, errorMessage, ifMatch } from '@/lib/api';
import type { Pipeline, Stage } from '@/lib/records';
import { sentence } from './server-errors';
import editor from './pipeline-editor.module.css';
import styles from './settings.module.css';

type StageType = Stage['type'];

interface DraftStage {
  /** React's key: the stage id, or a local one for a stage not saved yet. */
  key: string;
  id: string | undefined;
  name: string;
  /** Text while typing; checked as a whole number 0–100 before saving. */
  probability: string;
  type: StageType;
}

export const stageTypeLabels: Record<StageType, string> = { open: 'Open', won: 'Won', lost: 'Lost' };

let localKeys = 0;
const newKey = () => `new-${(localKeys += 1)}`;

function draftOf(pipeline: Pipeline): DraftStage[] {
  return pipeline.stages.map((s) => ({ key: s.id, id: s.id, name: s.name, probability: String(s.probability), type: s.type }));
}

function payloadOf(stages: DraftStage[]) {
  return stages.map((s) => ({ ...(s.id ? { id: s.id } : {}), name: s.name.trim(), probability: Number(s.probability), type: s.type }));
}

/** The server's rules for stages (packages/crm-core/src/pipelines), checked before a round trip. */
function validate(name: string, stages: DraftStage[]): { fields: Record<string, string>; stages?: string } {
  const fields: Record<string, string> = {};
  if (!name.trim()) fields.name = 'Enter a name for the pipeline';
  else if (name.trim().length > 200) fields.name = 'Use at most 200 characters';
  const seen = new Map<string, string>();
  for (const stage of stages) {
    const n = stage.name.trim();
    if (!n) fields[`${stage.key}.name`] = 'Enter a stage name';
    else if (n.length > 100) fields[`${stage.key}.name`] = 'Use at most 100 characters';
    else if (seen.has(n.toLowerCase())) fields[`${stage.key}.name`] = `Another stage is already called “${seen.get(n.toLowerCase())}”`;
    else seen.set(n.toLowerCase(), n);
    const p = stage.probability.trim();
    if (!/^\d{1,3}$/.test(p) || Number(p) > 100) fields[`${stage.key}.probability`] = 'Enter a whole number from 0 to 100';
  }
  if (stages.length === 0) return { fields, stages: 'A pipeline needs at least one stage' };
  if (stages.length > 50) return { fields, stages: 'A pipeline can have at most 50 stages' };
  return { fields };
}

/**
 * Edits one pipeline as a draft: its name and its stages (add, rename,
 * reorder, remove, probability, open/won/lost), saved in one PATCH guarded by
 * the version the user started from. Keyed by id and version by its parent,
 * so a saved or reloaded pipeline starts a fresh draft.
 */
export function PipelineEditor({
  pipeline,
  readOnly,
  onSaved,
  onReload,
  onDirtyChange,
}: {
  pipeline: Pipeline;
  readOnly: boolean;
  onSaved: (pipeline: Pipeline) => void;
  onReload: () => void;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState<DraftStage[]>(() => draftOf(pipeline));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stagesError, setStagesError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState<{ key: string; target: 'name' | 'up' | 'down' } | { key: 'add'; target: 'add' } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  const nameChanged = name.trim() !== pipeline.name;
  const stagesChanged = JSON.stringify(payloadOf(stages)) !== JSON.stringify(payloadOf(draftOf(pipeline)));
  const dirty = nameChanged || stagesChanged;

  useEffect(() => {
    onDirtyChange(dirty);
  }, [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);

  // Moving or removing a row re-renders the list: put focus back where the keyboard user expects it.
  useEffect(() => {
    if (!focus) return;
    if (focus.target === 'add') addButton.current?.focus();
    else {
      const row = list.current?.querySelector<HTMLElement>(`[data-stage="${focus.key}"]`);
      const wanted = row?.querySelector<HTMLElement>(`[data-focus="${focus.target}"]`);
      const fallback = row?.querySelector<HTMLElement>(`[data-focus="${focus.target === 'up' ? 'down' : 'up'}"]`);
      if (wanted && !wanted.hasAttribute('disabled')) wanted.focus();
      else fallback?.focus();
    }
    setFocus(null);
  }, [focus]);

  function update(key: string, patch: Partial<DraftStage>) {
    setStages((list) => list.map((s) => (s.key === key ? { ...s, ...patch } : s)));
    setErrors((e) => {
      const next = { ...e };
      for (const field of Object.keys(patch)) delete next[`${key}.${field}`];
      return next;
    });
  }

  function changeType(stage: DraftStage, type: StageType) {
    // A won deal is certain and a lost one is not: the usual probabilities, which the user may still change.
    const probability = type === 'won' ? '100' : type === 'lost' ? '0' : stage.type === 'open' ? stage.probability : '50';
    update(stage.key, { type, probability });
  }

  function move(index: number, delta: -1 | 1) {
    const stage = stages[index];
    if (!stage) return;
    setStages((list) => {
      const next = [...list];
      const [moved] = next.splice(index, 1);
      if (moved) next.splice(index + delta, 0, moved);
      return next;
    });
    setFocus({ key: stage.key, target: delta < 0 ? 'up' : 'down' });
  }

  function remove(index: number) {
    const after = stages[index + 1] ?? stages[index - 1];
    setStages((list) => list.filter((_, i) => i !== index));
    setFocus(after ? { key: after.key, target: 'name' } : { key: 'add', target: 'add' });
  }

  function add() {
    // New stages go before the closing (won/lost) stages at the end, where open stages belong.
    let at = stages.length;
    while (at > 0 && stages[at - 1]?.type !== 'open') at -= 1;
    if (at === 0) at = stages.length;
    const stage: DraftStage = { key: newKey(), id: undefined, name: '', probability: '50', type: 'open' };
    setStages((list) => [...list.slice(0, at), stage, ...list.slice(at)]);
    setFocus({ key: stage.key, target: 'name' });
  }

  function discard() {
    setName(pipeline.name);
    setStages(draftOf(pipeline));
    setErrors({});
    setStagesError(undefined);
    setFormError(undefined);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = validate(name, stages);
    setErrors(found.fields);
    setStagesError(found.stages);
    setFormError(undefined);
    if (Object.keys(found.fields).length || found.stages) return;
    setBusy(true);
    try {
      const saved = await api<Pipeline>(`/api/v1/pipelines/${pipeline.id}`, {
        method: 'PATCH',
        headers: ifMatch(pipeline.version),
        body: { ...(nameChanged ? { name: name.trim() } : {}), ...(stagesChanged ? { stages: payloadOf(stages) } : {}) },
      });
      onSaved(saved);
    } catch (error) {
      showServerError(error);
      setBusy(false);
    }
  }

  function showServerError(error: unknown) {
    if (!(error instanceof ApiError)) {
      setFormError(errorMessage(error));
      return;
    }
    if (error.code === 'precondition_failed' || error.code === 'version_conflict') {
      setConflict(true);
      return;
    }
    if (error.code === 'stage_in_use') {
      // The deals sit in stages this draft removed: name them, with how many deals each holds.
      const used = (error.details as { stages?: { id: string; deals: number }[] } | undefined)?.stages ?? [];
      const named = used.map((u) => {
        const stage = pipeline.stages.find((s) => s.id === u.id);
        return `${stage ? `“${stage.name}”` : 'a stage'} has ${u.deals} ${u.deals === 1 ? 'deal' : 'deals'}`;
      });
      setFormError(named.length ? `${error.message}: ${named.join(', ')}. Discard the change or move those deals first.` : error.message);
      return;
    }
    const fields: Record<string, string> = {};
    let unplaced = false;
    for (const [path, message] of Object.entries(error.fieldErrors())) {
      const match = /^stages\.(\d+)\.(name|probability|type)$/.exec(path);
      const stage = match ? stages[Number(match[1])] : undefined;
      if (match && stage) fields[`${stage.key}.${match[2]}`] = sentence(match[2] === 'name' ? 'The stage name' : 'The probability', message);
      else if (path === 'name') fields.name = sentence('The name', message);
      else if (path === 'stages') setStagesError(sentence('Stage names', message.replace(/^stage names /, '')));
      else unplaced = true;
    }
    setErrors(fields);
    if (unplaced || Object.keys(fields).length === 0) setFormError(error.message);
  }

  if (readOnly) {
    return (
      <div className="card">
        <h3>Stages of {pipeline.name}</h3>
        <ol className={editor.readList} aria-label={`Stages of ${pipeline.name}`}>
          {pipeline.stages.map((stage) => (
            <li key={stage.id}>
              <span className={editor.readName}>{stage.name}</span>
              <span className="muted">{stage.probability}%</span>
              <span className={`badge ${stage.type === 'won' ? styles.badgeSuccess : stage.type === 'lost' ? styles.badgeDanger : ''}`}>{stageTypeLabels[stage.type]}</span>
            </li>
          ))}
        </ol>
      </div>
    );
  }

  return (
    <form className="card" onSubmit={(event) => void save(event)} noValidate aria-label={`Edit ${pipeline.name}`}>
      {conflict ? (
        <div className="alert alert-error" role="alert">
          Someone else changed this pipeline since you opened it. Reload it to see their version (your unsaved changes here will be lost).{' '}
          <button type="button" className="btn btn-sm" onClick={onReload}>
            Reload pipeline
          </button>
        </div>
      ) : null}
      {formError ? <Alert>{formError}</Alert> : null}
      <div className={styles.narrowForm}>
        <TextField label="Pipeline name" name="pipeline-name" autoComplete="off" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={errors.name} required />
      </div>
      <h3 id={`stages-${pipeline.id}`}>Stages</h3>
      <p className="field-hint" style={{ margin: '4px 0 12px' }}>
        Deals move through the stages from top to bottom. The probability weights the forecast; won and lost stages close a deal.
      </p>
      {stagesError ? (
        <div className="field-error" role="alert" style={{ marginBottom: 8 }}>
          {stagesError}
        </div>
      ) : null}
      <div className={editor.head} aria-hidden="true">
        <span />
        <span>Name</span>
        <span>Probability</span>
        <span>Type</span>
        <span />
      </div>
      <ol ref={list} className={editor.stages} aria-labelledby={`stages-${pipeline.id}`}>
        {stages.map((stage, index) => {
          const label = stage.name.trim() || `stage ${index + 1}`;
          const nameError = errors[`${stage.key}.name`];
          const probabilityError = errors[`${stage.key}.probability`];
          const id = `stage-${stage.key}`;
          return (
            <li key={stage.key} className={editor.stage} data-stage={stage.key}>
              <span className={editor.position} aria-hidden="true">
                {index + 1}
              </span>
              <div className={editor.cell}>
                <label htmlFor={`${id}-name`} className={editor.cellLabel}>
                  Name of stage {index + 1}
                </label>
                <input
                  id={`${id}-name`}
                  data-focus="name"
                  className="input"
                  value={stage.name}
                  maxLength={100}
                  autoComplete="off"
                  onChange={(e) => update(stage.key, { name: e.target.value })}
                  aria-invalid={nameError ? true : undefined}
                  aria-describedby={nameError ? `${id}-name-error` : undefined}
                />
                {nameError ? (
                  <span id={`${id}-name-error`} className="field-error" role="alert">
                    {nameError}
                  </span>
                ) : null}
              </div>
              <div className={editor.cell}>
                <label htmlFor={`${id}-probability`} className={editor.cellLabel}>
                  Probability of {label} (%)
                </label>
                <div className={editor.percent}>
                  <input
                    id={`${id}-probability`}
                    className="input"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={100}
                    step={1}
                    value={stage.probability}
                    onChange={(e) => update(stage.key, { probability: e.target.value })}
                    aria-invalid={probabilityError ? true : undefined}
                    aria-describedby={probabilityError ? `${id}-probability-error` : undefined}
                  />
                  <span aria-hidden="true">%</span>
                </div>
                {probabilityError ? (
                  <span id={`${id}-probability-error`} className="field-error" role="alert">
                    {probabilityError}
                  </span>
                ) : null}
              </div>
              <div className={editor.cell}>
                <label htmlFor={`${id}-type`} className={editor.cellLabel}>
                  Type of {label}
                </label>
                <select id={`${id}-type`} className="select" value={stage.type} onChange={(e) => changeType(stage, e.target.value as StageType)}>
                  <option value="open">Open</option>
                  <option value="won">Won</option>
                  <option value="lost">Lost</option>
                </select>
              </div>
              <div className={editor.buttons}>
                <button type="button" className="btn btn-sm" data-focus="up" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${label} up`}>
                  <span aria-hidden="true">↑</span>
                </button>
                <button type="button" className="btn btn-sm" data-focus="down" onClick={() => move(index, 1)} disabled={index === stages.length - 1} aria-label={`Move ${label} down`}>
                  <span aria-hidden="true">↓</span>
                </button>
                <button type="button" className="btn btn-sm btn-danger" onClick={() => remove(index)} disabled={stages.length === 1} aria-label={`Remove ${label}`}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className={editor.footer}>
        <button type="button" ref={addButton} className="btn" onClick={add} disabled={stages.length >= 50}>
          Add stage
        </button>
        <span className={editor.spacer} />
        {dirty ? <span className="muted">Unsaved changes</span> : null}
        <button type="button" className="btn" onClick={discard} disabled={!dirty || busy}>
          Discard changes
        </button>
        <button type="submit" className="btn btn-primary" disabled={!dirty || busy || conflict}>
          {busy ? 'Saving…' : 'Save pipeline'}
        </button>
      </div>
    </form>
  );
}
