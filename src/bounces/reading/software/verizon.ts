/**
 * Verizon Wireless' vtext.com gateway bounces (From post_master@vtext.com), formats as documented
 * by Sisimai (lib/sisimai/lhost/verizon.rb): Apache James' "Error message below:" layout. Its
 * "no such user here" is its own verdict on the phone number.
 */
import type { BounceReader } from '../failed-recipient.js';
import { readMessageDetails } from './message-details.js';

export const verizonReader: BounceReader = {
  name: 'verizon',
  read(message) {
    if (!/@vtext\.com$/.test(message.from)) return null;
    const recipients = readMessageDetails(message).map((recipient) =>
      /no such user here/i.test(recipient.diagnostic)
        ? { ...recipient, reason: 'userunknown' as const }
        : recipient,
    );
    return recipients.length > 0 ? recipients : null;
  },
};
