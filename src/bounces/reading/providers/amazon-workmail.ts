/**
 * Amazon WorkMail bounces, formats as documented by Sisimai's lib/sisimai/lhost/amazonworkmail.rb:
 * RFC 3464 fields written into the text after "Technical report:".
 */
import type { BounceReader } from '../failed-recipient.js';
import { recipientsFromDsn } from './dsn-recipients.js';
import { hasHeader } from './report-text.js';

export const amazonWorkMailReader: BounceReader = {
  name: 'amazon-workmail',
  read(message) {
    const mailer =
      message.headers.get('x-original-mailer') ?? message.headers.get('x-mailer') ?? '';
    if (!hasHeader(message, 'x-ses-outgoing') || mailer.trim() !== 'Amazon WorkMail') return null;
    const report = message.body.split(/^Technical report:\s*$/m)[1];
    return recipientsFromDsn(report ?? message.deliveryStatus ?? '', () => undefined);
  },
};
