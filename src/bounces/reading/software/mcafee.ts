/**
 * McAfee Email Gateway's bounces (Subject "Delivery Status"), formats as documented by Sisimai
 * (lib/sisimai/lhost/mcafee.rb): after "--- The following addresses had delivery problems ---",
 * `<user@example.jp>   (reason words)`. The command is never named (see userUnknownOutsideRcpt).
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, userUnknownOutsideRcpt } from './free-text.js';

const START = /^\s*--- The following addresses had delivery problems ---/;
const RECIPIENT = /^<([^\s<>]+@[^\s<>]+)>\s+\((.+)\)\s*$/;

export const mcafeeReader: BounceReader = {
  name: 'mcafee',
  read(message) {
    if (message.subject !== 'Delivery Status') return null;
    const lines = bodyLines(message);
    const from = lines.findIndex((line) => START.test(line));
    if (from < 0) return null;
    const recipients: FailedRecipient[] = [];
    for (const line of lines.slice(from + 1)) {
      const found = RECIPIENT.exec(line);
      if (!found) continue;
      recipients.push(
        failedRecipient(found[1], found[2], { reason: userUnknownOutsideRcpt(found[2], '') }),
      );
    }
    return recipients.length > 0 ? recipients : null;
  },
};
