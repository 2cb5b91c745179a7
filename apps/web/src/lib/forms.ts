/** Client-side checks that mirror the server's, so most mistakes are caught before a round trip. */
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(value: string): string | undefined {
  if (!value.trim()) return 'Enter an email address';
  if (!emailPattern.test(value.trim())) return 'Enter a valid email address, like name@company.com';
  return undefined;
}

export function checkPassword(value: string): string | undefined {
  if (!value) return 'Enter a password';
  if (value.length < 10) return 'Use at least 10 characters';
  return undefined;
}

export function checkRequired(value: string, what: string): string | undefined {
  return value.trim() ? undefined : `Enter ${what}`;
}

/** Keeps only the messages that are set. */
export function compact(errors: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) if (value) out[key] = value;
  return out;
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/my-work';
  return next;
}
