/**
 * Amazon SES (sending) bounces, formats as documented by Sisimai's lib/sisimai/lhost/amazonses.rb:
 * an RFC 3464 report from MAILER-DAEMON@…amazonses.com, or an SNS notification whose body is the
 * JSON of SES's bounce event.
 */
import type { BounceReader, BounceReason, FailedRecipient } from '../failed-recipient.js';
import { recipientsFromDsn } from './dsn-recipients.js';
import { cleanAddress, failedRecipient, hasHeader, reasonFromPhrases } from './report-text.js';

const START = ['The following message to <', 'An error occurred while trying to deliver the mail'];
const SES_PHRASES = [['expired', ['Delivery expired']]] as const;

/** SES's bounce sub-types that say why by themselves (docs: "Amazon SES notification contents"). */
const TRANSIENT_REASONS: Readonly<Record<string, BounceReason>> = {
  MailboxFull: 'mailboxfull',
  MessageTooLarge: 'mesgtoobig',
};

interface SesBouncedRecipient {
  emailAddress?: unknown;
  action?: unknown;
  status?: unknown;
  diagnosticCode?: unknown;
}

interface SesEvent {
  notificationType?: unknown;
  bounce?: { bounceType?: unknown; bounceSubType?: unknown; bouncedRecipients?: unknown };
  delivery?: { recipients?: unknown; smtpResponse?: unknown };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** SNS wraps the event: `{"Message": "<the event as a JSON string>"}`; a raw event is read as is. */
function sesEvent(body: string): SesEvent | null {
  const json = body.split(/\n--\s*\n/)[0].trim();
  if (!json.startsWith('{')) return null;
  try {
    const outer = JSON.parse(json.replace(/\n\s*/g, '')) as { Message?: unknown } & SesEvent;
    const inner =
      typeof outer.Message === 'string' ? (JSON.parse(outer.Message) as SesEvent) : outer;
    return typeof inner === 'object' && inner !== null ? inner : null;
  } catch {
    return null;
  }
}

function recipientsFromEvent(event: SesEvent): FailedRecipient[] | null {
  if (event.notificationType === 'Bounce' && event.bounce) {
    const list = Array.isArray(event.bounce.bouncedRecipients)
      ? (event.bounce.bouncedRecipients as SesBouncedRecipient[])
      : [];
    const reason =
      event.bounce.bounceType === 'Transient'
        ? TRANSIENT_REASONS[text(event.bounce.bounceSubType)]
        : undefined;
    const recipients = list
      .map((one) => ({ one, recipient: cleanAddress(text(one.emailAddress)) }))
      .filter(({ recipient }) => recipient)
      .map(({ one, recipient }) =>
        failedRecipient({
          recipient,
          diagnostic: text(one.diagnosticCode).replace(/^[^;]*;\s*/, ''),
          status: text(one.status),
          action: text(one.action) === 'delayed' ? 'delayed' : 'failed',
          reason,
        }),
      );
    return recipients.length > 0 ? recipients : null;
  }
  if (
    event.notificationType === 'Delivery' &&
    event.delivery &&
    Array.isArray(event.delivery.recipients)
  ) {
    const smtpResponse = text(event.delivery.smtpResponse);
    const recipients = (event.delivery.recipients as unknown[])
      .map((address) => cleanAddress(text(address)))
      .filter(Boolean)
      .map((recipient) =>
        failedRecipient({ recipient, diagnostic: smtpResponse, action: 'delivered' }),
      );
    return recipients.length > 0 ? recipients : null;
  }
  // Complaints are feedback, not bounces: the ARF reader's business.
  return null;
}

export const amazonSesReader: BounceReader = {
  name: 'amazon-ses',
  read(message) {
    if (hasHeader(message, 'x-amz-sns-message-id')) {
      const event = sesEvent(message.body);
      return event ? recipientsFromEvent(event) : null;
    }
    if ((message.headers.get('x-mailer') ?? '').startsWith('Amazon WorkMail')) return null;
    if (!hasHeader(message, 'x-aws-outgoing') && !hasHeader(message, 'x-ses-outgoing')) return null;
    if (!message.body.split('\n').some((line) => START.some((start) => line.startsWith(start))))
      return null;
    return recipientsFromDsn(message.deliveryStatus ?? message.body, (fields) =>
      reasonFromPhrases(fields.diagnostic, SES_PHRASES),
    );
  },
};
