import { UnprocessableEntityException } from '@nestjs/common';
import { invalidFields } from '../common/zod-body.js';
import { cronProblem, shortestGapSeconds } from './cron.js';
import { unknownSubjectPlaceholders } from './digest-window.js';
import {
  type BoundedField,
  SCHEDULE_BOUNDS,
  SCHEDULE_DEFAULTS,
  withinBounds,
} from './schedule-rules.js';

/**
 * Why a schedule cannot be saved, as a code and its values: the API words it in English for its
 * clients, the editors' pages in Arabic (src/admin/ui/schedule-messages.ts).
 */
export type ScheduleProblem =
  | { field: 'timezone'; code: 'unknown-zone'; zone: string }
  | { field: 'cron'; code: 'cron-fields'; cron: string }
  | { field: 'cron'; code: 'cron-invalid'; cron: string; detail: string }
  | { field: 'cron'; code: 'too-frequent'; gapSeconds: number; minSeconds: number }
  | { field: BoundedField; code: 'out-of-range'; min: number; max: number }
  | { field: 'minArticles'; code: 'min-above-max'; minArticles: number; maxArticles: number }
  | { field: 'subject'; code: 'unknown-placeholder'; placeholders: string[] }
  | { field: 'list'; code: 'unknown-list'; slug: string };

/** A refused schedule: a 422 whose body names the field in English, carrying the problem itself. */
export class ScheduleRefused extends UnprocessableEntityException {
  constructor(readonly problem: ScheduleProblem) {
    super(invalidFields({ [problem.field]: englishReason(problem) }).getResponse());
  }
}

export function englishReason(problem: ScheduleProblem): string {
  switch (problem.code) {
    case 'unknown-zone':
      return `unknown time zone "${problem.zone}" (use an IANA name such as Asia/Baghdad)`;
    case 'cron-fields':
      return 'must have 5 fields (minute hour day month weekday)';
    case 'cron-invalid':
      return `is not a valid cron expression: ${problem.detail}`;
    case 'too-frequent':
      return `runs every ${problem.gapSeconds} s; a digest may go at most once every ${problem.minSeconds} s (SCHEDULE_MIN_INTERVAL_SECONDS)`;
    case 'out-of-range':
      return `must be a whole number from ${problem.min} to ${problem.max}`;
    case 'min-above-max':
      return 'must not be more than maxArticles';
    case 'unknown-placeholder':
      return `unknown placeholder ${problem.placeholders.map((name) => `{{${name}}}`).join(', ')}; only {{date}} is filled in`;
    case 'unknown-list':
      return `unknown list: ${problem.slug}`;
  }
}

export interface CheckedSchedule {
  cron: string;
  timezone: string;
  subject: string;
  sinceHours?: number;
  maxArticles?: number;
  minArticles?: number;
}

/** The first thing that stops this schedule from running as asked; null when it can run. */
export function scheduleProblem(
  input: CheckedSchedule,
  minIntervalSeconds: number,
  now = new Date(),
): ScheduleProblem | null {
  const cron = cronProblem(input.cron, input.timezone);
  if (cron) return cron;
  const gapSeconds = shortestGapSeconds(input.cron, input.timezone, now);
  if (gapSeconds < minIntervalSeconds) {
    return { field: 'cron', code: 'too-frequent', gapSeconds, minSeconds: minIntervalSeconds };
  }
  for (const field of Object.keys(SCHEDULE_BOUNDS) as BoundedField[]) {
    const value = input[field];
    if (value !== undefined && !withinBounds(field, value)) {
      return { field, code: 'out-of-range', ...SCHEDULE_BOUNDS[field] };
    }
  }
  const minArticles = input.minArticles ?? SCHEDULE_DEFAULTS.minArticles;
  const maxArticles = input.maxArticles ?? SCHEDULE_DEFAULTS.maxArticles;
  if (minArticles > maxArticles) {
    return { field: 'minArticles', code: 'min-above-max', minArticles, maxArticles };
  }
  const placeholders = unknownSubjectPlaceholders(input.subject);
  if (placeholders.length) return { field: 'subject', code: 'unknown-placeholder', placeholders };
  return null;
}
