/**
 * The bounces of the unnamed MTA Sisimai calls X1 ("---The following addresses had delivery
 * errors---", Subject "Returned Mail: …"), formats as documented by Sisimai
 * (lib/sisimai/lhost/x1.rb): one line per recipient, `user@example.jp [reason words]`.
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, userUnknownOutsideRcpt } from './free-text.js';

const START = /^-{3}The following addresses had delivery errors-{3}/;
const RECIPIENT = /^([^\s<>]+@[^\s<>]+) \[(.+)\]\s*$/;

export const x1Reader: BounceReader = {
  name: 'x1',
  read(message) {
    if (!message.subject.startsWith('Returned Mail: ')) return null;
    const lines = bodyLines(message);
    const from = lines.findIndex((line) => START.test(line));
    if (from < 0) return null;
    const recipients: FailedRecipient[] = [];
    for (const line of lines.slice(from + 1)) {
      const found = RECIPIENT.exec(line);
      if (found) {
        recipients.push(
          failedRecipient(found[1], found[2], { reason: userUnknownOutsideRcpt(found[2], '') }),
        );
      } else if (recipients.length > 0 && line.trim() !== '') {
        break;
      }
    }
    return recipients.length > 0 ? recipients : null;
  },
};
