/**
 * Zoho Mail's bounces, formats as documented by Sisimai's lib/sisimai/lhost/zoho.rb:
 * `address Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 ...` per recipient.
 */
import type { BounceReader, FailedRecipient } from '../failed-recipient.js';
import {
  cleanAddress,
  failedRecipient,
  hasHeader,
  linesBetween,
  reasonFromPhrases,
} from './report-text.js';

const START = ['This message was created automatically by mail delivery'];
const ORIGINAL = ['Received:from ', 'Received: from '];
const RECIPIENT_LINE = /^(\S+@\S+)\s+(.+)$/;
const STATUS_LINE = /^\[Status: .+<(\S+@[^>\s]+)>,/;
const ZOHO_PHRASES = [['expired', ['Host not reachable']]] as const;

export const zohoReader: BounceReader = {
  name: 'zoho',
  read(message) {
    if (!hasHeader(message, 'x-zohomail')) return null;
    const lines = linesBetween(message.body, START, ORIGINAL);
    if (!lines) return null;

    const recipients: FailedRecipient[] = [];
    for (const line of lines) {
      const status = STATUS_LINE.exec(line);
      const plain = status ? null : RECIPIENT_LINE.exec(line);
      const recipient = cleanAddress(status?.[1] ?? plain?.[1] ?? '');
      if (!recipient) continue;
      const diagnostic = status ? line : (plain?.[2] ?? '');
      recipients.push(
        failedRecipient({
          recipient,
          diagnostic,
          reason: reasonFromPhrases(diagnostic, ZOHO_PHRASES),
        }),
      );
    }
    return recipients.length > 0 ? recipients : null;
  },
};
