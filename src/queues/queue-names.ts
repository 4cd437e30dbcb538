/**
 * Every queue and job name, in one place. Never rename one: jobs already waiting in Redis
 * carry these strings, and a renamed name leaves them with no processor.
 */
export const QUEUES = {
  /** One-off emails to one person (confirmation, welcome); never waits behind a digest. */
  transactional: 'transactional',
  /** Feed polls, one job scheduler per feed. */
  feeds: 'feeds',
} as const;

export const JOBS = {
  /** Decide what a signup request needs (a confirmation email or nothing) and send it. */
  signupRequested: 'signup-requested',
  /** Send one row of the transactional outbox. */
  sendTransactional: 'send-transactional',
  /** Fetch one feed and store its new and edited articles. */
  pollFeed: 'poll-feed',
} as const;

/** Payloads carry ids only; the state they point at lives in the database. */
export interface JobPayloads {
  [JOBS.signupRequested]: { consentId: number };
  [JOBS.sendTransactional]: { emailId: number };
  [JOBS.pollFeed]: { feedId: number };
}

export type JobName = keyof JobPayloads;
export type JobOf<Name extends JobName> = JobPayloads[Name];
