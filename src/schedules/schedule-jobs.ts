import type { Job, Queue } from 'bullmq';
import { JOBS, type JobOf } from '../queues/queue-names.js';
import type { Schedule } from './entities/schedule.entity.js';

const schedulerId = (scheduleId: number) => `schedule-${scheduleId}`;

/**
 * One BullMQ job scheduler per active schedule, with the schedule's cron and zone. A scheduler
 * that already matches is left alone: its pending job may be a slot that came due while every
 * worker was down, and it must run (late, or be recorded as missed), not be replaced.
 */
export async function syncScheduler(
  queue: Queue,
  schedule: Pick<Schedule, 'id' | 'cron' | 'timezone' | 'active'>,
  options: { replace?: boolean } = {},
): Promise<void> {
  const id = schedulerId(schedule.id);
  if (!schedule.active) {
    await queue.removeJobScheduler(id);
    return;
  }
  const existing = await queue.getJobScheduler(id);
  const matches = existing?.pattern === schedule.cron && existing.tz === schedule.timezone;
  if (matches && !options.replace) return;
  await queue.upsertJobScheduler(
    id,
    { pattern: schedule.cron, tz: schedule.timezone },
    { name: JOBS.digestSlot, data: { scheduleId: schedule.id } },
  );
}

export async function removeScheduler(queue: Queue, scheduleId: number): Promise<void> {
  await queue.removeJobScheduler(schedulerId(scheduleId));
}

/** The slot a job stands for: the time BullMQ's scheduler planned it for, not when it ran. */
export function slotOf(job: Job): Date {
  const data = job.data as JobOf<typeof JOBS.digestSlot>;
  const planned = data.slotAt ?? (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp;
  return new Date(planned);
}
