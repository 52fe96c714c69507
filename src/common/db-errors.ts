import { QueryFailedError } from 'typeorm';

/** True when a write broke the named constraint (SQLSTATE 23505 unique, 23P01 exclusion). */
export function violates(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) {
    return false;
  }
  const driverError = error.driverError as { code?: string; constraint?: string };
  return (
    (driverError.code === '23505' || driverError.code === '23P01') && driverError.constraint === constraint
  );
}

/**
 * True for a transaction PostgreSQL aborted to untangle concurrent ones (40P01 deadlock, 40001 serialization):
 * the same statement, run again, gets a real answer. Concurrent inserts that conflict under an exclusion
 * constraint wait for each other, so a deadlock there is normal and ends on the retry.
 */
export function isRetryable(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string } } | null)?.driverError?.code;
  return error instanceof QueryFailedError && (code === '40P01' || code === '40001');
}
