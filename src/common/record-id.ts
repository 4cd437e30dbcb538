/**
 * A row id as it arrives in a path, a form or a query: digits only, at most 9 of them (so it
 * fits every integer column). Anything else names no row, which callers answer with a 404.
 */
export function recordId(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
