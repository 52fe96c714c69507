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
