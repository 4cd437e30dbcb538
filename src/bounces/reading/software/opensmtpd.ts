/**
 * OpenSMTPD's bounces ("This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail."), formats
 * as documented by Sisimai (lib/sisimai/lhost/opensmtpd.rb): after "…the following list of
 * recipients:", one line per recipient, `user@example.jp: what went wrong`, up to "Below is a
 * copy of the original message:".
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, linesBetween, reasonByPhrase } from './free-text.js';

const START = /^\s*This is the MAILER-DAEMON, please DO NOT REPLY to this e-?mail\./;
const END = /^\s*Below is a copy of the original message:/;
const RECIPIENT = /^([^\s<>:]+@[^\s<>:]+): (.+)$/;

// smtpd's own words (mta.c, lka.c, queue.c) that say the reason themselves.
const OWN_WORDS: ReadonlyArray<readonly [BounceReason, readonly string[]]> = [
  ['hostunknown', ['Domain does not exist', 'Invalid domain name']],
  ['notaccept', ['No MX found for domain']],
  [
    'networkerror',
    ['Network error on destination MXs', 'Loop detected', 'Could not retrieve source address'],
  ],
  ['expired', ['Envelope expired']],
  ['userunknown', ['Invalid recipient', 'User unknown']],
  ['systemerror', ['Temporary failure in MTA', 'Destination seem to reject all mails']],
];

export const opensmtpdReader: BounceReader = {
  name: 'opensmtpd',
  read(message) {
    const lines = bodyLines(message);
    const part = linesBetween(lines, START, END);
    if (!part) return null;
    const delayed = /Delivery status notification: (?:warning|delayed)/i.test(message.subject);
    const recipients: FailedRecipient[] = [];
    for (const line of part) {
      const found = RECIPIENT.exec(line);
      if (!found) continue;
      const diagnostic = found[2].trim();
      // Only smtpd's own short texts name the reason; a remote server's reply goes to the classifier.
      const own = /^[245]\d\d[ -]/.test(diagnostic)
        ? undefined
        : reasonByPhrase(diagnostic, OWN_WORDS);
      recipients.push(
        failedRecipient(found[1], diagnostic, {
          reason: own,
          action: delayed ? 'delayed' : 'failed',
        }),
      );
    }
    return recipients.length > 0 ? recipients : null;
  },
};
