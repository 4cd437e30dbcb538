/**
 * Apache James' bounces ("Error message below:" … "Message details:"), formats as documented by
 * Sisimai (lib/sisimai/lhost/apachejames.rb). The report never names the SMTP command, so a
 * "no such user" here is read as Sisimai does (see userUnknownOutsideRcpt).
 */
import type { BounceReader } from '../failed-recipient.js';
import { userUnknownOutsideRcpt } from './free-text.js';
import { readMessageDetails } from './message-details.js';

export const apacheJamesReader: BounceReader = {
  name: 'apache-james',
  read(message) {
    const isJames =
      (message.headers.get('message-id') ?? '').includes('.JavaMail.') ||
      (message.headers.get('received') ?? '').includes('JAMES SMTP Server');
    if (!isJames) return null;
    const recipients = readMessageDetails(message).map((recipient) => {
      const reason = userUnknownOutsideRcpt(recipient.diagnostic, recipient.status);
      return reason ? { ...recipient, reason } : recipient;
    });
    return recipients.length > 0 ? recipients : null;
  },
};
