import type { DeliveryStatusRecipient } from './report-parser.js';
import type { BounceType } from './entities/bounce.entity.js';

/**
 * A failed delivery with a permanent (5.x.x) status is a hard bounce, but for a full mailbox
 * (5.2.2), which empties again; a delay, or a failure with a 4.x.x status, is soft. Delivered,
 * relayed and expanded are not bounces at all.
 */
export function bounceKind(recipient: DeliveryStatusRecipient): BounceType | null {
  if (recipient.action === 'delayed') return 'soft';
  if (recipient.action !== 'failed') return null;
  if (recipient.status.startsWith('5.') && recipient.status !== '5.2.2') return 'hard';
  return 'soft';
}

/** The campaign and subscriber a message was, from our Message-ID or X-Nashra-Ref. */
export function messageOrigin(
  messageId: string | null | undefined,
  ref?: string | null,
): { campaignId: number; subscriberId: number } | null {
  const fromId = /campaign\.(\d+)\.(\d+)@/.exec(messageId ?? '');
  const fromRef = /^c(\d+)\.s(\d+)$/.exec(ref?.trim() ?? '');
  const match = fromId ?? fromRef;
  return match ? { campaignId: Number(match[1]), subscriberId: Number(match[2]) } : null;
}
