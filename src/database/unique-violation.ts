import { QueryFailedError } from 'typeorm';

/** A UNIQUE constraint refused the row, as PostgreSQL and SQLite each say it. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
