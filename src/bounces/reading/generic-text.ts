/**
 * The last resort for a bounce no reader recognised: Exim's X-Failed-Recipients header, or
 * addresses that stand beside failure wording in a report that calls itself a bounce.
 */
import type { BounceMessage, BounceReader, FailedRecipient } from './failed-recipient.js';
import { recipientAddress } from './delivery-status-fields.js';
import { findReplyCode, findStatus } from './status-codes.js';

const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounce|bounces|nobody)@/;
const BOUNCE_SUBJECT =
  /undeliver|returned mail|delivery (status notification|fail|failure|problem)|failure notice|mail delivery failed|could not be delivered|non[- ]?delivery|not delivered|delivery has failed|mail system error|message delivery has failed/i;
/** Where the quoted original starts: nothing after it is about the failure. */
const ORIGINAL_STARTS =
  /^\s*(-{2,}.*(original message|returned message|message headers|below this line).*|content-type: message\/rfc822|original message follows|the original message (was|is)|received: )/im;
const FAILURE_WORDS =
  /(fail|unknown|invalid|not exist|doesn't exist|does not exist|reject|refused|denied|unavailable|undeliver|disabled|full|quota|blocked|no such|not found|unable|error|timed out|expired|[45]\d\d[ -])/i;
const ADDRESS_IN_TEXT = /<?([^\s<>()",;:[\]@]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>?/g;
/** Lines are cut to this length before the address search, which keeps that search linear enough. */
const LINE_LIMIT = 2000;

export const genericTextReader: BounceReader = {
  name: 'generic-text',
  read(message: BounceMessage): FailedRecipient[] | null {
    const fromHeader = failedRecipientsHeader(message);
    if (fromHeader.length > 0) return fromHeader;
    if (!looksLikeBounce(message)) return null;
    const found = addressesBesideFailure(message);
    return found.length > 0 ? found : null;
  },
};

function looksLikeBounce(message: BounceMessage): boolean {
  return BOUNCE_SENDER.test(message.from) || BOUNCE_SUBJECT.test(message.subject);
}

function reportText(message: BounceMessage): string {
  const start = message.body.search(ORIGINAL_STARTS);
  return (start < 0 ? message.body : message.body.slice(0, start)).slice(0, 64 * 1024);
}

function failedRecipientsHeader(message: BounceMessage): FailedRecipient[] {
  const header = message.headers.get('x-failed-recipients') ?? '';
  if (header === '') return [];
  const lines = reportText(message).split('\n');
  return unique(header.split(/[,\s]+/).map((word) => recipientAddress(word))).map((address) =>
    recipient(address, diagnosticNear(lines, address)),
  );
}

function addressesBesideFailure(message: BounceMessage): FailedRecipient[] {
  const own = new Set([message.from, ...ownAddresses(message)]);
  const lines = reportText(message)
    .split('\n')
    .map((line) => line.slice(0, LINE_LIMIT));
  const found: FailedRecipient[] = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    for (const match of line.matchAll(ADDRESS_IN_TEXT)) {
      const address = match[1].replace(/\.$/, '').toLowerCase();
      if (own.has(address) || seen.has(address) || BOUNCE_SENDER.test(address)) continue;
      const near = lines.slice(index, index + 3).join(' ');
      if (!FAILURE_WORDS.test(near)) continue;
      seen.add(address);
      found.push(recipient(address, diagnosticNear(lines, address)));
    }
  });
  return found.slice(0, 100);
}

/** The bounce's own addressees and the original's sender are never the failed recipient. */
function ownAddresses(message: BounceMessage): string[] {
  const names = ['to', 'delivered-to', 'x-original-to', 'envelope-to', 'return-path'];
  const values = names.map((name) => message.headers.get(name) ?? '');
  values.push(message.returnedHeaders?.get('from') ?? '');
  return values.flatMap((value) =>
    [...value.slice(0, LINE_LIMIT).matchAll(ADDRESS_IN_TEXT)].map((match) =>
      match[1].toLowerCase(),
    ),
  );
}

function diagnosticNear(lines: string[], address: string): string {
  const at = lines.findIndex((line) => line.toLowerCase().includes(address.toLowerCase()));
  if (at < 0) return '';
  return lines
    .slice(at, at + 4)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
    .slice(0, 1000);
}

function recipient(address: string, diagnostic: string): FailedRecipient {
  return {
    recipient: address,
    action: 'failed',
    status: findStatus(diagnostic),
    replyCode: findReplyCode(diagnostic),
    diagnostic,
  };
}

function unique(addresses: string[]): string[] {
  return [
    ...new Set(
      addresses.filter((address) => address !== '').map((address) => address.toLowerCase()),
    ),
  ];
}
