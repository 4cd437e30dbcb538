/**
 * Outlook.com / Hotmail's delivery status notifications, formats as documented by Sisimai's
 * lib/sisimai/lhost/outlook.rb. They are RFC 3464 reports; Hotmail's own wording adds the reason.
 */
import type { BounceReader } from '../failed-recipient.js';
import { recipientsFromDsn } from './dsn-recipients.js';
import { hasHeader, reasonFromPhrases } from './report-text.js';

const OUTLOOK_PHRASES = [
  [
    'hostunknown',
    ['The mail could not be delivered to the recipient because the domain is not reachable'],
  ],
  ['userunknown', ['Requested action not taken: mailbox unavailable']],
] as const;

const DELAYED = 'Delivery to the following recipients has been delayed.';
const UNREACHABLE =
  'Unable to deliver message to the following recipients, due to being unable to connect successfully to the destination mail server.';

export const outlookReader: BounceReader = {
  name: 'outlook',
  read(message) {
    const signs = [
      message.subject.startsWith('Delivery Status Notification'),
      hasHeader(message, 'x-message-delivery'),
      hasHeader(message, 'x-message-info'),
      (message.headers.get('received') ?? '').includes('.hotmail.com'),
    ].filter(Boolean).length;
    if (signs < 2) return null;
    const recipients = recipientsFromDsn(message.deliveryStatus ?? message.body, (fields) =>
      reasonFromPhrases(fields.diagnostic, OUTLOOK_PHRASES),
    );
    // Hotmail leaves Diagnostic-Code out when it never reached the other server; say so.
    return (
      recipients?.map((one) =>
        one.diagnostic
          ? one
          : { ...one, diagnostic: one.action === 'delayed' ? DELAYED : UNREACHABLE },
      ) ?? null
    );
  },
};
