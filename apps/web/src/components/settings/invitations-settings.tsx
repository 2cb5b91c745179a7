'use client';

import { useState, type FormEvent } from 'react';
import { Alert, Dialog, EmptyState, ErrorState, LoadingState, TextField, useToast } from '@/components/ui';
import { api } from '@/lib/api';
import { checkEmail, compact } from '@/lib/forms';
import { formatDate, formatDateTime } from '@/lib/records';
import { useMe } from '@/lib/session';
import { useApi } from '@/lib/use-api';
import { ConfirmDialog } from './confirm-dialog';
import { CopyField } from './copy-field';
import { canManageWorkspace, roleInfo } from './roles';
import { splitServerErrors } from './server-errors';
import styles from './settings.module.css';
import { useStable } from './use-stable';

type InvitableRole = 'admin' | 'member' | 'read_only';

interface Invitation {
  id: string;
  email: string;
  role: InvitableRole;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  /** Only in the answer to the create call. */
  token?: string;
}

function statusOf(invitation: Invitation, now: number): 'accepted' | 'expired' | 'pending' {
  if (invitation.acceptedAt) return 'accepted';
  return new Date(invitation.expiresAt).getTime() <= now ? 'expired' : 'pending';
}

export function InvitationsSettings() {
  const me = useMe();
  const canManage = canManageWorkspace(me.workspace.role);
  return (
    <section aria-labelledby="invitations-title">
      <div className={styles.sectionHeader}>
        <div>
          <h2 id="invitations-title">Invitations</h2>
          <p>Invite someone by email: you get a link to send them. They join {me.workspace.name} with the role you choose.</p>
        </div>
      </div>
      {canManage ? <InvitationsManager /> : <EmptyState title="Only admins and owners can invite people">Ask an admin of {me.workspace.name} to invite someone for you.</EmptyState>}
    </section>
  );
}

function InvitationsManager() {
  const toast = useToast();
  const invitations = useApi<{ data: Invitation[] }>('/api/v1/invitations');
  const [created, setCreated] = useState<Invitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const closeCreated = useStable(() => setCreated(null));
  const closeRevoke = useStable(() => setRevoking(null));
  const [now] = useState(() => Date.now());

  async function revoke(invitation: Invitation) {
    await api(`/api/v1/invitations/${invitation.id}`, { method: 'DELETE' });
    setRevoking(null);
    invitations.setData((d) => ({ data: d.data.filter((i) => i.id !== invitation.id) }));
    toast(`The invitation for ${invitation.email} is revoked`);
  }

  return (
    <div className={styles.stack}>
      <InviteForm
        onCreated={(invitation) => {
          const { token: _token, ...listed } = invitation;
          invitations.setData((d) => ({ data: [listed, ...d.data] }));
          setCreated(invitation);
        }}
      />
      <div>
        <h3 style={{ marginBottom: 10 }}>Sent invitations</h3>
        {invitations.status === 'loading' ? <LoadingState label="Loading invitations…" /> : null}
        {invitations.status === 'error' ? <ErrorState message={invitations.error} onRetry={invitations.reload} /> : null}
        {invitations.status === 'ready' && invitations.data.data.length === 0 ? (
          <EmptyState title="No invitations yet">Invite a colleague with the form above.</EmptyState>
        ) : null}
        {invitations.status === 'ready' && invitations.data.data.length > 0 ? (
          <ul className={styles.list} aria-label="Invitations">
            {invitations.data.data.map((invitation) => {
              const status = statusOf(invitation, now);
              return (
                <li key={invitation.id} className={styles.row}>
                  <div className={styles.rowMain}>
                    <div className={styles.rowTitle}>{invitation.email}</div>
                    <div className={styles.rowMeta}>
                      {status === 'accepted'
                        ? `Joined ${formatDate(invitation.acceptedAt)}`
                        : status === 'expired'
                          ? `Expired ${formatDate(invitation.expiresAt)}`
                          : `Sent ${formatDate(invitation.createdAt)} · expires ${formatDateTime(invitation.expiresAt)}`}
                    </div>
                  </div>
                  <div className={styles.rowSide}>
                    <span className="badge">{roleInfo[invitation.role].label}</span>
                    <span className={`badge ${status === 'accepted' ? styles.badgeSuccess : status === 'expired' ? styles.badgeDanger : styles.badgeWarning}`}>
                      {status === 'accepted' ? 'Accepted' : status === 'expired' ? 'Expired' : 'Pending'}
                    </span>
                  </div>
                  {status === 'accepted' ? null : (
                    <div className={styles.rowActions}>
                      <button type="button" className="btn btn-sm btn-danger" onClick={() => setRevoking(invitation)} aria-label={`Revoke the invitation for ${invitation.email}`}>
                        Revoke
                      </button>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>

      {created?.token ? (
        <Dialog title="Invitation created" onClose={closeCreated}>
          <p>
            Send this link to <strong>{created.email}</strong>. It lets them join as {roleInfo[created.role].label.toLowerCase()} until {formatDateTime(created.expiresAt)}.
          </p>
          <div className={styles.warning} role="note">
            This is the only time the link is shown. If it is lost, revoke the invitation and create a new one.
          </div>
          <CopyField label="Invitation link" value={`${window.location.origin}/invite?token=${encodeURIComponent(created.token)}`} />
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={closeCreated}>
              Done
            </button>
          </div>
        </Dialog>
      ) : null}
      {revoking ? (
        <ConfirmDialog title={`Revoke the invitation for ${revoking.email}?`} confirmLabel="Revoke invitation" busyLabel="Revoking…" onConfirm={() => revoke(revoking)} onClose={closeRevoke}>
          <p>The link stops working at once. You can invite them again later.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function InviteForm({ onCreated }: { onCreated: (invitation: Invitation) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InvitableRole>('member');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = compact({ email: checkEmail(email) });
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const invitation = await api<Invitation>('/api/v1/invitations', { method: 'POST', body: { email: email.trim(), role } });
      setEmail('');
      setRole('member');
      onCreated(invitation);
    } catch (error) {
      const split = splitServerErrors(error, { email: 'Email', role: 'Role' });
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="invite-form-title">
      <h3 id="invite-form-title" className={styles.cardTitle}>Invite someone</h3>
      <div className={styles.narrowForm}>
        {formError ? <Alert>{formError}</Alert> : null}
        <TextField label="Email" type="email" name="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} required />
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select
            id="invite-role"
            className="select"
            value={role}
            onChange={(e) => setRole(e.target.value as InvitableRole)}
            aria-describedby="invite-role-hint"
            aria-invalid={errors.role ? true : undefined}
          >
            <option value="member">{roleInfo.member.label}</option>
            <option value="admin">{roleInfo.admin.label}</option>
            <option value="read_only">{roleInfo.read_only.label}</option>
          </select>
          <span id="invite-role-hint" className="field-hint">
            {roleInfo[role].description}
          </span>
          {errors.role ? (
            <span className="field-error" role="alert">
              {errors.role}
            </span>
          ) : null}
        </div>
        <div className={styles.formActions}>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create invitation link'}
          </button>
        </div>
      </div>
    </form>
  );
}
