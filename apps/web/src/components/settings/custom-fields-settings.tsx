'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { EmptyState, ErrorState, LoadingState, useToast } from '@/components/ui';
import { api } from '@/lib/api';
import type { CustomFieldDefinition, ObjectName } from '@/lib/records';
import { useMe } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { ConfirmDialog } from './confirm-dialog';
import { CustomFieldDialog, fieldTypeLabels, objectLabels, objects } from './custom-field-dialog';
import { canManageWorkspace } from './roles';
import styles from './settings.module.css';
import { useStable } from './use-stable';

type Action = { kind: 'create' } | { kind: 'edit'; field: CustomFieldDefinition } | { kind: 'delete'; field: CustomFieldDefinition };

const shownOptions = 6;

export function CustomFieldsSettings() {
  const me = useMe();
  const toast = useToast();
  const canManage = canManageWorkspace(me.workspace.role);
  const fields = useApi<{ data: CustomFieldDefinition[] }>('/api/v1/custom-fields');
  const [object, setObject] = useState<ObjectName>('contacts');
  const [action, setAction] = useState<Action | null>(null);
  const close = useStable(() => setAction(null));
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const all = fields.data?.data ?? [];
  const shown = all.filter((f) => f.object === object);

  // Arrow keys move between tabs, as in any tab list.
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? objects.length - 1 : delta ? (index + delta + objects.length) % objects.length : -1;
    const next = objects[target];
    if (target < 0 || !next) return;
    event.preventDefault();
    setObject(next);
    tabs.current[target]?.focus();
  }

  async function remove(field: CustomFieldDefinition) {
    await api(`/api/v1/custom-fields/${field.id}`, { method: 'DELETE' });
    setAction(null);
    fields.setData((d) => ({ data: d.data.filter((f) => f.id !== field.id) }));
    toast(`The field “${field.label}” is deleted`);
  }

  return (
    <section aria-labelledby="custom-fields-title">
      <div className={styles.sectionHeader}>
        <div>
          <h2 id="custom-fields-title">Custom fields</h2>
          <p>Fields your team fills in beyond the built-in ones. {canManage ? '' : 'Only admins and owners can change them.'}</p>
        </div>
        {canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setAction({ kind: 'create' })}>
            Add field
          </button>
        ) : null}
      </div>
      <div className={styles.tabs} role="tablist" aria-label="Object">
        {objects.map((name, index) => (
          <button
            key={name}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`cf-tab-${name}`}
            aria-controls="cf-panel"
            aria-selected={object === name}
            tabIndex={object === name ? 0 : -1}
            className={styles.tab}
            onClick={() => setObject(name)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {objectLabels[name].plural}
            {fields.status === 'ready' ? <span className={styles.count}>{all.filter((f) => f.object === name).length}</span> : null}
          </button>
        ))}
      </div>
      <div id="cf-panel" role="tabpanel" aria-labelledby={`cf-tab-${object}`}>
        {fields.status === 'loading' ? <LoadingState label="Loading custom fields…" /> : null}
        {fields.status === 'error' ? <ErrorState message={fields.error} onRetry={fields.reload} /> : null}
        {fields.status === 'ready' && shown.length === 0 ? (
          <EmptyState
            title={`No custom fields on ${objectLabels[object].plural.toLowerCase()}`}
            action={
              canManage ? (
                <button type="button" className="btn" onClick={() => setAction({ kind: 'create' })}>
                  Add a field to {objectLabels[object].plural.toLowerCase()}
                </button>
              ) : undefined
            }
          />
        ) : null}
        {fields.status === 'ready' && shown.length > 0 ? (
          <ul className={styles.list} aria-label={`Custom fields on ${objectLabels[object].plural.toLowerCase()}`}>
            {shown.map((field) => (
              <li key={field.id} className={styles.row}>
                <div className={styles.rowMain}>
                  <div className={styles.rowTitle}>{field.label}</div>
                  <div className={styles.rowMeta}>
                    <span className={styles.mono}>customFields.{field.key}</span> · {fieldTypeLabels[field.type]}
                  </div>
                  {field.options?.length ? (
                    <div className={styles.badges} style={{ marginTop: 6 }} aria-label="Options">
                      {field.options.slice(0, shownOptions).map((option) => (
                        <span key={option} className="badge">
                          {option}
                        </span>
                      ))}
                      {field.options.length > shownOptions ? <span className="badge">+{field.options.length - shownOptions} more</span> : null}
                    </div>
                  ) : null}
                </div>
                {canManage ? (
                  <div className={styles.rowActions}>
                    <button type="button" className="btn btn-sm" onClick={() => setAction({ kind: 'edit', field })} aria-label={`Edit the field ${field.label}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-sm btn-danger" onClick={() => setAction({ kind: 'delete', field })} aria-label={`Delete the field ${field.label}`}>
                      Delete
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      {action?.kind === 'create' || action?.kind === 'edit' ? (
        <CustomFieldDialog
          object={object}
          field={action.kind === 'edit' ? action.field : undefined}
          existing={all}
          onStale={fields.reload}
          onClose={close}
          onSaved={(saved) => {
            setAction(null);
            fields.setData((d) => ({ data: d.data.some((f) => f.id === saved.id) ? d.data.map((f) => (f.id === saved.id ? saved : f)) : [...d.data, saved] }));
            setObject(saved.object);
            toast(action.kind === 'edit' ? `The field “${saved.label}” is saved` : `The field “${saved.label}” is added to ${objectLabels[saved.object].plural.toLowerCase()}`);
          }}
        />
      ) : null}
      {action?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete “${action.field.label}”?`}
          confirmLabel="Delete field"
          busyLabel="Deleting…"
          onConfirm={() => remove(action.field)}
          onClose={close}
        >
          <p>
            The field and every value in it are removed from all {objectLabels[action.field.object].plural.toLowerCase()}. Filters and views that use{' '}
            <span className={styles.mono}>customFields.{action.field.key}</span> stop working. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
