/**
 * au EZweb's "Mail System Error - Returned Mail" reports, formats as documented by Sisimai's
 * lib/sisimai/lhost/ezweb.rb. EZweb states the account's condition in fixed English sentences.
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { cleanAddress, failedRecipient, reasonFromPhrases } from './report-text.js';
import { smtpCommand } from '../smtp-command.js';

const START = /^(?:The user\(s\) |Your message |Each of the following|<[^ ]+@[^ ]+>$)/;
const RECIPIENT = /^(?:<([^ ]+@[^ >]+)>:?.*|[ \t]+Recipient: <([^ ]+@[^ >]+)>.*)$/;
const EZWEB_PHRASES = [
  ['mailboxfull', ['The user(s) account is temporarily over quota']],
  ['suspend', ['The user(s) account is disabled.', 'The user(s) account is temporarily limited.']],
  ['expired', ['Your message was not delivered within ']],
] as const;
/** EZweb's sentence for "the remote server refused": the reason is in the remote's words. */
const REMOTE_REFUSED = 'Each of the following recipients was rejected by a remote';

function isEzwebReport(message: Parameters<BounceReader['read']>[0]): boolean {
  const messageId = message.headers.get('message-id') ?? '';
  const received = message.headers.get('received') ?? '';
  const signs = [
    message.from === 'postmaster@ezweb.ne.jp' || message.from === 'postmaster@au.com',
    message.subject === 'Mail System Error - Returned Mail',
    received.includes('ezweb.ne.jp (EZweb Mail) with') || received.includes('.au.com ('),
    /\.(?:ezweb\.ne\.jp|au\.com)>\s*$/.test(messageId),
  ];
  return signs.filter(Boolean).length >= 2;
}

interface Found {
  recipient: string;
  command: string;
  remote: string[];
}

function ezwebReason(
  found: Found,
  sentences: string,
  spamFiltered: boolean,
): BounceReason | undefined {
  if (spamFiltered) return 'filtered';
  if (found.command === 'RCPT') return 'userunknown';
  const stated = reasonFromPhrases(sentences, EZWEB_PHRASES);
  if (stated || sentences.includes(REMOTE_REFUSED)) return stated;
  // EZweb returns other domains' unknown users in this form, without a sentence.
  return /@(?:ezweb\.ne\.jp|au\.com)$/.test(found.recipient) ? undefined : 'userunknown';
}

export const ezwebReader: BounceReader = {
  name: 'ezweb',
  read(message) {
    if (!isEzwebReport(message)) return null;
    const lines = message.body.split('\n');
    const first = lines.findIndex((line) => START.test(line));
    if (first < 0) return null;

    const found: Found[] = [];
    const sentences: string[] = [];
    for (const line of lines.slice(first)) {
      if (/^Content-Type:\s*message\/rfc822/i.test(line) || /^-{50}/.test(line)) break;
      const address = RECIPIENT.exec(line);
      const recipient = address ? cleanAddress(address[1] ?? address[2]) : '';
      const current = found[found.length - 1];
      if (recipient) found.push({ recipient, command: '', remote: [] });
      else if (/^\s+>>>\s+([A-Z]{4})/.test(line)) {
        if (current) current.command = /^\s+>>>\s+([A-Z]{4})/.exec(line)?.[1] ?? '';
      } else if (/^\s+<<<\s*/.test(line)) current?.remote.push(line.replace(/^\s+<<<\s*/, ''));
      else if (line.trim()) sentences.push(line.trim());
    }
    const spamFiltered = (message.headers.get('x-spasign') ?? '').trim() === 'NG';
    const said = sentences.join(' ');
    const recipients: FailedRecipient[] = found.map((one) =>
      failedRecipient({
        recipient: one.recipient,
        diagnostic: one.remote.length > 0 ? one.remote.join(' ') : said,
        reason: ezwebReason(one, said, spamFiltered),
        command: smtpCommand(one.command),
      }),
    );
    return recipients.length > 0 ? recipients : null;
  },
};
