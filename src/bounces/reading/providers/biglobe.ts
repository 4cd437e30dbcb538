/**
 * BIGLOBE's "Returned mail:" reports, formats as documented by Sisimai's
 * lib/sisimai/lhost/biglobe.rb: the addresses, then "Non-delivered information".
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import { cleanAddress, failedRecipient, linesBetween, reasonFromPhrases } from './report-text.js';

const START = ['----- The following addresses had delivery problems -----'];
const BIGLOBE_DOMAINS = /^postmaster@(?:[\w-]+\.)*(?:biglobe|inacatv|tmtv|ttv)\.ne\.jp$/;
const BIGLOBE_PHRASES = [
  ['filtered', ['Mail Delivery Failed... User unknown']],
  ['mailboxfull', ["The number of messages in recipient's mailbox exceeded the local limit."]],
] as const;

export const biglobeReader: BounceReader = {
  name: 'biglobe',
  read(message) {
    if (!BIGLOBE_DOMAINS.test(message.from) || !message.subject.startsWith('Returned mail:'))
      return null;
    const lines = linesBetween(message.body, START, ['Content-Type: message/rfc822']);
    if (!lines) return null;

    const addresses: string[] = [];
    const words: string[] = [];
    for (const line of lines) {
      const address = line.includes('@') && !line.trim().includes(' ') ? cleanAddress(line) : '';
      if (address) addresses.push(address);
      else if (line.trim() && !line.includes('--')) words.push(line.trim());
    }
    const diagnostic = words.join(' ');
    const reason = reasonFromPhrases(diagnostic, BIGLOBE_PHRASES);
    const recipients: FailedRecipient[] = addresses.map((recipient) =>
      failedRecipient({ recipient, diagnostic, reason }),
    );
    return recipients.length > 0 ? recipients : null;
  },
};
