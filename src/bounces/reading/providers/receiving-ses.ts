/**
 * Amazon SES (receiving) bounces sent by a receipt rule's Bounce action, formats as documented by
 * Sisimai's lib/sisimai/lhost/receivingses.rb. The rule's template texts name the reason.
 */
import type { BounceReader } from '../failed-recipient.js';
import { recipientsFromDsn } from './dsn-recipients.js';
import { hasHeader, reasonFromPhrases } from './report-text.js';

const START = 'This message could not be delivered.';
const TEMPLATE_PHRASES = [
  ['filtered', ['Mailbox does not exist']],
  ['mesgtoobig', ['Message too large']],
  ['mailboxfull', ['Mailbox full']],
  ['contenterror', ['Message content rejected']],
] as const;

export const receivingSesReader: BounceReader = {
  name: 'receiving-ses',
  read(message) {
    if (!hasHeader(message, 'x-ses-outgoing')) return null;
    if (!message.body.split('\n').some((line) => line.trim() === START)) return null;
    // The template's words name the reason only where the status code does not say more.
    return recipientsFromDsn(message.deliveryStatus ?? message.body, (fields, status) =>
      /^\d\.\d+\.[1-9]/.test(status)
        ? undefined
        : reasonFromPhrases(fields.diagnostic, TEMPLATE_PHRASES),
    );
  },
};
