import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) at OWASP's baseline: 19 MiB, 2 iterations, 1 lane.
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** Tokens are stored only as their SHA-256: a leaked table gives no working token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newSessionToken(): string {
  return `nxs_${randomBytes(32).toString('base64url')}`;
}

export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');
  return { key: `nx_${prefix}_${randomBytes(32).toString('base64url')}`, prefix: `nx_${prefix}` };
}

export function newInvitationToken(): string {
  return `nxi_${randomBytes(24).toString('base64url')}`;
}
