'use client';

import { useState, type FormEvent } from 'react';
import { Alert, TextField } from '@/components/ui';
import { api } from '@/lib/api';
import { checkPassword, checkRequired, compact } from '@/lib/forms';
import { useMe, useSession } from '@/lib/session';
import { useTheme, type Theme } from '@/lib/theme';
import type { User } from '@/lib/types';
import { splitServerErrors } from './server-errors';
import styles from './settings.module.css';

export function ProfileSettings() {
  return (
    <section aria-labelledby="profile-title" className={styles.stack}>
      <div className={styles.sectionHeader}>
        <div>
          <h2 id="profile-title">Profile</h2>
          <p>How you appear to your team, how you sign in, and how NexusCRM looks in this browser.</p>
        </div>
      </div>
      <NameForm />
      <PasswordForm />
      <ThemeChoice />
    </section>
  );
}

function NameForm() {
  const me = useMe();
  const { refresh } = useSession();
  const [name, setName] = useState(me.user.name);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const unchanged = name.trim() === me.user.name;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = compact({ name: checkRequired(name, 'your name') ?? (name.trim().length > 200 ? 'Use at most 200 characters' : undefined) });
    setErrors(found);
    setFormError(undefined);
    setSaved(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const user = await api<User>('/api/v1/auth/me', { method: 'PATCH', body: { name: name.trim() } });
      setName(user.name);
      // The shell shows the name too: read the caller again so it changes everywhere.
      await refresh().catch(() => undefined);
      setSaved(true);
    } catch (error) {
      const split = splitServerErrors(error, { name: 'Name' });
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="name-form-title">
      <h3 id="name-form-title" className={styles.cardTitle}>Your details</h3>
      <div className={styles.narrowForm}>
        {formError ? <Alert>{formError}</Alert> : null}
        {saved ? <Alert kind="success">Your name is saved.</Alert> : null}
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          value={name}
          maxLength={200}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          error={errors.name}
          required
        />
        <div className="field">
          <span className="label">Email</span>
          <span className={styles.readonlyValue}>{me.user.email}</span>
        </div>
        <div className={styles.formActions}>
          <button type="submit" className="btn btn-primary" disabled={busy || unchanged}>
            {busy ? 'Saving…' : 'Save name'}
          </button>
        </div>
      </div>
    </form>
  );
}

function PasswordForm() {
  const me = useMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = compact({
      currentPassword: current ? undefined : 'Enter your current password',
      newPassword: checkPassword(next) ?? (next === current ? 'Choose a password different from the current one' : undefined),
      confirmPassword: confirm === next ? undefined : 'The two new passwords do not match',
    });
    setErrors(found);
    setFormError(undefined);
    setDone(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api('/api/v1/auth/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    } catch (error) {
      const split = splitServerErrors(error, { currentPassword: 'Current password', newPassword: 'New password' });
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="password-form-title">
      <h3 id="password-form-title" className={styles.cardTitle}>Password</h3>
      <div className={styles.narrowForm}>
        {formError ? <Alert>{formError}</Alert> : null}
        {done ? <Alert kind="success">Your password is changed. You stay signed in here; every other device and browser was signed out.</Alert> : null}
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={me.user.email} readOnly hidden />
        <TextField
          label="Current password"
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.currentPassword}
          required
        />
        <TextField
          label="New password"
          type="password"
          name="new-password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.newPassword}
          hint="At least 10 characters"
          required
        />
        <TextField
          label="Repeat the new password"
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirmPassword}
          required
        />
        <p className="field-hint">Changing it signs you out everywhere else.</p>
        <div className={styles.formActions}>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </div>
    </form>
  );
}

const themes: { value: Theme; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Follow this device’s setting' },
  { value: 'light', label: 'Light', hint: 'Dark text on a light background' },
  { value: 'dark', label: 'Dark', hint: 'Light text on a dark background' },
];

function ThemeChoice() {
  const [theme, setTheme] = useTheme();
  return (
    <div className="card">
      <fieldset className={`${styles.choices} ${styles.inlineChoices}`}>
        <legend>
          <h3 className={styles.cardTitle}>Theme</h3>
        </legend>
        {themes.map((option) => (
          <label key={option.value} className={styles.choice}>
            <input type="radio" name="theme" value={option.value} checked={theme === option.value} onChange={() => setTheme(option.value)} />
            <span>
              {option.label}
              <small>{option.hint}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="field-hint" style={{ margin: 0 }}>
        Remembered in this browser.
      </p>
    </div>
  );
}
