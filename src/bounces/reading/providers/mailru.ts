/**
 * Mail.Ru's bounces (an Exim report under a Russian preface), formats as documented by Sisimai's
 * lib/sisimai/lhost/mailru.rb. The English part is read: the Russian one may name a recipient
 * without its domain.
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { cleanAddress, failedRecipient, linesBetween, reasonFromPhrases } from './report-text.js';
import { EXIM_OWN_WORDS } from '../software/exim.js';

const START = ['This message was created automatically by mail delivery software.'];
const ORIGINAL = ['------ This is a copy of the message'];
const RECIPIENT = /^[ \t]+(\S+@\S+\.[a-zA-Z]+)\s*$/;
const SUBJECT =
  /Mail delivery failed|Warning: message .+ delayed|Delivery Status Notification|Mail failure|Message frozen|error\(s\) in forwarding or filtering/;

function mailruReason(diagnostic: string): BounceReason | undefined {
  const command =
    /SMTP error from remote (?:mail server|mailer) after (?:end of )?([A-Za-z]{4})/.exec(
      diagnostic,
    )?.[1];
  if (command && /^(HELO|EHLO)$/i.test(command)) return 'blocked';
  if (command && /^MAIL$/i.test(command)) return 'rejected';
  return reasonFromPhrases(diagnostic, EXIM_OWN_WORDS);
}

export const mailruReader: BounceReader = {
  name: 'mailru',
  read(message) {
    if (!/^mailer-daemon@(?:[\w-]+\.)*mail\.ru$/.test(message.from)) return null;
    if (!/(?:\.mail\.ru|smailru\.net)>$/.test((message.headers.get('message-id') ?? '').trim()))
      return null;
    if (!SUBJECT.test(message.subject) && !message.body.includes(START[0])) return null;
    const lines = linesBetween(message.body, START, ORIGINAL);
    if (!lines) return null;
    const permanent = lines.some((line) => line.includes('This is a permanent error'));

    const found: { recipient: string; words: string[] }[] = [];
    for (const line of lines) {
      const address = RECIPIENT.exec(line);
      if (address && cleanAddress(address[1]))
        found.push({ recipient: cleanAddress(address[1]), words: [] });
      else if (found.length > 0 && /^[ \t]/.test(line) && line.trim())
        found[found.length - 1].words.push(line.trim());
    }
    if (found.length === 0) {
      for (const address of (message.headers.get('x-failed-recipients') ?? '')
        .split(',')
        .map(cleanAddress)) {
        if (address) found.push({ recipient: address, words: [] });
      }
    }
    const recipients: FailedRecipient[] = found.map(({ recipient, words }) => {
      const diagnostic = words.join(' ');
      const one = failedRecipient({ recipient, diagnostic, reason: mailruReason(diagnostic) });
      // "This is a permanent error": a 5xx even when the remote server's code is not quoted.
      return permanent && !one.status ? { ...one, status: '5.0.0' } : one;
    });
    return recipients.length > 0 ? recipients : null;
  },
};
