/** A parsed JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error the fake answers with Elasticsearch's error body: `{ error: { root_cause, type, reason }, status }`. */
export class EsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly context?: string,
  ) {
    super(reason);
    this.name = 'EsError';
  }

  toCause(): Record<string, Json> {
    return { type: this.type, reason: this.context ? `${this.reason} (${this.context})` : this.reason };
  }

  toBody(): Record<string, Json> {
    const cause = this.toCause();
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}

/** A JSON value as Elasticsearch quotes it in a message: strings bare, anything else as JSON. */
export function show(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  return value === undefined ? 'null' : JSON.stringify(value);
}
