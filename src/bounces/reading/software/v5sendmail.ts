/**
 * Sendmail version 5's bounces (Subject "Returned mail: …", no delivery-status part), formats as
 * documented by Sisimai (lib/sisimai/lhost/v5sendmail.rb): a transcript between "----- Transcript
 * of session follows -----" and "----- Unsent message follows -----", where `>>> RCPT To:<…>` is
 * our command, `<<< 550 …` the server's reply and `550 <user@example.jp>... User unknown`
 * sendmail's verdict on one recipient.
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, linesBetween, reasonOfCommand } from './free-text.js';
import { smtpCommand } from '../smtp-command.js';

const START = /----- Transcript of session follows -----/;
const END = /^\s*----- (?:Unsent message follows|No message was collected) -----/;
const VERDICT = /^\d{3} +<([^\s<>]+@[^\s<>]+)>\.{3} *(.+)$/;
const SENT = /^>>> *([A-Z]{4})/;
const REPLY = /^<<< +(.+)$/;

/** The recipients of a sendmail transcript: each verdict with the reply and command before it. */
export function readSendmailTranscript(lines: string[]): FailedRecipient[] {
  const recipients: FailedRecipient[] = [];
  let command = '';
  let sentLine = '';
  let reply = '';
  for (const line of lines) {
    const verdict = VERDICT.exec(line);
    const sent = SENT.exec(line);
    const replied = REPLY.exec(line);
    if (verdict) {
      // The transcript's own lines: what we sent, what the server replied, sendmail's verdict.
      const diagnostic = reply ? `${sentLine} <<< ${reply} ${verdict[2]}`.trim() : verdict[2];
      const status = failedRecipient(verdict[1], diagnostic).status;
      recipients.push(
        failedRecipient(verdict[1], diagnostic, {
          reason: reasonOfCommand(command, diagnostic, status),
          command: smtpCommand(command),
        }),
      );
      reply = '';
    } else if (sent) {
      command = sent[1];
      sentLine = line.trim();
      reply = '';
    } else if (replied) {
      reply = replied[1];
    }
  }
  return recipients;
}

export const v5sendmailReader: BounceReader = {
  name: 'v5sendmail',
  read(message) {
    if (!/^Returned mail: [A-Z]/.test(message.subject) || message.deliveryStatus !== null)
      return null;
    const part = linesBetween(bodyLines(message), START, END);
    if (!part) return null;
    const recipients = readSendmailTranscript(part);
    return recipients.length > 0 ? recipients : null;
  },
};
