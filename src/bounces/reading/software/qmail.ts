/**
 * qmail's bounces ("Hi. This is the qmail-send program at …"), formats as documented by Sisimai
 * (lib/sisimai/lhost/qmail.rb): each recipient on a line `<user@example.jp>:`, then qmail's or
 * the remote server's words, up to "--- Below this line is a copy of the message.".
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { bodyLines, failedRecipient, linesBetween, oneLine, reasonByPhrase } from './free-text.js';

const START = /^Hi\. This is the qmail/;
const END = /^--- Below this line is a copy of the message|^--- Enclosed are the original headers/;
const RECIPIENT = /^(?:To *: *)?<([^<>\s]+@[^<>\s]+)>: *$/;

// qmail's own words (qmail-local, qmail-remote, qmail-ldap), which name the reason themselves.
// "does not like recipient" is left out: what follows it is the remote server's reason; so is
// "but sender was rejected", which only says the refusal came at MAIL FROM (see below).
const OWN_WORDS: ReadonlyArray<readonly [BounceReason, readonly string[]]> = [
  ['blocked', ['but my name was rejected', 'but greeting failed']],
  ['userunknown', ['no mailbox here by that name']],
  ['mailboxfull', ['disk quota exceeded']],
  ['mesgtoobig', ['Message size exceeds fixed maximum message size']],
  ['hostunknown', ["Sorry, I couldn't find any host "]],
  ['systemfull', ['Requested action not taken: mailbox unavailable (not enough free space)']],
  [
    'networkerror',
    [
      "Sorry, I wasn't able to establish an SMTP connection",
      "Sorry, I couldn't find a mail exchanger or IP address",
      "Sorry. Although I'm listed as a best-preference MX or A for that host",
    ],
  ],
  [
    'suspend',
    ['Mailaddress is administratively disabled', 'Mailaddress is administrativley disabled'],
  ],
  ['exceedlimit', ['The message exeeded the maximum size the user accepts']],
  ['expired', ['this message has been in the queue too long']],
];

/** The recipients of a qmail-style list (`<address>:` then the words about it). */
export function readQmailList(lines: string[]): FailedRecipient[] {
  const found: { recipient: string; words: string[] }[] = [];
  for (const line of lines) {
    const address = RECIPIENT.exec(line);
    if (address) found.push({ recipient: address[1], words: [] });
    else if (found.length > 0 && line.trim() !== '')
      found[found.length - 1].words.push(line.trim());
  }
  return found.map(({ recipient, words }) => {
    const diagnostic = oneLine(words);
    // When the remote server answered, its words say why; qmail's "in the queue too long" only
    // says when it stopped trying (Sisimai reads the remote reply first too).
    const remote = diagnostic.includes('Remote host said:');
    const reason = reasonByPhrase(
      diagnostic,
      remote ? OWN_WORDS.filter(([r]) => r !== 'expired') : OWN_WORDS,
    );
    // The remote server's reply to MAIL FROM says why the sender was refused (a reputation
    // block, a bad sender domain …): the classifier reads it, knowing the command.
    const command = diagnostic.includes(' but sender was rejected') ? 'MAIL' : undefined;
    return failedRecipient(recipient, diagnostic, { reason, command });
  });
}

export const qmailReader: BounceReader = {
  name: 'qmail',
  read(message) {
    const part = linesBetween(bodyLines(message), START, END);
    if (!part) return null;
    const recipients = readQmailList(part);
    return recipients.length > 0 ? recipients : null;
  },
};
