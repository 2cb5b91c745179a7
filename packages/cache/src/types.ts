export interface CounterState {
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/** The cache port: an in-memory LRU in the embedded mode, Redis when configured. */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds one to a counter whose window starts at its first increment and lasts windowMs. */
  increment(key: string, windowMs: number): Promise<CounterState>;
  /** Reads a counter without changing it. */
  peek(key: string): Promise<CounterState>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
