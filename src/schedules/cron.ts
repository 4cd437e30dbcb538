import { CronExpressionParser } from 'cron-parser';
import type { ScheduleProblem } from './schedule-problems.js';

/**
 * Cron in a time zone, read by cron-parser: the same library (and version) BullMQ's job schedulers
 * use, so the next runs we show are the runs BullMQ makes. A wall-clock time that a DST change
 * skips runs at the first instant after the gap; one it repeats runs once.
 */
export function nextRuns(cron: string, timeZone: string, from: Date, count: number): Date[] {
  const interval = CronExpressionParser.parse(cron, { currentDate: from, tz: timeZone });
  return Array.from({ length: count }, () => interval.next().toDate());
}

/** Why a cron or zone is unusable, as a problem the API and the pages each word; null when fine. */
export function cronProblem(
  cron: string,
  timeZone: string,
): Extract<ScheduleProblem, { field: 'cron' | 'timezone' }> | null {
  if (!isTimeZone(timeZone)) return { field: 'timezone', code: 'unknown-zone', zone: timeZone };
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return { field: 'cron', code: 'cron-fields', cron };
  try {
    nextRuns(cron, timeZone, new Date(), 1);
  } catch (error) {
    return { field: 'cron', code: 'cron-invalid', cron, detail: (error as Error).message };
  }
  return null;
}

/** The shortest gap between consecutive runs over the next `sample` runs, in seconds. */
export function shortestGapSeconds(
  cron: string,
  timeZone: string,
  from: Date,
  sample = 50,
): number {
  const runs = nextRuns(cron, timeZone, from, sample);
  let shortest = Infinity;
  for (let i = 1; i < runs.length; i++) {
    shortest = Math.min(shortest, (runs[i].getTime() - runs[i - 1].getTime()) / 1000);
  }
  return shortest;
}

export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
