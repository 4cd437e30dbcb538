/**
 * Reads one bounce end to end: auto-replies and complaints first, then the MTA readers
 * (providers, then software), then RFC 3464, then the generic last resort; every recipient
 * classified. Pure: bytes in, a reading out.
 */
import { readComplaint } from './arf.js';
import { isAutoReply } from './auto-reply.js';
import { BOUNCE_LIMITS, BounceMessageRefused, readBounceMessage } from './bounce-message.js';
import { classifyReason, isHardBounce, type ClassifyHints } from './classify-reason.js';
import type {
  BounceMessage,
  BounceReader,
  BounceReason,
  FailedRecipient,
  RecipientAction,
} from './failed-recipient.js';
import { genericTextReader } from './generic-text.js';
import { parseHeaderBlock } from './mime-text.js';
import { providerReaders } from './providers/index.js';
import { remoteHostReason } from './providers/remote-host-reasons.js';
import { readDeliveryStatus, reportingMta, type DeliveryStatusRecipient } from './rfc3464.js';
import {
  commandInReport,
  hostInText,
  recipientLineInTranscript,
  replyInTranscript,
} from './smtp-command.js';
import { softwareReaders } from './software/index.js';

export type BounceKind = 'bounce' | 'feedback' | 'auto-reply' | 'none';

export interface ClassifiedRecipient extends FailedRecipient {
  reason: BounceReason;
  hard: boolean;
}

/** What the original message (the one that bounced) said about itself. */
export interface OriginalMessage {
  messageId: string | null;
  /** Our X-Nashra-Ref header: c<campaign>.s<subscriber>[.<signature>]. */
  ref: string | null;
  to: string | null;
  /** Where the original said its bounces go: our VERP address, in a complaint's copy. */
  returnPath: string | null;
}

/** Where the bounce was addressed: a VERP return path shows up in one of these. */
export interface BounceEnvelope {
  to: string | null;
  deliveredTo: string | null;
  originalTo: string | null;
  envelopeTo: string | null;
}

export interface BounceReading {
  kind: BounceKind;
  /** The reader that understood the report (`rfc3464`, `exim`, `arf` …), '' when none did. */
  readBy: string;
  feedbackType: string | null;
  /** Every recipient found; only those with action failed or delayed are failures. */
  recipients: ClassifiedRecipient[];
  original: OriginalMessage;
  envelope: BounceEnvelope;
}

const NOT_FAILED: ReadonlySet<RecipientAction> = new Set(['delivered', 'relayed', 'expanded']);

export function isFailure(recipient: FailedRecipient): boolean {
  return !NOT_FAILED.has(recipient.action);
}

export async function readBounce(raw: Buffer | string): Promise<BounceReading> {
  const message = await readBounceMessage(raw);
  const base = { original: originalOf(message), envelope: envelopeOf(message), feedbackType: null };
  const complaint = readComplaint(message);
  if (complaint) {
    const recipients = complaint.recipients.map((address) => complainer(address));
    return {
      ...base,
      kind: 'feedback',
      readBy: 'arf',
      feedbackType: complaint.feedbackType,
      recipients,
    };
  }
  const delivery = readDeliveryStatus(message);
  const formal = formalReading(message, delivery);
  // Exim and Google Groups mark their bounces Auto-Submitted too: only a message no bounce
  // format recognises is taken for an automatic reply, and only then do loose words count.
  if (!formal && isAutoReply(message))
    return { ...base, kind: 'auto-reply', readBy: 'rfc3834', recipients: [] };
  const { readBy, found } = formal ?? {
    readBy: genericTextReader.name,
    found: genericTextReader.read(message) ?? [],
  };
  if (found.length === 0) return { ...base, kind: 'none', readBy: '', recipients: [] };
  const reporter = reportingMta(message);
  const recipients = tidy(mergeDeliveryStatus(found, delivery)).map((recipient) =>
    classified(wholeReply(recipient, message.body), {
      remoteHost: remoteHostOf(recipient, delivery) || reporter,
      remoteHostReason,
      command: commandInReport(message.body, recipient.recipient),
    }),
  );
  return { ...base, kind: 'bounce', readBy, recipients };
}

/** The first MTA reader that recognises the report, else its delivery-status part; null if neither. */
function formalReading(
  message: BounceMessage,
  delivery: DeliveryStatusRecipient[],
): { readBy: string; found: FailedRecipient[] } | null {
  const readers: BounceReader[] = [...providerReaders, ...softwareReaders];
  for (const reader of readers) {
    const found = reader.read(message);
    if (found && found.length > 0) return { readBy: reader.name, found };
  }
  if (delivery.length > 0) return { readBy: 'rfc3464', found: delivery };
  return null;
}

