/**
 * The bounces of the unnamed qmail-like MTA Sisimai calls X2 ("Unable to deliver message to the
 * following address(es)."), formats as documented by Sisimai (lib/sisimai/lhost/x2.rb): qmail's
 * list, `<user@example.jp>:` then the words about it, up to "--- Original message follows.".
 */
import type { BounceReader } from '../failed-recipient.js';
import { bodyLines, linesBetween, userUnknownOutsideRcpt } from './free-text.js';
import { readQmailList } from './qmail.js';

const START = /^Unable to deliver message to the following address\(es\)\./;
const END = /^--- Original message follows\./;

export const x2Reader: BounceReader = {
  name: 'x2',
  read(message) {
    if (!/^MAILER-DAEMON@/i.test(message.from)) return null;
    const part = linesBetween(bodyLines(message), START, END);
    if (!part) return null;
    const recipients = readQmailList(part).map((recipient) => {
      const reason =
        recipient.reason ?? userUnknownOutsideRcpt(recipient.diagnostic, recipient.status);
      return reason ? { ...recipient, reason } : recipient;
    });
    return recipients.length > 0 ? recipients : null;
  },
};
