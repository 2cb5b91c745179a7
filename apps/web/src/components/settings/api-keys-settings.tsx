'use client';

import { useMemo, useState, type FormEvent } from 'react';
import { Alert, Dialog, EmptyState, ErrorState, LoadingState, TextField, useToast } from '@/components/ui';
import { api } from '@/lib/api';
import { checkRequired, compact } from '@/lib/forms';
import { formatDate, formatDateTime, type Member } from '@/lib/records';
import { useMe } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { ConfirmDialog } from './confirm-dialog';
import { CopyField } from './copy-field';
import { canManageWorkspace } from './roles';
import { splitServerErrors } from './server-errors';
import styles from './settings.module.css';
import { useStable } from './use-stable';

type Scope = 'read' | 'write' | 'admin';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Only in the answer to the create call. */
  key?: string;
}

const scopeInfo: Record<Scope, { label: string; description: string }> = {
  read: { label: 'Read', description: 'List and read records, pipelines and fields.' },
  write: { label: 'Write', description: 'Create, change and delete records. Most integrations need Read too.' },
  admin: { label: 'Admin', description: 'Manage members, invitations, fields and pipelines.' },
};
const allScopes: Scope[] = ['read', 'write', 'admin'];

export function ApiKeysSettings() {
  const me = useMe();
  const toast = useToast();
  const keys = useApi<{ data: ApiKey[] }>('/api/v1/api-keys');
  // Names for "created by": only admins see other people's keys, and only they need the member list.
  const seesAll = canManageWorkspace(me.workspace.role);
  const members = useApi<{ data: Member[] }>(seesAll ? '/api/v1/members' : null);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const closeCreate = useStable(() => setCreating(false));
  const closeRevoke = useStable(() => setRevoking(null));

  const names = useMemo(() => new Map((members.data?.data ?? []).map((m) => [m.userId, m.name])), [members.data]);
  const creatorName = (key: ApiKey) => (key.createdBy === me.user.id ? 'you' : (names.get(key.createdBy) ?? 'a former member'));

  async function revoke(key: ApiKey) {
    await api(`/api/v1/api-keys/${key.id}`, { method: 'DELETE' });
    setRevoking(null);
    keys.setData((d) => ({ data: d.data.filter((k) => k.id !== key.id) }));
    toast(`The key “${key.name}” is revoked`);
  }

  return (
    <section aria-labelledby="api-keys-title">
      <div className={styles.sectionHeader}>
        <div>
          <h2 id="api-keys-title">API keys</h2>
          <p>
            Scripts and integrations send a key as <code className={styles.mono}>Authorization: Bearer &lt;key&gt;</code>. A key acts on your behalf in {me.workspace.name}
            and never has more power than your role.{seesAll ? ' As an admin you see every key of the workspace.' : ''}
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          Create API key
        </button>
      </div>
      {keys.status === 'loading' ? <LoadingState label="Loading API keys…" /> : null}
      {keys.status === 'error' ? <ErrorState message={keys.error} onRetry={keys.reload} /> : null}
      {keys.status === 'ready' && keys.data.data.length === 0 ? <EmptyState title="No API keys yet">Create one when a script or integration needs to reach NexusCRM.</EmptyState> : null}
      {keys.status === 'ready' && keys.data.data.length > 0 ? (
        <ul className={styles.list} aria-label="API keys">
          {keys.data.data.map((key) => (
            <li key={key.id} className={styles.row}>
              <div className={styles.rowMain}>
                <div className={styles.rowTitle}>{key.name}</div>
                <div className={styles.rowMeta}>
                  <span className={styles.mono}>{key.prefix}…</span> · created {formatDate(key.createdAt)} by {creatorName(key)} ·{' '}
                  {key.lastUsedAt ? `last used ${formatDateTime(key.lastUsedAt)}` : 'never used'}
                </div>
              </div>
              <div className={styles.badges} aria-label="Scopes">
                {key.scopes.map((scope) => (
                  <span key={scope} className={`badge ${scope === 'admin' ? styles.badgeAccent : ''}`}>
                    {scopeInfo[scope].label}
                  </span>
                ))}
              </div>
              <div className={styles.rowActions}>
                <button type="button" className="btn btn-sm btn-danger" onClick={() => setRevoking(key)} aria-label={`Revoke the key ${key.name}`}>
                  Revoke
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}

      {creating ? <CreateKeyDialog allowed={me.scopes} onClose={closeCreate} onCreated={(key) => keys.setData((d) => ({ data: [key, ...d.data] }))} /> : null}
      {revoking ? (
        <ConfirmDialog title={`Revoke “${revoking.name}”?`} confirmLabel="Revoke key" busyLabel="Revoking…" onConfirm={() => revoke(revoking)} onClose={closeRevoke}>
          <p>
            Anything using the key <span className={styles.mono}>{revoking.prefix}…</span> stops working at once. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function CreateKeyDialog({ allowed, onClose, onCreated }: { allowed: string[]; onClose: () => void; onCreated: (key: ApiKey) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ApiKey | null>(null);

  function toggle(scope: Scope, on: boolean) {
    setScopes((list) => (on ? allScopes.filter((s) => s === scope || list.includes(s)) : list.filter((s) => s !== scope)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = compact({
      name: checkRequired(name, 'a name for the key') ?? (name.trim().length > 200 ? 'Use at most 200 characters' : undefined),
      scopes: scopes.length ? undefined : 'Choose at least one scope',
    });
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const key = await api<ApiKey>('/api/v1/api-keys', { method: 'POST', body: { name: name.trim(), scopes } });
      const { key: _secret, ...listed } = key;
      onCreated(listed);
      setCreated(key);
    } catch (error) {
      const split = splitServerErrors(error, { name: 'Name', scopes: 'Scopes' });
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  }

  if (created?.key) {
    return (
      <Dialog title="Your new API key" onClose={onClose}>
        <div className={styles.warning} role="note">
          <strong>Copy the key now: you won’t see it again.</strong> NexusCRM keeps only a fingerprint of it. If it is lost, revoke it and create a new one.
        </div>
        <CopyField label={`API key “${created.name}”`} value={created.key} />
        <div className="dialog-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            I have copied it
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Create an API key" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {formError ? <Alert>{formError}</Alert> : null}
        <TextField
          label="Name"
          name="key-name"
          autoComplete="off"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          hint="What uses it, e.g. “Zapier” or “Nightly export”"
          required
        />
        <fieldset className={styles.choices} aria-describedby={errors.scopes ? 'key-scopes-error' : undefined}>
          <legend>Scopes</legend>
          {allScopes.map((scope) => {
            const permitted = allowed.includes(scope);
            return (
              <label key={scope} className={styles.choice}>
                <input type="checkbox" name="scopes" value={scope} checked={scopes.includes(scope)} disabled={!permitted} onChange={(e) => toggle(scope, e.target.checked)} />
                <span>
                  {scopeInfo[scope].label}
                  <small>{permitted ? scopeInfo[scope].description : 'Your role does not allow this scope.'}</small>
                </span>
              </label>
            );
          })}
          {errors.scopes ? (
            <span id="key-scopes-error" className="field-error" role="alert">
              {errors.scopes}
            </span>
          ) : null}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
