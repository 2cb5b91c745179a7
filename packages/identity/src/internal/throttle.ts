import { AppError } from '@nexus/platform';
import type { Cache } from '@nexus/cache';

export interface ThrottleLimits {
  /** Failed logins per account within the window before it is throttled. */
  maxFailuresPerAccount: number;
  /** Failed logins per client address within the window. */
  maxFailuresPerAddress: number;
  windowMs: number;
}

/**
 * Login throttling, per account and per client address, counted on failures
 * only. Checked before the password is verified so a throttled attacker learns
 * nothing and costs us no hashing.
 */
export function createLoginThrottle(cache: Cache, limits: ThrottleLimits) {
  const accountKey = (email: string) => `login-fail:account:${email}`;
  const addressKey = (ip: string) => `login-fail:ip:${ip}`;

  return {
    async check(email: string, ip: string): Promise<void> {
      const [account, address] = await Promise.all([cache.peek(accountKey(email)), cache.peek(addressKey(ip))]);
      const blocked = [
        account.count >= limits.maxFailuresPerAccount ? account.resetInMs : 0,
        address.count >= limits.maxFailuresPerAddress ? address.resetInMs : 0,
      ];
      const waitMs = Math.max(...blocked);
      if (waitMs > 0) {
        throw new AppError('login_throttled', 'Too many failed sign-in attempts; try again later', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
      }
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      await Promise.all([cache.increment(accountKey(email), limits.windowMs), cache.increment(addressKey(ip), limits.windowMs)]);
    },
    async recordSuccess(email: string): Promise<void> {
      await cache.delete(accountKey(email));
    },
  };
}
