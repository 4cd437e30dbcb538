/**
 * The limits of a schedule's fields, defined once: the API's schema (schedule-input.ts), the
 * editors' form (its checks and its inputs' min/max) and the service (schedule-problems.ts) all
 * read them here, so none can disagree.
 */
export const SCHEDULE_BOUNDS = {
  maxArticles: { min: 1, max: 50 },
  /** At least one: a digest with no article is never worth sending. */
  minArticles: { min: 1, max: 50 },
  sinceHours: { min: 1, max: 24 * 31 },
} as const;

export type BoundedField = keyof typeof SCHEDULE_BOUNDS;

export const SCHEDULE_DEFAULTS = { maxArticles: 10, minArticles: 1 } as const;

export const SUBJECT_MAX_LENGTH = 300;
export const CRON_MAX_LENGTH = 100;
export const TIMEZONE_MAX_LENGTH = 64;

export function withinBounds(field: BoundedField, value: number): boolean {
  const bound = SCHEDULE_BOUNDS[field];
  return Number.isInteger(value) && value >= bound.min && value <= bound.max;
}
