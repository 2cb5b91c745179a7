import { setTimeout as delay } from 'node:timers/promises';

export interface RetryOptions {
  /** Requests per provider and call, the first included. */
  attempts: number;
  /** Wait before the first retry, in milliseconds; doubles each time. */
  baseMs: number;
  /** Longest wait between attempts, in milliseconds. A provider asking for longer (Retry-After) is left for the next one. */
  maxMs: number;
  /** Share of each wait drawn at random (0 to 1), so that many clients do not retry in step. */
  jitter: number;
}

/** The wait before retry number `retry` (0 for the first): exponential, capped, part of it random. */
export function backoffMs(retry: number, options: RetryOptions, random: () => number): number {
  const full = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(full * (1 - jitter) + full * jitter * random());
}

export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : undefined);
}
