'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, TextField } from '@/components/ui';
import { api, ApiError, errorMessage } from '@/lib/api';
import { checkPassword, checkRequired, compact } from '@/lib/forms';
import { useSession } from '@/lib/session';
import styles from '../auth.module.css';

/**
 * Accepting an invitation (`/invite?token=…`, the link an admin sends). A new
 * person chooses a name and password; someone who already has an account
 * leaves both empty and joins with the account they have.
 */
export default function InvitePage() {
  const router = useRouter();
  const { refresh } = useSession();
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [hasAccount, setHasAccount] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Join a workspace · NexusCRM';
    setToken(new URLSearchParams(window.location.search).get('token'));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = hasAccount
      ? compact({ password: password ? undefined : 'Enter the password of your account' })
      : compact({ name: checkRequired(name, 'your name'), password: checkPassword(password) });
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length || !token) return;
    setBusy(true);
    try {
      await api('/api/v1/invitations/accept', { method: 'POST', body: hasAccount ? { token, password } : { token, name, password } });
      await refresh();
      router.replace('/my-work');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_credentials') setErrors({ password: 'That is not the password of your account' });
      else if (error instanceof ApiError && Object.keys(error.fieldErrors()).length) setErrors(error.fieldErrors());
      else setFormError(errorMessage(error));
      setBusy(false);
    }
  }

  if (token === undefined) return null;
  if (token === null) {
    return (
      <>
        <h1>Join a workspace</h1>
        <Alert>This invitation link is incomplete. Open the link from your invitation email again, or ask for a new one.</Alert>
        <p className={styles.footer}>
          <Link href="/login">Sign in</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>Join a workspace</h1>
      {formError ? <Alert>{formError}</Alert> : null}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label>
            <input type="checkbox" checked={hasAccount} onChange={(e) => setHasAccount(e.target.checked)} /> I already have a NexusCRM account
          </label>
        </div>
        {hasAccount ? (
          <TextField
            label="Your NexusCRM password"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            required
          />
        ) : (
          <>
            <TextField label="Your name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
            <TextField
              label="Choose a password"
              type="password"
              name="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.password}
              hint="At least 10 characters"
              required
            />
          </>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Joining…' : 'Accept invitation'}
        </button>
      </form>
    </>
  );
}