/** Where a reader found a recipient but no status or words, the delivery-status part may have them. */
function mergeDeliveryStatus(
  found: FailedRecipient[],
  delivery: DeliveryStatusRecipient[],
): FailedRecipient[] {
  if (delivery.length === 0) return found;
  return found.map((recipient) => {
    const match = delivery.find(
      (entry) => entry.recipient.toLowerCase() === recipient.recipient.toLowerCase(),
    );
    if (!match) return recipient;
    const merged: FailedRecipient = {
      ...recipient,
      status: recipient.status || match.status,
      replyCode: recipient.replyCode || match.replyCode,
      diagnostic: recipient.diagnostic || match.diagnostic,
    };
    const command = recipient.command ?? match.command;
    if (command) merged.command = command;
    return merged;
  });
}

/** Lower-cased, deduplicated (a failure beats a success for the same address), bounded. */
function tidy(found: FailedRecipient[]): FailedRecipient[] {
  const byAddress = new Map<string, FailedRecipient>();
  for (const recipient of found) {
    const address = recipient.recipient.trim().toLowerCase();
    if (address === '') continue;
    const known = byAddress.get(address);
    if (known && (isFailure(known) || !isFailure(recipient))) continue;
    byAddress.set(address, { ...recipient, recipient: address });
  }
  const recipients = [...byAddress.values()];
  if (recipients.length > BOUNCE_LIMITS.maxRecipients) {
    throw new BounceMessageRefused(
      'too-many-recipients',
      `the report names ${recipients.length} recipients`,
    );
  }
  return recipients;
}

/**
 * The remote server's whole reply, where the report cut it to its first line; or the MTA's own
 * line about the recipient in its transcript, where the report gave no words at all.
 */
function wholeReply(recipient: FailedRecipient, body: string): FailedRecipient {
  const whole =
    recipient.diagnostic === ''
      ? recipientLineInTranscript(body, recipient.recipient)
      : replyInTranscript(body, recipient.diagnostic);
  return whole ? { ...recipient, diagnostic: whole } : recipient;
}

function classified(recipient: FailedRecipient, hints: ClassifyHints): ClassifiedRecipient {
  const reason = classifyReason(recipient, hints);
  return {
    ...recipient,
    reason,
    hard: isFailure(recipient) && isHardBounce(reason, recipient.status, recipient.replyCode),
  };
}

function complainer(address: string): ClassifiedRecipient {
  return {
    recipient: address.toLowerCase(),
    action: 'failed',
    status: '',
    replyCode: '',
    diagnostic: '',
    reason: 'undefined',
    hard: false,
  };
}

/**
 * The remote MTA that answered: the one the reader found, else the report's Remote-MTA, else
 * the host the diagnostic names ('' when none; the caller falls back to the Reporting-MTA).
 */
function remoteHostOf(recipient: FailedRecipient, delivery: DeliveryStatusRecipient[]): string {
  if (recipient.remoteHost) return recipient.remoteHost;
  const match = delivery.find((entry) => entry.recipient.toLowerCase() === recipient.recipient);
  if (match && match.remoteMta !== '') return match.remoteMta;
  return hostInText(recipient.diagnostic);
}

function originalOf(message: BounceMessage): OriginalMessage {
  const headers = message.returnedHeaders ?? quotedHeaders(message.body);
  const messageId = headers.get('message-id') ?? null;
  return {
    messageId: messageId ? messageId.trim() : null,
    ref: headers.get('x-nashra-ref')?.trim() ?? null,
    to: headers.get('to')?.trim() ?? null,
    returnPath: headers.get('return-path')?.trim() ?? null,
  };
}

/** A free-text bounce that quotes the original inline: its header block, found by a Message-ID line. */
function quotedHeaders(body: string): ReadonlyMap<string, string> {
  const marker = body.search(/^(Message-ID|X-Nashra-Ref):/im);
  if (marker < 0) return new Map();
  const blockStart = body.lastIndexOf('\n\n', marker);
  return parseHeaderBlock(body.slice(blockStart < 0 ? 0 : blockStart + 2, marker + 64 * 1024));
}

function envelopeOf(message: BounceMessage): BounceEnvelope {
  const header = (name: string): string | null => message.headers.get(name)?.trim() ?? null;
  return {
    to: header('to'),
    deliveredTo: header('delivered-to'),
    originalTo: header('x-original-to'),
    envelopeTo: header('envelope-to'),
  };
}
