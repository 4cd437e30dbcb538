import type { JobsOptions } from 'bullmq';

/**
 * Attempts, backoff and retention for every job, set here only. Eight attempts with exponential
 * backoff from 5 s span about 20 minutes: long enough to ride out an SMTP server restart.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
