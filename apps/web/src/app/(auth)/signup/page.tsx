'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, TextField } from '@/components/ui';
import { api, ApiError, errorMessage } from '@/lib/api';
import { checkEmail, checkPassword, checkRequired, compact } from '@/lib/forms';
import { useSession } from '@/lib/session';
import styles from '../auth.module.css';

export default function SignupPage() {
  const router = useRouter();
  const { refresh } = useSession();
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Create your account · NexusCRM';
  }, []);

  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = compact({
      name: checkRequired(form.name, 'your name'),
      email: checkEmail(form.email),
      password: checkPassword(form.password),
      workspaceName: checkRequired(form.workspaceName, 'a name for your workspace'),
    });
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api('/api/v1/auth/signup', { method: 'POST', body: { ...form, email: form.email.trim() } });
      await refresh();
      router.replace('/my-work');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'already_exists') setErrors({ email: 'An account with this email already exists. Sign in instead.' });
      else if (error instanceof ApiError && Object.keys(error.fieldErrors()).length) setErrors(error.fieldErrors());
      else setFormError(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Create your account</h1>
      {formError ? <Alert>{formError}</Alert> : null}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Your name" name="name" autoComplete="name" value={form.name} onChange={set('name')} error={errors.name} required />
        <TextField label="Work email" type="email" name="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} required />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          hint="At least 10 characters"
          required
        />
        <TextField label="Workspace name" name="workspaceName" autoComplete="organization" value={form.workspaceName} onChange={set('workspaceName')} error={errors.workspaceName} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p className={styles.footer}>
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </>
  );
}
