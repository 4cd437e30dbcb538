/**
 * Postfix's bounces when they carry no usable delivery-status part ("This is the mail system at
 * host …", "This is the Postfix program at host …"), formats as documented by Sisimai
 * (lib/sisimai/lhost/postfix.rb): each recipient as `<user@example.jp>: host mx[192.0.2.1] said:
 * 550 … (in reply to RCPT TO command)`, continued on indented lines. A proper report is left to
 * the RFC 3464 reader.
 */
import type { BounceMessage, BounceReader, FailedRecipient } from '../failed-recipient.js';
import {
  bodyLines,
  failedRecipient,
  findStatus,
  hasDeliveryStatusRecipients,
  oneLine,
  reasonOfCommand,
} from './free-text.js';
import { hostInText, smtpCommand } from '../smtp-command.js';

const RECIPIENT = /^<([^\s<>]+@[^\s<>]+)>(?: \(expanded from <[^<>]*>\))?: ?(.*)$/;
const COMMAND = /\(in reply to (?:end of )?([A-Z]{4})\b/;

export const postfixReader: BounceReader = {
  name: 'postfix',
  read(message) {
    if (!/^Undelivered Mail Returned to Sender/.test(message.subject)) return null;
    if (hasDeliveryStatusRecipients(message)) return null;
    const found: { recipient: string; words: string[] }[] = [];
    for (const line of bodyLines(message)) {
      const address = RECIPIENT.exec(line);
      if (address) found.push({ recipient: address[1], words: [address[2]] });
      else if (/^\s+\S/.test(line) && found.length > 0)
        found[found.length - 1].words.push(line.trim());
      else if (line.trim() === '' && found.length > 0 && found[found.length - 1].words.length > 1)
        break;
    }
    if (found.length === 0) return reportUnavailable(message);
    const recipients: FailedRecipient[] = found.map(({ recipient, words }) => {
      const diagnostic = oneLine(words);
      const status = findStatus(diagnostic);
      const command = smtpCommand(COMMAND.exec(diagnostic)?.[1] ?? '');
      return failedRecipient(recipient, diagnostic, {
        status,
        reason: reasonOfCommand(command ?? '', diagnostic, status),
        command,
        remoteHost: hostInText(diagnostic) || undefined,
      });
    });
    return recipients.length > 0 ? recipients : null;
  },
};

/**
 * "--- Delivery report unavailable ---": Postfix lost the details, but the returned message's To
 * still says whom it failed for (Sisimai reads it so too); the reason stays undefined.
 */
function reportUnavailable(message: BounceMessage): FailedRecipient[] | null {
  if (!/^\s*--- Delivery report unavailable ---/m.test(message.body)) return null;
  const to = /<?([^\s<>,]+@[^\s<>,]+)>?\s*$/.exec(message.returnedHeaders?.get('to') ?? '');
  return to ? [failedRecipient(to[1], '')] : null;
}
