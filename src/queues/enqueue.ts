import { type JobsOptions, Queue } from 'bullmq';
import type { JobName, JobOf } from './queue-names.js';

/** Adds a job whose payload is checked against its name. */
export function enqueue<Name extends JobName>(
  queue: Queue,
  name: Name,
  payload: JobOf<Name>,
  options?: JobsOptions,
): Promise<unknown> {
  return queue.add(name, payload, options);
}
