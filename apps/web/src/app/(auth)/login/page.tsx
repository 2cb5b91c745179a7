'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, TextField } from '@/components/ui';
import { api, ApiError, errorMessage } from '@/lib/api';
import { checkEmail, compact, safeNext } from '@/lib/forms';
import { useSession } from '@/lib/session';
import styles from '../auth.module.css';

export default function LoginPage() {
  const router = useRouter();
  const { state, refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Sign in · NexusCRM';
    if (state.status === 'signed_in') router.replace(safeNext(new URLSearchParams(window.location.search).get('next')));
  }, [state.status, router]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = compact({ email: checkEmail(email), password: password ? undefined : 'Enter your password' });
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api('/api/v1/auth/login', { method: 'POST', body: { email: email.trim(), password } });
      await refresh();
      router.replace(safeNext(new URLSearchParams(window.location.search).get('next')));
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors()).length) setErrors(error.fieldErrors());
      else setFormError(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Sign in</h1>
      {formError ? <Alert>{formError}</Alert> : null}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Email" type="email" name="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} required />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className={styles.footer}>
        New to NexusCRM? <Link href="/signup">Create an account</Link>
      </p>
    </>
  );
}
