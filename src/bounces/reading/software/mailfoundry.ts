/**
 * MailFoundry's bounces (Subject "Message delivery has failed"), formats as documented by Sisimai
 * (lib/sisimai/lhost/mailfoundry.rb): "Unable to deliver message to: <user@example.jp>", then
 * after "Delivery failed for the following reason:" the server's words. The command is never
 * named, so a "no such user" is read as Sisimai does (see userUnknownOutsideRcpt).
 */
import type { BounceReader } from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine, userUnknownOutsideRcpt } from './free-text.js';

const RECIPIENT = /^Unable to deliver message to: <([^\s<>]+@[^\s<>]+)>/;
const REASON = /^Delivery failed for the following reason:/;

export const mailfoundryReader: BounceReader = {
  name: 'mailfoundry',
  read(message) {
    if (message.subject !== 'Message delivery has failed') return null;
    const lines = bodyLines(message);
    const at = lines.findIndex((line) => RECIPIENT.test(line));
    const because = lines.findIndex((line) => REASON.test(line));
    if (at < 0 || because < 0) return null;
    const words: string[] = [];
    for (const line of lines.slice(because + 1)) {
      if (line.trim() === '') break;
      words.push(line.trim());
    }
    const diagnostic = oneLine(words);
    const recipient = RECIPIENT.exec(lines[at])?.[1] ?? '';
    const status = failedRecipient(recipient, diagnostic).status;
    return [
      failedRecipient(recipient, diagnostic, {
        reason: userUnknownOutsideRcpt(diagnostic, status),
      }),
    ];
  },
};
