/**
 * Ipswitch IMail Server's bounces (Subject "Undeliverable Mail", X-Mailer "<SMTP32 v…>"), formats
 * as documented by Sisimai (lib/sisimai/lhost/imailserver.rb): `Reason words: user@example.jp`
 * lines, or "undeliverable to user@example.jp" followed by the remote server's response, up to
 * "Original message follows.".
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, oneLine, reasonByPhrase } from './free-text.js';

const END = /^Original message follows\./;
const REASON_AND_RECIPIENT = /^(\S+ [^:]+): *([^\s<>]+@[^\s<>]+)\s*$/;
const UNDELIVERABLE_TO = /^undeliverable to +([^\s<>]+@[^\s<>]+)/;
const RESPONSE = 'Body of message generated response:';

// IMail's own first words, which say the reason.
const OWN_WORDS: ReadonlyArray<readonly [BounceReason, readonly string[]]> = [
  ['hostunknown', ['Unknown host']],
  ['userunknown', ['Unknown user', 'Invalid final delivery userid']],
  ['mailboxfull', ['User mailbox exceeds allowed size']],
  ['securityerror', ['Requested action not taken: virus detected']],
  ['expired', ['Delivery failed ']],
];

export const imailReader: BounceReader = {
  name: 'imail',
  read(message) {
    const isImail =
      /^Undeliverable Mail\s*$/.test(message.subject) ||
      (message.headers.get('x-mailer') ?? '').startsWith('<SMTP32 v');
    if (!isImail) return null;
    const found: { recipient: string; own: string; words: string[] }[] = [];
    let inResponse = false;
    for (const line of bodyLines(message)) {
      if (END.test(line)) break;
      const reasoned = REASON_AND_RECIPIENT.exec(line);
      const undeliverable = UNDELIVERABLE_TO.exec(line);
      if (reasoned) found.push({ recipient: reasoned[2], own: reasoned[1], words: [reasoned[1]] });
      else if (undeliverable) found.push({ recipient: undeliverable[1], own: '', words: [] });
      else if (line.includes(RESPONSE)) inResponse = true;
      else if (inResponse && found.length > 0 && line.trim() !== '')
        found[found.length - 1].words.push(line.trim());
    }
    const recipients: FailedRecipient[] = found.map(({ recipient, own, words }) =>
      failedRecipient(recipient, oneLine(words), {
        reason: own ? reasonByPhrase(own, OWN_WORDS) : undefined,
      }),
    );
    return recipients.length > 0 ? recipients : null;
  },
};
