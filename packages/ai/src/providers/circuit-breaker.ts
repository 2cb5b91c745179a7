import type { Clock } from '@nexus/platform';

export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  failureThreshold: number;
  /** How far back failures count, in milliseconds. */
  windowMs: number;
  /** How long an open circuit refuses calls before it lets trial calls through, in milliseconds. */
  openMs: number;
  /** Trial calls allowed at once while half-open. */
  halfOpenMax: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitSnapshot {
  state: CircuitState;
  /** Failures counted in the current window. */
  failures: number;
  /** When an open circuit starts letting trial calls through; null unless open. */
  openedUntil: Date | null;
}

export interface CircuitBreaker {
  /** Asks to make one call. False while open, or while half-open with every trial taken. */
  tryAcquire(): boolean;
  /** The provider answered: a half-open circuit closes. */
  success(): void;
  /** The provider is unwell: counts towards opening; a half-open circuit opens again. */
  failure(): void;
  /** The call ended without telling anything about the provider (cancelled): frees its trial slot. */
  release(): void;
  snapshot(): CircuitSnapshot;
}

/**
 * A circuit breaker for one provider: closed until `failureThreshold`
 * failures fall within `windowMs`, then open for `openMs` (calls are refused
 * without reaching the provider), then half-open, letting `halfOpenMax` trial
 * calls through: a success closes it, a failure opens it again.
 *
 * @example
 * const breaker = createCircuitBreaker({ failureThreshold: 5, windowMs: 60_000, openMs: 30_000, halfOpenMax: 1 }, systemClock);
 * if (breaker.tryAcquire()) { try { await call(); breaker.success(); } catch { breaker.failure(); } }
 */
export function createCircuitBreaker(options: CircuitBreakerOptions, clock: Clock): CircuitBreaker {
  for (const key of ['failureThreshold', 'halfOpenMax'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new RangeError(`Circuit breaker ${key} must be a positive integer`);
  }
  for (const key of ['windowMs', 'openMs'] as const) {
    if (!Number.isFinite(options[key]) || options[key] < 0) throw new RangeError(`Circuit breaker ${key} must be a non-negative number`);
  }
  let state: CircuitState = 'closed';
  let failures: number[] = [];
  let openedUntil = 0;
  let trials = 0;

  function now(): number {
    return clock.now().getTime();
  }

  /** Moves an open circuit to half-open once its time is up and forgets failures outside the window. */
  function refresh(): CircuitState {
    const at = now();
    if (state === 'open' && at >= openedUntil) {
      state = 'half_open';
      trials = 0;
    }
    if (state === 'closed') failures = failures.filter((time) => time > at - options.windowMs);
    return state;
  }

  function open(): void {
    state = 'open';
    openedUntil = now() + options.openMs;
    trials = 0;
  }

  return {
    tryAcquire() {
      switch (refresh()) {
        case 'closed':
          return true;
        case 'open':
          return false;
        case 'half_open':
          if (trials >= options.halfOpenMax) return false;
          trials += 1;
          return true;
      }
    },
    success() {
      if (refresh() === 'half_open') {
        state = 'closed';
        failures = [];
        trials = 0;
      }
    },
    failure() {
      const current = refresh();
      if (current === 'half_open') open();
      else if (current === 'closed') {
        failures.push(now());
        if (failures.length >= options.failureThreshold) open();
      }
      // Open already: a call that started before the circuit opened adds nothing.
    },
    release() {
      if (refresh() === 'half_open' && trials > 0) trials -= 1;
    },
    snapshot() {
      const current = refresh();
      return { state: current, failures: failures.length, openedUntil: current === 'open' ? new Date(openedUntil) : null };
    },
  };
}
