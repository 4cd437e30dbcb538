/**
 * Complaint reports: RFC 5965 (ARF) message/feedback-report parts, and the ARF-like forms some
 * providers send without that part (Microsoft's "complaint about message from", abuse desks that
 * forward the message). Formats as documented by Sisimai (`lib/sisimai/arf.rb`).
 */
import type { BounceMessage } from './failed-recipient.js';
import { recipientAddress } from './delivery-status-fields.js';

export interface Complaint {
  feedbackType: string;
  /** The complainers: Original-Rcpt-To / Removal-Recipient, else the returned message's To. */
  recipients: string[];
}

export function readComplaint(message: BounceMessage): Complaint | null {
  if (message.feedbackReport !== null) return fromFeedbackReport(message, message.feedbackReport);
  if (isComplaintForm(message)) return { feedbackType: 'abuse', recipients: [] };
  return null;
}

function fromFeedbackReport(message: BounceMessage, report: string): Complaint {
  const feedbackType =
    /^Feedback-Type:[ \t]*([A-Za-z-]+)/im.exec(report)?.[1].toLowerCase() ?? 'abuse';
  const named = [...report.matchAll(/^(?:Original-Rcpt-To|Removal-Recipient):[ \t]*(.+)$/gim)]
    .flatMap((match) => match[1].split(','))
    .map((value) => recipientAddress(value.trim()))
    .filter((address) => address !== '');
  if (named.length > 0) return { feedbackType, recipients: unique(named) };
  const to = recipientAddress(angleAddress(message.returnedHeaders?.get('to') ?? ''));
  return { feedbackType, recipients: to === '' ? [] : [to] };
}

/** Hotmail/Outlook's and forwarding abuse desks' complaints carry no feedback-report part. */
function isComplaintForm(message: BounceMessage): boolean {
  if (message.returnedHeaders === null) return false;
  const subject = message.subject.toLowerCase();
  if (message.from.endsWith('@hotmail.com') && subject.includes('complaint about message from'))
    return true;
  return (
    /^(abuse report|complaint about message from)/.test(subject) && message.deliveryStatus === null
  );
}

function angleAddress(value: string): string {
  return /<([^<>]+)>/.exec(value)?.[1] ?? value.trim();
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((address) => address.toLowerCase()))];
}
