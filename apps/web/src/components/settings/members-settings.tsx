'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Alert, Dialog, EmptyState, ErrorState, LoadingState, useToast } from '@/components/ui';
import { api, errorMessage } from '@/lib/api';
import { formatDate, type Member } from '@/lib/records';
import { useMe, useSession } from '@/lib/session';
import type { Role } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import { ConfirmDialog } from './confirm-dialog';
import { allRoles, canManageWorkspace, roleInfo } from './roles';
import styles from './settings.module.css';
import { useStable } from './use-stable';

type Action = { kind: 'role'; member: Member } | { kind: 'remove'; member: Member };

export function MembersSettings() {
  const me = useMe();
  const { refresh } = useSession();
  const toast = useToast();
  const members = useApi<{ data: Member[] }>('/api/v1/members');
  const [action, setAction] = useState<Action | null>(null);
  const close = useStable(() => setAction(null));
  const canManage = canManageWorkspace(me.workspace.role);

  async function remove(member: Member) {
    await api(`/api/v1/members/${member.userId}`, { method: 'DELETE' });
    setAction(null);
    members.setData((d) => ({ data: d.data.filter((m) => m.userId !== member.userId) }));
    toast(`${member.name} was removed from ${me.workspace.name}`);
    // Removing yourself ends your session here: reading the caller again sends you to sign in.
    if (member.userId === me.user.id) await refresh().catch(() => undefined);
  }

  return (
    <section aria-labelledby="members-title">
      <div className={styles.sectionHeader}>
        <div>
          <h2 id="members-title">Members</h2>
          <p>
            People in {me.workspace.name}.{' '}
            {canManage ? (
              <>
                To add someone, <Link href="/settings/invitations">invite them</Link>.
              </>
            ) : (
              'Only admins and owners can change roles or remove members.'
            )}
          </p>
        </div>
      </div>
      {members.status === 'loading' ? <LoadingState label="Loading members…" /> : null}
      {members.status === 'error' ? <ErrorState message={members.error} onRetry={members.reload} /> : null}
      {members.status === 'ready' && members.data.data.length === 0 ? <EmptyState title="No members" /> : null}
      {members.status === 'ready' && members.data.data.length > 0 ? (
        <ul className={styles.list} aria-label="Members">
          {members.data.data.map((member) => {
            const isMe = member.userId === me.user.id;
            // Only an owner may touch an owner; the server says so too, this just spares a refused click.
            const editable = canManage && (member.role !== 'owner' || me.workspace.role === 'owner');
            return (
              <li key={member.userId} className={styles.row}>
                <div className={styles.rowMain}>
                  <div className={styles.rowTitle}>
                    {member.name} {isMe ? <span className="badge">You</span> : null}
                  </div>
                  <div className={styles.rowMeta}>
                    {member.email} · joined {formatDate(member.joinedAt)}
                  </div>
                </div>
                <div className={styles.rowSide}>
                  <span className={`badge ${member.role === 'owner' || member.role === 'admin' ? styles.badgeAccent : ''}`}>{roleInfo[member.role].label}</span>
                </div>
                {editable ? (
                  <div className={styles.rowActions}>
                    <button type="button" className="btn btn-sm" onClick={() => setAction({ kind: 'role', member })} aria-label={`Change the role of ${member.name}`}>
                      Change role
                    </button>
                    <button type="button" className="btn btn-sm btn-danger" onClick={() => setAction({ kind: 'remove', member })} aria-label={isMe ? 'Leave this workspace' : `Remove ${member.name}`}>
                      {isMe ? 'Leave' : 'Remove'}
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}

      {action?.kind === 'role' ? (
        <RoleDialog
          member={action.member}
          onClose={close}
          onSaved={(updated) => {
            setAction(null);
            members.setData((d) => ({ data: d.data.map((m) => (m.userId === updated.userId ? updated : m)) }));
            toast(`${updated.name} is now ${roleInfo[updated.role].label.toLowerCase()}`);
            // Changing your own role changes what this page lets you do.
            if (updated.userId === me.user.id) void refresh().catch(() => undefined);
          }}
        />
      ) : null}
      {action?.kind === 'remove' ? (
        <ConfirmDialog
          title={action.member.userId === me.user.id ? `Leave ${me.workspace.name}?` : `Remove ${action.member.name}?`}
          confirmLabel={action.member.userId === me.user.id ? 'Leave workspace' : 'Remove member'}
          busyLabel="Removing…"
          onConfirm={() => remove(action.member)}
          onClose={close}
        >
          {action.member.userId === me.user.id ? (
            <p>You will lose access to {me.workspace.name} at once and be signed out here. Someone will have to invite you again.</p>
          ) : (
            <p>
              {action.member.name} ({action.member.email}) loses access to {me.workspace.name} at once: their sessions here end and the API keys they made stop working.
              Their records stay.
            </p>
          )}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function RoleDialog({ member, onClose, onSaved }: { member: Member; onClose: () => void; onSaved: (member: Member) => void }) {
  const me = useMe();
  const [role, setRole] = useState<Role>(member.role);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const isMe = member.userId === me.user.id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (role === member.role) {
      onClose();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api<Member>(`/api/v1/members/${member.userId}`, { method: 'PATCH', body: { role } }));
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Role of ${member.name}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        {error ? <Alert>{error}</Alert> : null}
        <fieldset className={styles.choices}>
          <legend>Role</legend>
          {allRoles.map((option) => {
            const disabled = option === 'owner' && me.workspace.role !== 'owner';
            return (
              <label key={option} className={styles.choice}>
                <input type="radio" name="role" value={option} checked={role === option} disabled={disabled} onChange={() => setRole(option)} />
                <span>
                  {roleInfo[option].label}
                  <small>{disabled ? 'Only an owner can make someone an owner.' : roleInfo[option].description}</small>
                </span>
              </label>
            );
          })}
        </fieldset>
        {isMe && role !== member.role ? <p className="field-hint">This is your own role: you may not be able to undo it yourself.</p> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save role'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
