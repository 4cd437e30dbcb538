/**
 * The bounces of the unnamed MTA Sisimai calls X6 ("We had trouble delivering your message. Full
 * details follow:"), formats as documented by Sisimai (lib/sisimai/lhost/x6.rb): one line per
 * error, "SMTP Server <host> rejected recipient <user@example.jp> (Error following RCPT command).
 * It responded as follows: [550 5.1.1 User unknown".
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, reasonOfCommand } from './free-text.js';

const START = /^We had trouble delivering your message\. Full details follow:/;
const ERROR =
  /^SMTP Server <[^>]*> rejected recipient <([^\s<>]+@[^\s<>]+)> \(Error following ([A-Z]{4}) command\)\.(.*)$/;

export const x6Reader: BounceReader = {
  name: 'x6',
  read(message) {
    const lines = bodyLines(message);
    if (!lines.some((line) => START.test(line))) return null;
    const recipients: FailedRecipient[] = [];
    for (const line of lines) {
      const found = ERROR.exec(line);
      if (!found) continue;
      const diagnostic = found[3].replace(/^\s*It responded as follows:\s*\[?/, '').trim();
      const status = failedRecipient(found[1], diagnostic).status;
      recipients.push(
        failedRecipient(found[1], diagnostic, {
          reason: reasonOfCommand(found[2], diagnostic, status),
        }),
      );
    }
    return recipients.length > 0 ? recipients : null;
  },
};
