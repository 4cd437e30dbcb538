/**
 * Every queue and job name, in one place. Never rename one: jobs already waiting in Redis
 * carry these strings, and a renamed name leaves them with no processor.
 */
export const QUEUES = {
  /** One-off emails to one person (confirmation, welcome); never waits behind a digest. */
  transactional: 'transactional',
} as const;

export const JOBS = {
  /** Decide what a signup request needs (a confirmation email or nothing) and send it. */
  signupRequested: 'signup-requested',
  /** Send one row of the transactional outbox. */
  sendTransactional: 'send-transactional',
} as const;

/** Payloads carry ids only; the state they point at lives in the database. */
export interface JobPayloads {
  [JOBS.signupRequested]: { consentId: number };
  [JOBS.sendTransactional]: { emailId: number };
}

export type JobName = keyof JobPayloads;
export type JobOf<Name extends JobName> = JobPayloads[Name];
