/**
 * Trend Micro InterScan Messaging Security Suite's bounces ("****** Message from InterScan
 * Messaging Security Suite ******"), formats as documented by Sisimai
 * (lib/sisimai/lhost/trendmicro.rb): "Reason: Unable to deliver message to <user@example.jp>",
 * sometimes followed by the relaying sendmail's transcript, whose `<<<` reply says why.
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine } from './free-text.js';

const MARK = /Message from InterScan Messaging Security Suite/;
const REASON = /^Reason: +(.*<([^\s<>]+@[^\s<>]+)>.*)$/;
const REPLY = /^<<< +(.+)$/;

export const trendmicroReader: BounceReader = {
  name: 'trendmicro',
  read(message) {
    const lines = bodyLines(message);
    if (!lines.slice(0, 10).some((line) => MARK.test(line))) return null;
    const replies = lines.flatMap((line) => {
      const found = REPLY.exec(line);
      return found ? [found[1]] : [];
    });
    const recipients: FailedRecipient[] = [];
    for (const line of lines) {
      const found = REASON.exec(line);
      if (!found) continue;
      const reply = replies.find((words) => words.includes(found[2])) ?? '';
      recipients.push(failedRecipient(found[2], oneLine([found[1], reply])));
    }
    return recipients.length > 0 ? recipients : null;
  },
};
