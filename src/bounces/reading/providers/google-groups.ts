/**
 * Google Groups' "the group you tried to contact may not exist" reports, formats as documented by
 * Sisimai's lib/sisimai/lhost/googlegroups.rb. The failed group is in X-Failed-Recipients.
 */
import type { BounceReader } from '../failed-recipient.js';
import { isGmailReport } from './gmail.js';
import { cleanAddress, failedRecipient, oneLine } from './report-text.js';

/** The report lists four possible causes as bullets; with all four it means "you may not post". */
const BULLET = /^ ?\* ?/gm;

export const googleGroupsReader: BounceReader = {
  name: 'google-groups',
  read(message) {
    if (!isGmailReport(message.from, message.subject)) return null;
    const failed = (message.headers.get('x-failed-recipients') ?? '')
      .split(',')
      .map(cleanAddress)
      .filter((address) => address.endsWith('@googlegroups.com'));
    if (failed.length === 0) return null;
    // A report with its own recipients' fields (a group address unknown at SMTP) is RFC 3464's.
    if (message.body.includes('Delivery to the following recipient')) return null;
    if (/^Final-Recipient:/im.test(message.deliveryStatus ?? '')) return null;

    const ownText = message.body.split('----- Original message -----')[0];
    const diagnostic = oneLine(
      ownText
        .split(/\n\s*\n/)
        .slice(0, 4)
        .join(' '),
    );
    const allCauses = (ownText.match(BULLET) ?? []).length === 4;
    return failed.map((recipient) =>
      failedRecipient({ recipient, diagnostic, reason: allCauses ? 'rejected' : undefined }),
    );
  },
};
