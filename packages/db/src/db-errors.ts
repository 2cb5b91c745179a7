/** What a database error means for the caller, by SQLSTATE. */
export type DbErrorClass =
  | { type: 'unique_violation'; constraint: string | undefined }
  | { type: 'foreign_key_violation'; constraint: string | undefined }
  | { type: 'check_violation'; constraint: string | undefined }
  | { type: 'invalid_input' }
  | { type: 'retryable' }
  | { type: 'unavailable' }
  | { type: 'other' };

export function classifyDbError(error: unknown): DbErrorClass {
  if (typeof error !== 'object' || error === null) return { type: 'other' };
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  const name = typeof constraint === 'string' ? constraint : undefined;
  if (typeof code !== 'string') return { type: 'other' };
  if (code === '23505') return { type: 'unique_violation', constraint: name };
  if (code === '23503') return { type: 'foreign_key_violation', constraint: name };
  if (code === '23514') return { type: 'check_violation', constraint: name };
  // Data exceptions: a value the column cannot hold (bad number, too long, bad date).
  if (code.startsWith('22')) return { type: 'invalid_input' };
  if (code === '40001' || code === '40P01' || code === '55P03') return { type: 'retryable' };
  if (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300' || code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    return { type: 'unavailable' };
  }
  return { type: 'other' };
}
