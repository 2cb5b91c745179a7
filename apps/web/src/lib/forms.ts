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

/**
 * Where to go after signing in: only a page of this site, never another
 * origin. Parsed as the browser will parse it (which drops tabs and line
 * breaks, so "/\t/evil.example" would otherwise become "//evil.example").
 */
export function safeNext(next: string | null): string {
  const fallback = '/my-work';
  if (!next || !next.startsWith('/')) return fallback;
  try {
    const origin = window.location.origin;
    const url = new URL(next, origin);
    if (url.origin !== origin) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
