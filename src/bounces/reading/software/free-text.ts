/**
 * Small tools shared by the readers of MTA software's free-text bounces. Every function works on
 * one line or one short string at a time, with anchored or bounded patterns, so an untrusted
 * 1 MB body costs linear time.
 */
import type { BounceMessage, BounceReason, FailedRecipient } from '../failed-recipient.js';

/** Longer lines are cut: SMTP allows 1,000 octets a line (RFC 5321), and a cut keeps every
 * per-line pattern cheap on an untrusted 1 MB body. */
const MAX_LINE = 1000;

/** The body as lines, without the stray carriage returns some MTAs leave (`\r\r\n`). */
export function bodyLines(message: BounceMessage): string[] {
  return message.body.split('\n').map((line) => line.slice(0, MAX_LINE).replace(/\r+$/, ''));
}

/** The lines from the first one matching `start` (excluded) up to the first matching `end`. */
export function linesBetween(lines: string[], start: RegExp, end: RegExp): string[] | null {
  const from = lines.findIndex((line) => start.test(line));
  if (from < 0) return null;
  const rest = lines.slice(from + 1);
  const to = rest.findIndex((line) => end.test(line));
  return to < 0 ? rest : rest.slice(0, to);
}

// An enhanced status code not inside an IP address or a version number.
const STATUS = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/;
// A reply code standing alone, as in "550 ...", "550-..." or "said: 550".
const REPLY_CODE = /(?<![\w.\-/])([245][0-5]\d)(?=[ -]|$)/;

/** The first enhanced status code in the text (`5.1.1`), or ''. */
export function findStatus(text: string): string {
  const found = STATUS.exec(text);
  return found ? `${found[1]}.${found[2]}.${found[3]}` : '';
}

/** The first SMTP reply code in the text (`550`), or ''. */
export function findReplyCode(text: string): string {
  return REPLY_CODE.exec(text)?.[1] ?? '';
}

/** Several lines of an MTA's message as one line, spaces collapsed. */
export function oneLine(parts: readonly string[]): string {
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** A failed recipient, its status and reply code read from its diagnostic when not given. */
export function failedRecipient(
  recipient: string,
  diagnostic: string,
  extra: Partial<Omit<FailedRecipient, 'recipient' | 'diagnostic'>> = {},
): FailedRecipient {
  const result: FailedRecipient = {
    recipient,
    action: extra.action ?? 'failed',
    status: extra.status ?? findStatus(diagnostic),
    replyCode: extra.replyCode ?? findReplyCode(diagnostic),
    diagnostic,
  };
  if (extra.reason) result.reason = extra.reason;
  if (extra.command) result.command = extra.command;
  if (extra.remoteHost) result.remoteHost = extra.remoteHost;
  return result;
}

export { reasonByPhrase } from '../phrase-table.js';

// What servers write when the mailbox does not exist (as in Sisimai's reason/userunknown.rb).
const NO_SUCH_USER = [
  'user unknown',
  'unknown user',
  'no such user',
  'invalid user',
  'invalid recipient',
  'recipient not found',
  'unknown recipient',
  'user not found',
  'no mailbox here',
  "doesn't have a",
  'does not exist',
  'not recognized',
  'mailbox not found',
  'user not listed',
];

/**
 * A "no such user" text that the report does not tie to the RCPT command. A content filter also
 * answers "user unknown" after DATA, so Sisimai counts such a text as `filtered` (soft) unless
 * the status says x.1.x or the refusal came at RCPT; the readers of formats that never name the
 * command use this to say so.
 */
export function userUnknownOutsideRcpt(
  diagnostic: string,
  status: string,
): BounceReason | undefined {
  if (/^[45]\.1\./.test(status)) return undefined;
  const lower = diagnostic.toLowerCase();
  return NO_SUCH_USER.some((phrase) => lower.includes(phrase)) ? 'filtered' : undefined;
}

/** Whether the message is a multipart report whose delivery-status part names a recipient. */
export function hasDeliveryStatusRecipients(message: BounceMessage): boolean {
  return (
    message.deliveryStatus !== null &&
    /^(?:final|original)-recipient:\s*\S/im.test(message.deliveryStatus)
  );
}

/**
 * The reason a report's SMTP command implies: a refused greeting is `blocked`; a "no such user"
 * anywhere but at RCPT or MAIL is `filtered` (see userUnknownOutsideRcpt). `command` is the
 * upper-case verb the report names, or '' when it names none.
 */
export function reasonOfCommand(
  command: string,
  diagnostic: string,
  status: string,
): BounceReason | undefined {
  if (command === 'HELO' || command === 'EHLO') return 'blocked';
  if (command === 'RCPT' || command === 'MAIL') return undefined;
  return userUnknownOutsideRcpt(diagnostic, status);
}
