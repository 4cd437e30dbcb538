import { classifyReason, isHardBounce } from './reading/classify-reason.js';
import type { FailedRecipient } from './reading/failed-recipient.js';
import { remoteHostReason } from './reading/providers/remote-host-reasons.js';
import type { ClassifiedRecipient } from './reading/read-bounce.js';
import { findStatus } from './reading/status-codes.js';

/**
 * A relay's 5xx refusal of one recipient, read as a bounce report would be: the same reasons,
 * the same hard/soft line, so "550 5.7.1 spam" never suppresses a reader where "550 5.1.1 no such
 * user" does. The refusal came in answer to our envelope, so RCPT is the command it most likely
 * answered; the words decide where they say otherwise.
 */
export function classifyRefusal(
  recipient: string,
  replyCode: number,
  message: string,
): ClassifiedRecipient {
  const failed: FailedRecipient = {
    recipient,
    action: 'failed',
    status: findStatus(message),
    replyCode: String(replyCode),
    diagnostic: message.slice(0, 1000),
  };
  const reason = classifyReason(failed, { command: 'RCPT', remoteHostReason });
  return { ...failed, reason, hard: isHardBounce(reason, failed.status, failed.replyCode) };
}
