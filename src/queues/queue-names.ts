/**
 * Every queue and job name, in one place. Never rename one: jobs already waiting in Redis
 * carry these strings, and a renamed name leaves them with no processor.
 */
export const QUEUES = {
  /** One-off emails to one person (confirmation, welcome); never waits behind a digest. */
  transactional: 'transactional',
  /** Feed polls, one job scheduler per feed. */
  feeds: 'feeds',
  /** Campaign sends: fan-out into delivery rows, then batches of a few hundred recipients. */
  campaigns: 'campaigns',
  /** Digest schedules' cron slots: apart from the campaigns queue, so a slot never waits behind batches. */
  schedules: 'schedules',
} as const;

export const JOBS = {
  /** Decide what a signup request needs (a confirmation email or nothing) and send it. */
  signupRequested: 'signup-requested',
  /** Decide whether an address typed at GET /unsubscribe earns the link to leave, and send it. */
  unsubscribeRequested: 'unsubscribe-requested',
  /** Send one row of the transactional outbox. */
  sendTransactional: 'send-transactional',
  /** Fetch one feed and store its new and edited articles. */
  pollFeed: 'poll-feed',
  /** Write a campaign's delivery rows by keyset pages and queue a batch job per page. */
  fanOut: 'fan-out',
  /** Send one batch of a campaign's deliveries (a delivery id range); queued again after a resume. */
  sendBatch: 'send-batch',
  /** Send one batch of a campaign's deliveries (a subscriber id range), as the fan-out queues them. */
  sendRange: 'send-range',
  /** Send one delivery again after a temporary refusal (SMTP 4xx). */
  retryDelivery: 'retry-delivery',
  /** Queue batch jobs again for a resumed campaign's pending deliveries. */
  requeuePending: 'requeue-pending',
  /** At the end of a subject test's wait, choose the subject by its readers' clicks. */
  decideSubject: 'decide-subject',
  /** One cron slot of a digest schedule: make the digest and send it, or record why not. */
  digestSlot: 'digest-slot',
} as const;

/** Payloads carry ids only; the state they point at lives in the database. */
export interface JobPayloads {
  [JOBS.signupRequested]: { consentId: number };
  /** null: the address is no subscriber's; queued all the same, so the answer takes as long. */
  [JOBS.unsubscribeRequested]: { subscriberId: number | null };
  [JOBS.sendTransactional]: { emailId: number };
  [JOBS.pollFeed]: { feedId: number };
  [JOBS.fanOut]: { campaignId: number };
  [JOBS.sendBatch]: { campaignId: number; firstDeliveryId: number; lastDeliveryId: number };
  [JOBS.sendRange]: { campaignId: number; firstSubscriberId: number; lastSubscriberId: number };
  [JOBS.retryDelivery]: { campaignId: number; deliveryId: number };
  /** round: a label for the batch jobs' ids (the resume's, when absent). */
  [JOBS.requeuePending]: { campaignId: number; round?: string };
  [JOBS.decideSubject]: { campaignId: number };
  /** slotAt (epoch ms) is set only on jobs queued by hand; a scheduler's job carries its slot in its options. */
  [JOBS.digestSlot]: { scheduleId: number; slotAt?: number };
}

export type JobName = keyof JobPayloads;
export type JobOf<Name extends JobName> = JobPayloads[Name];
