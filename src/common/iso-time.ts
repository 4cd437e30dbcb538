/**
 * A stored time as the API answers it (ISO 8601, UTC), or null. SQLite hands dates back as text
 * and PostgreSQL as Date, so both are read.
 */
export function isoOrNull(value: Date | string | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
