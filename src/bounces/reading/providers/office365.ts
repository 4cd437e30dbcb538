/**
 * Microsoft 365 (Exchange Online) non-delivery reports, formats as documented by Sisimai's
 * lib/sisimai/lhost/office365.rb. Exchange Online's extended status codes (5.7.5xx, 4.4.316, …)
 * have documented meanings; where the report gives one, it names the reason.
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { recipientsFromDsn } from './dsn-recipients.js';
import { cleanAddress, failedRecipient, hasHeader, linesBetween } from './report-text.js';

const OFFICE365_HEADERS = [
  'x-ms-exchange-message-is-ndr',
  'x-microsoft-antispam-prvs',
  'x-exchange-antispam-report-test',
  'x-exchange-antispam-report-cfa-test',
  'x-ms-exchange-crosstenant-originalarrivaltime',
  'x-ms-exchange-crosstenant-fromentityheader',
  'x-ms-exchange-transport-crosstenantheadersstamped',
];
const OUTLOOK_HOST = /\.(?:outbound\.protection|prod)\.outlook\.com\b/;

/** Exchange Online's NDR codes (Microsoft's "Email non-delivery reports" reference). */
const STATUS_REASONS: ReadonlyArray<readonly [RegExp, BounceReason]> = [
  [/^4\.4\.7$/, 'expired'],
  // Exchange's own use of x.1.10 (RESOLVER.ADR.RecipientNotFound) and x.1.351: no such mailbox,
  // not RFC 7505's null MX.
  [/^5\.1\.(?:10|351)$/, 'userunknown'],
  [/^4\.4\.312$/, 'networkerror'],
  [/^4\.4\.316$/, 'expired'],
  [/^4\.7\.26$/, 'securityerror'],
  [/^4\.7\.[56]\d\d$/, 'blocked'],
  [/^4\.7\.8[5-9]\d$/, 'blocked'],
  [/^5\.4\.1$/, 'norelaying'],
  [/^5\.4\.312$/, 'networkerror'],
  [/^5\.4\.316$/, 'expired'],
  [/^5\.4\.6$/, 'networkerror'],
  [/^5\.6\.11$/, 'contenterror'],
  [/^5\.7\.1$/, 'rejected'],
  [/^5\.7\.1[23]$/, 'rejected'],
  [/^5\.7\.124$/, 'rejected'],
  [/^5\.7\.13[3-6]$/, 'rejected'],
  [/^5\.7\.25$/, 'networkerror'],
  [/^5\.7\.50[1-3]$/, 'spamdetected'],
  [/^5\.7\.50[45]$/, 'filtered'],
  [/^5\.7\.50[67]$/, 'blocked'],
  [/^5\.7\.508$/, 'toomanyconn'],
  [/^5\.7\.509$/, 'securityerror'],
  [/^5\.7\.510$/, 'notaccept'],
  [/^5\.7\.511$/, 'rejected'],
  [/^5\.7\.512$/, 'securityerror'],
  [/^5\.7\.60[6-9]$/, 'blocked'],
  [/^5\.7\.6[1-4]\d$/, 'blocked'],
  [/^5\.7\.7[0-4]\d$/, 'toomanyconn'],
];

export function office365Reason(status: string): BounceReason | undefined {
  return STATUS_REASONS.find(([pattern]) => pattern.test(status))?.[1];
}

function isOffice365Report(message: Parameters<BounceReader['read']>[0]): boolean {
  const signs =
    Number(message.subject.includes('Undeliverable:')) +
    OFFICE365_HEADERS.filter((name) => hasHeader(message, name)).length +
    Number(OUTLOOK_HOST.test(message.headers.get('received') ?? '')) +
    Number(OUTLOOK_HOST.test(message.headers.get('message-id') ?? ''));
  return signs >= 2;
}

/** Without a delivery-status part: `address<mailto:address>` lines, then the administrators' section. */
function recipientsFromText(body: string): FailedRecipient[] | null {
  const lines = linesBetween(
    body,
    [
      'Delivery has failed to these recipients or groups:',
      'rejected your message to the following e',
    ],
    [],
  );
  if (!lines) return null;
  const addresses = lines
    .map((line) => /<mailto:([^>]+@[^>]+)>\s*$/.exec(line)?.[1] ?? '')
    .map(cleanAddress)
    .filter(Boolean);
  const details =
    linesBetween(
      lines.join('\n'),
      ['Diagnostic information for administrators:'],
      ['Original message headers:'],
    ) ?? [];
  const diagnostic = details.join(' ');
  const recipients = addresses.map((recipient) => {
    const found = failedRecipient({ recipient, diagnostic });
    const reason = office365Reason(found.status);
    return reason ? { ...found, reason } : found;
  });
  return recipients.length > 0 ? recipients : null;
}

export const office365Reader: BounceReader = {
  name: 'office365',
  read(message) {
    if (!isOffice365Report(message)) return null;
    const fromDsn = message.deliveryStatus
      ? recipientsFromDsn(message.deliveryStatus, (_fields, status) => office365Reason(status))
      : null;
    return fromDsn ?? recipientsFromText(message.body);
  },
};
