/**
 * Yahoo! Mail's "Sorry, we were unable to deliver your message" reports, formats as documented by
 * Sisimai's lib/sisimai/lhost/yahoo.rb: `<address>:` then the remote host's words.
 */
import type { BounceReader, FailedRecipient, SmtpCommand } from '../failed-recipient.js';
import { smtpCommand } from '../smtp-command.js';
import { cleanAddress, failedRecipient, hasHeader, linesBetween } from './report-text.js';

const START = ['Sorry, we were unable to deliver your message'];
const ORIGINAL = ['--- Below this line is a copy of the message.'];
const RECIPIENT = /^<([^>\s]+@[^>\s]+)>:\s*$/;
/** `[RCPT_TO]` names the SMTP command, not a reason: it goes to `command`, not the diagnostic. */
const COMMAND = /^\[[A-Z_]+\]$/;

export const yahooReader: BounceReader = {
  name: 'yahoo',
  read(message) {
    if (!hasHeader(message, 'x-ymailisg')) return null;
    const lines = linesBetween(message.body, START, ORIGINAL);
    if (!lines) return null;

    const found: { recipient: string; words: string[]; command?: SmtpCommand }[] = [];
    for (const line of lines) {
      const address = RECIPIENT.exec(line.trim());
      const current = found[found.length - 1];
      if (address && cleanAddress(address[1]))
        found.push({ recipient: cleanAddress(address[1]), words: [] });
      else if (current && line.trim()) {
        const stage = /\[([A-Z]+)(?:_[A-Z]+)?\]$/.exec(line.trim());
        if (stage) current.command = smtpCommand(stage[1]) ?? current.command;
        const words = line
          .trim()
          .replace(/^Remote host said:\s*/, '')
          .replace(/\s*\[[A-Z_]+\]$/, '');
        if (words && !COMMAND.test(words)) current.words.push(words);
      }
    }
    const recipients: FailedRecipient[] = found.map(({ recipient, words, command }) =>
      failedRecipient({ recipient, diagnostic: words.join(' '), command }),
    );
    return recipients.length > 0 ? recipients : null;
  },
};
