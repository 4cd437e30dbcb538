import type { ReportOutcome } from '../bounces.service.js';
import { BOUNCE_LIMITS, BounceMessageRefused } from '../reading/bounce-message.js';
import type { UnsubscribeMailOutcome } from '../unsubscribe-mail.service.js';

/** What a message read turned out to be: a report (or nothing) or a request to leave. */
export type ReadKind = ReportOutcome['kind'] | UnsubscribeMailOutcome['kind'];

/** The keyword a message we could not handle keeps in the mailbox; such messages are not read again. */
export const UNREADABLE_KEYWORD = '$NashraUnreadable';

/** Where the messages we have read go, nested under a folder of ours. */
export const PROCESSED_FOLDER = ['Nashra', 'Processed'];

/** What becomes of one message of the mailbox. */
export type Disposal = { action: 'move'; kind: ReadKind } | { action: 'keep'; why: string };

/**
 * Every message read is moved out, whatever it was (a bounce, a complaint, a vacation reply, a
 * request to leave sent to a List-Unsubscribe mailto, a stray mail): nothing more will be done
 * with it. One the reader refused (past a bound) can never
 * be read: it stays where it is, marked so that later passes leave it alone and a person can look.
 * Any other failure (the database down, say) is not the message's: null, and the caller leaves it
 * untouched and unseen for the next pass.
 */
export function disposalOf(
  result: { outcome: { kind: ReadKind } } | { error: unknown },
): Disposal | null {
  if ('outcome' in result) return { action: 'move', kind: result.outcome.kind };
  const { error } = result;
  if (error instanceof BounceMessageRefused) return { action: 'keep', why: error.code };
  return null;
}

/** A message over the reader's size bound is refused without downloading it. */
export function refusedBySize(size: number | undefined): Disposal | null {
  if (size === undefined || size <= BOUNCE_LIMITS.maxBytes) return null;
  return { action: 'keep', why: 'too-large' };
}

/** The oldest `limit` of the waiting messages, by UID: one pass's batch. */
export function batchOf(uids: readonly number[], limit: number): number[] {
  return [...new Set(uids)].sort((a, b) => a - b).slice(0, limit);
}

/** One line for the log, with any secret that slipped into a server's answer blanked out. */
export function describeFailure(error: unknown, secrets: readonly string[]): string {
  const parts: string[] = [];
  if (error instanceof Error) {
    const details = error as Error & { code?: unknown; responseText?: unknown };
    parts.push(error.message);
    if (typeof details.responseText === 'string' && details.responseText !== error.message) {
      parts.push(details.responseText);
    }
    if (typeof details.code === 'string') parts.push(`(${details.code})`);
  } else {
    parts.push(String(error));
  }
  let line = parts.join(' ').replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret) line = line.split(secret).join('***');
  return line.slice(0, 300);
}
