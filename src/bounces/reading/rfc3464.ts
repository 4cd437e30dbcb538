/**
 * RFC 3464 delivery status notifications: the message/delivery-status (or
 * global-delivery-status) part, or the same fields pasted into a plain-text bounce. Formats as
 * documented by Sisimai (`lib/sisimai/rfc3464.rb`).
 */
import type {
  BounceMessage,
  BounceReader,
  FailedRecipient,
  RecipientAction,
} from './failed-recipient.js';
import {
  fieldGroups,
  isRecipientGroup,
  recipientAddress,
  withoutType,
  type FieldGroup,
} from './delivery-status-fields.js';
import { commandInText } from './smtp-command.js';
import { findReplyCode, findStatus } from './status-codes.js';

/** A recipient as the report gives it, with the remote MTA that answered (for the classifier). */
export interface DeliveryStatusRecipient extends FailedRecipient {
  remoteMta: string;
}

export const rfc3464Reader: BounceReader = {
  name: 'rfc3464',
  read(message: BounceMessage): FailedRecipient[] | null {
    const recipients = readDeliveryStatus(message);
    return recipients.length > 0
      ? recipients.map(({ remoteMta: _remoteMta, ...recipient }) => recipient)
      : null;
  },
};

/** Every recipient of the report's delivery-status fields (empty when it has none). */
export function readDeliveryStatus(message: BounceMessage): DeliveryStatusRecipient[] {
  const text = message.deliveryStatus ?? flattenedFields(message.body);
  if (text === '') return [];
  const recipients = fieldGroups(text)
    .filter(isRecipientGroup)
    .map(recipientOf)
    .filter((recipient): recipient is DeliveryStatusRecipient => recipient !== null);
  if (recipients.length === 0) return [];
  return [...recipients, ...failedRecipientsHeader(message, recipients)];
}

/** The Reporting-MTA's host name ('' when the report gives none): the last clue to the remote host. */
export function reportingMta(message: BounceMessage): string {
  const text = message.deliveryStatus ?? flattenedFields(message.body);
  const field = /^Reporting-MTA[ \t]*:[ \t]*(.+)$/im.exec(text.slice(0, 64 * 1024));
  return field ? hostOf(field[1]) : '';
}

/** In a plain-text bounce, the fields start at the first Final-/Original-Recipient or Reporting-MTA. */
function flattenedFields(body: string): string {
  const start = body.search(/^(Reporting-MTA|Final-Recipient|Original-Recipient)[ \t]*:/im);
  return start < 0 ? '' : body.slice(start);
}

function recipientOf(group: FieldGroup): DeliveryStatusRecipient | null {
  const address =
    recipientAddress(group.get('final-recipient') ?? '') ||
    recipientAddress(group.get('original-recipient') ?? '');
  if (address === '') return null;
  const diagnostic = diagnosticOf(group.get('diagnostic-code') ?? '');
  const status = statusOf(group.get('status') ?? '', diagnostic);
  const remoteMta = hostOf(group.get('remote-mta') ?? '');
  const recipient: DeliveryStatusRecipient = {
    recipient: address,
    action: actionOf(group.get('action') ?? '', status),
    status,
    replyCode: findReplyCode(diagnostic),
    diagnostic,
    remoteMta,
  };
  const command = commandInText(diagnostic);
  if (command) recipient.command = command;
  if (remoteMta) recipient.remoteHost = remoteMta;
  return recipient;
}

/** `dns; mx.example.jp. (192.0.2.1, the server for …)` → `mx.example.jp`. */
function hostOf(value: string): string {
  const first = withoutType(value).value.trim().split(/[\s(]/)[0] ?? '';
  return first
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** The diagnostic without its `smtp;` type; other types (X-Unix, X-Postfix) stay as a hint. */
function diagnosticOf(value: string): string {
  const { type, value: text } = withoutType(value);
  const flat = text.replace(/\s+/g, ' ').trim();
  if (type === '' || type === 'smtp') return flat;
  return `${type}; ${flat}`;
}

/**
 * The Status field, unless it is missing or says only the class (`5.0.0`) and the diagnostic
 * carries a finer code; then the diagnostic's. A bare reply code gives its class.
 */
function statusOf(value: string, diagnostic: string): string {
  const field = /([245])\.(\d{1,3})\.(\d{1,3})/.exec(value)?.[0] ?? '';
  const inText = findStatus(diagnostic);
  if (field === '' || (/\.0\.0$/.test(field) && inText !== '' && inText[0] === field[0])) {
    if (inText !== '') return inText;
  }
  if (field !== '') return field;
  const reply = findReplyCode(diagnostic);
  return reply.startsWith('5') || reply.startsWith('4') ? `${reply[0]}.0.0` : '';
}

function actionOf(value: string, status: string): RecipientAction {
  const action = value.trim().toLowerCase();
  if (action.startsWith('deliver')) return 'delivered';
  if (action.startsWith('relay')) return 'relayed';
  if (action.startsWith('expand')) return 'expanded';
  if (action.startsWith('delay')) return 'delayed';
  if (action.startsWith('fail') || action === 'expired') return 'failed';
  if (status.startsWith('2')) return 'delivered';
  return status.startsWith('4') ? 'delayed' : 'failed';
}

/** Addresses an MTA (Exim) lists in X-Failed-Recipients that the fields did not name. */
function failedRecipientsHeader(
  message: BounceMessage,
  known: FailedRecipient[],
): DeliveryStatusRecipient[] {
  const header = message.headers.get('x-failed-recipients') ?? '';
  const seen = new Set(known.map((recipient) => recipient.recipient.toLowerCase()));
  return header
    .split(/[,\s]+/)
    .map((word) => recipientAddress(word))
    .filter((address) => address !== '' && !seen.has(address.toLowerCase()))
    .map((address) => ({
      recipient: address,
      action: 'failed',
      status: '',
      replyCode: '',
      diagnostic: '',
      remoteMta: '',
    }));
}
