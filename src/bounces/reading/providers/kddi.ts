/**
 * au by KDDI (au one net, dion.ne.jp) reports, formats as documented by Sisimai's
 * lib/sisimai/lhost/kddi.rb: "Your mail sent on: …", "Could not be delivered to: <…>", why.
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { cleanAddress, failedRecipient, reasonFromPhrases } from './report-text.js';

const START =
  /^Your mail (?:sent on:? [A-Z][a-z]{2},|attempted to be delivered on:? [A-Z][a-z]{2},)/;
const RECIPIENT = /^[ \t]+Could not be delivered to: <([^ >]+@[^ >]+)>/;
const KDDI_PHRASES = [
  ['mailboxfull', ['As their mailbox is full']],
  ['norelaying', ['Due to the following SMTP relay error']],
  ['hostunknown', ['As the remote domain doesnt exist']],
] as const;

export const kddiReader: BounceReader = {
  name: 'kddi',
  read(message) {
    const signs =
      /no-reply@.+\.dion\.ne\.jp/.test(message.from) ||
      (message.headers.get('reply-to') ?? '').trim() === 'no-reply@app.auone-net.jp' ||
      /ezweb\.ne\.jp \(|\.au\.com \(/.test(message.headers.get('received') ?? '');
    if (!signs) return null;
    const lines = message.body.split('\n');
    const first = lines.findIndex((line) => START.test(line));
    if (first < 0) return null;

    const found: { recipient: string; words: string[] }[] = [];
    for (const line of lines.slice(first + 1)) {
      const address = RECIPIENT.exec(line);
      const recipient = address ? cleanAddress(address[1]) : '';
      if (recipient) found.push({ recipient, words: [] });
      else if (/^[ \t]+\S/.test(line)) found[found.length - 1]?.words.push(line.trim());
    }
    const spamFiltered = (message.headers.get('x-spasign') ?? '').trim() === 'NG';
    const recipients: FailedRecipient[] = found.map(({ recipient, words }) => {
      const diagnostic = words.join(' ');
      const reason = spamFiltered ? 'filtered' : reasonFromPhrases(diagnostic, KDDI_PHRASES);
      return failedRecipient({ recipient, diagnostic, reason });
    });
    return recipients.length > 0 ? recipients : null;
  },
};
