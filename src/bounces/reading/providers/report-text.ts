/**
 * Small, bounded helpers the provider readers share: cutting a report's text at its markers,
 * pulling status and reply codes out of an MTA's words, and building a recipient.
 */
import type {
  BounceReason,
  FailedRecipient,
  RecipientAction,
  SmtpCommand,
} from '../failed-recipient.js';
import { commandInText, hostInText } from '../smtp-command.js';

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const STATUS_IN_TEXT = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const REPLY_IN_TEXT = /(?:^|[^\d.:])([245][0-5]\d)(?=[\s,:-]|$)/;

/** A bare address (no brackets, no display name), lower-cased; '' when it is not one. */
export function cleanAddress(value: string): string {
  const bare = value
    .trim()
    .replace(/^rfc822;\s*/i, '')
    .replace(/^["'<(\s]+|[>"')\s:.,]+$/g, '')
    .toLowerCase();
  return ADDRESS.test(bare) ? bare : '';
}

/** The first enhanced status code in an MTA's words (`5.1.1`), or ''. */
export function statusIn(text: string): string {
  const found = STATUS_IN_TEXT.exec(text);
  return found ? `${found[1]}.${found[2]}.${found[3]}` : '';
}

/** The first SMTP reply code in an MTA's words (`550`), or ''. */
export function replyCodeIn(text: string): string {
  const found = REPLY_IN_TEXT.exec(text);
  return found ? found[1] : '';
}

/** Text squeezed onto one line, as `FailedRecipient.diagnostic` wants it. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The lines of `text` after the first line that starts with one of `starts`, up to a line starting with one of `ends`. */
export function linesBetween(
  text: string,
  starts: readonly string[],
  ends: readonly string[],
): string[] | null {
  const lines = text.split('\n');
  const first = lines.findIndex((line) =>
    starts.some((start) => line.trimStart().startsWith(start)),
  );
  if (first < 0) return null;
  const rest = lines.slice(first + 1);
  const last = rest.findIndex((line) => ends.some((end) => line.startsWith(end)));
  return last < 0 ? rest : rest.slice(0, last);
}

export { reasonByPhrase as reasonFromPhrases } from '../phrase-table.js';

/**
 * A recipient, with status, reply code, SMTP command and remote host read from the diagnostic
 * where not given.
 */
export function failedRecipient(fields: {
  recipient: string;
  diagnostic: string;
  status?: string;
  replyCode?: string;
  action?: RecipientAction;
  reason?: BounceReason;
  command?: SmtpCommand;
  remoteHost?: string;
}): FailedRecipient {
  const diagnostic = oneLine(fields.diagnostic);
  const recipient: FailedRecipient = {
    recipient: fields.recipient,
    action: fields.action ?? 'failed',
    status: fields.status || statusIn(diagnostic),
    replyCode: fields.replyCode || replyCodeIn(diagnostic),
    diagnostic,
  };
  if (fields.reason) recipient.reason = fields.reason;
  const command = fields.command ?? commandInText(diagnostic);
  if (command) recipient.command = command;
  const remoteHost = fields.remoteHost || hostInText(diagnostic);
  if (remoteHost) recipient.remoteHost = remoteHost;
  return recipient;
}

/** One recipient per address: a report that names an address twice (two languages) counts it once. */
export function uniqueRecipients(recipients: FailedRecipient[]): FailedRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((one) => !seen.has(one.recipient) && Boolean(seen.add(one.recipient)));
}

/** Whether a header (lower-case name) is present and not empty. */
export function hasHeader(
  message: { headers: ReadonlyMap<string, string> },
  name: string,
): boolean {
  return (message.headers.get(name) ?? '').trim() !== '';
}
