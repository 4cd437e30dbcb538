/**
 * Gmail's own free-text bounces ("Delivery to the following recipient failed permanently"),
 * formats as documented by Sisimai's lib/sisimai/lhost/gmail.rb.
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { mentions } from '../reason-phrases.js';
import {
  cleanAddress,
  failedRecipient,
  linesBetween,
  reasonFromPhrases,
  statusIn,
} from './report-text.js';

const START = ['Delivery to the following recipient'];
const ORIGINAL = ['----- Original message -----', '----- Message header follows -----'];

/** Gmail's "(state N)" suffix names the SMTP stage that failed; the stage says why. */
const STATE_REASONS: Readonly<Record<string, BounceReason>> = {
  '6': 'systemerror',
  '8': 'systemerror',
  '9': 'systemerror',
  '12': 'norelaying',
  '13': 'blocked',
  '14': 'userunknown',
  '15': 'filtered',
  '17': 'filtered',
  '18': 'filtered',
};

/** Gmail's own words when it could not reach the other server at all. */
const GMAIL_PHRASES = [
  [
    'expired',
    [
      'DNS Error: Could not contact DNS servers',
      'Delivery to the following recipient has been delayed',
      'The recipient server did not accept our requests to connect',
    ],
  ],
  [
    'hostunknown',
    ['DNS Error: Domain name not found', 'DNS Error: DNS server returned answer with no data'],
  ],
] as const;

export function isGmailReport(from: string, subject: string): boolean {
  return (
    from === 'mailer-daemon@googlemail.com' && subject.startsWith('Delivery Status Notification')
  );
}

function gmailReason(diagnostic: string): BounceReason | undefined {
  // A precise status from the remote server says more than Gmail's stage or wording.
  const status = statusIn(diagnostic);
  if (status && !status.includes('.0')) return undefined;
  // Gmail's stage says only where it failed; a TLS it could not set up says why.
  if (mentions('failedstarttls', diagnostic.toLowerCase())) return 'failedstarttls';
  const state = /\(state (\d+)\)/.exec(diagnostic)?.[1];
  if (state && STATE_REASONS[state]) return STATE_REASONS[state];
  return reasonFromPhrases(diagnostic, GMAIL_PHRASES);
}

export const gmailReader: BounceReader = {
  name: 'gmail',
  read(message) {
    if (!isGmailReport(message.from, message.subject)) return null;
    const lines = linesBetween(message.body, START, ORIGINAL);
    if (!lines) return null;
    const delayed = /^\s*Delivery to the following recipient has been delayed/m.test(message.body);

    const addresses: string[] = [];
    const words: string[] = delayed ? ['Delivery to the following recipient has been delayed'] : [];
    for (const line of lines) {
      const address = /^\s+\S*@/.test(line)
        ? cleanAddress(line.trim().split(/\s+/).pop() ?? '')
        : '';
      if (address) addresses.push(address);
      else if (line.trim()) words.push(line.trim());
    }
    const diagnostic = words.join(' ');
    const recipients: FailedRecipient[] = addresses.map((recipient) =>
      failedRecipient({
        recipient,
        diagnostic,
        action: delayed ? 'delayed' : 'failed',
        reason: gmailReason(diagnostic),
      }),
    );
    return recipients.length > 0 ? recipients : null;
  },
};
