import type { BounceType } from './entities/bounce.entity.js';
import type { BounceReason } from './reading/failed-recipient.js';
import type { ClassifiedRecipient } from './reading/read-bounce.js';

/**
 * Refusals that say something about the sender or the message, not about the reader's address: a
 * spam filter, a policy, authentication, reputation, a rate limit. Suppressing the reader for them
 * would lose a real subscriber; editors see them as "blocked" instead, because they are ours to fix.
 */
const ABOUT_THE_SENDER: ReadonlySet<BounceReason> = new Set<BounceReason>([
  'blocked',
  'rejected',
  'policyviolation',
  'spamdetected',
  'virusdetected',
  'securityerror',
  'authfailure',
  'requireptr',
  'badreputation',
  'notcompliantrfc',
  'norelaying',
  'failedstarttls',
  'speeding',
  'ratelimited',
  'toomanyconn',
  'contenterror',
  'mesgtoobig',
  'syntaxerror',
]);

/** Readings that say nothing about the address (Sisimai could not tell): never a strike. */
const NO_VERDICT: ReadonlySet<BounceReason> = new Set<BounceReason>(['onhold', 'undefined']);

/** Soft failures of one address within this window, from this many messages, suppress it. */
export const SOFT_BOUNCE_LIMIT = 3;
export const SOFT_BOUNCE_WINDOW_MS = 7 * 24 * 3600_000;

/** What a failed recipient is for us: hard (dead address), soft (its mailbox, for now) or blocked. */
export function bounceType(recipient: ClassifiedRecipient): Exclude<BounceType, 'complaint'> {
  if (recipient.hard) return 'hard';
  return ABOUT_THE_SENDER.has(recipient.reason) ? 'blocked' : 'soft';
}

/**
 * A soft failure that counts toward the limit: the message failed for good (not a delay warning)
 * for a reason of the reader's own mailbox or server.
 */
export function isStrike(recipient: ClassifiedRecipient): boolean {
  return (
    bounceType(recipient) === 'soft' &&
    recipient.action === 'failed' &&
    !NO_VERDICT.has(recipient.reason)
  );
}
