import { Injectable } from '@nestjs/common';
import { emailKey } from '../common/email-address.js';
import { DeliveriesRepository } from '../delivery/deliveries.repository.js';
import type { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { OutboxRepository } from '../subscribers/outbox.repository.js';
import { SubscribersRepository } from '../subscribers/subscribers.repository.js';
import { Links } from '../tokens/links.js';
import { type MessageRef, MessageRefs } from '../tokens/message-refs.js';
import type { BounceReading } from './reading/read-bounce.js';

/** A message we sent, named by a report, and the subscriber it went to. */
export interface SentMessage {
  ref: MessageRef;
  subscriber: Subscriber;
  /** Proven by our signature (VERP or a signed X-Nashra-Ref), or only named (Message-ID). */
  signed: boolean;
}

export type RecipientMatch =
  { matched: true; message: SentMessage } | { matched: false; why: string };

/** `c12` or `t9`: one message, so that its repeated reports count once. */
export function messageKey(ref: MessageRef): string {
  return ref.kind === 'campaign' ? `c${ref.campaignId}` : `t${ref.emailId}`;
}

/** A message a report names: by our reference, or (older Message-IDs) by consent and kind. */
type Named =
  | { ref: MessageRef; signed: boolean }
  | {
      consent: { consentId: number; kind: 'confirm' | 'welcome'; subscriberId: number };
      signed: false;
    };

const ADDRESS = /[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g;

/**
 * Anyone can write a bounce, so a report acts on a recipient only when it matches a message we
 * sent to that address (docs/architecture.md, "Bounces"): by our signed VERP envelope sender or
 * signed X-Nashra-Ref — which only the receiver of that very message can know — or by our
 * Message-ID naming that subscriber and that address. Either way the message must have gone out.
 */
@Injectable()
export class ReportMatcher {
  constructor(
    private readonly refs: MessageRefs,
    private readonly links: Links,
    private readonly deliveries: DeliveriesRepository,
    private readonly outbox: OutboxRepository,
    private readonly subscribers: SubscribersRepository,
  ) {}

  /** The messages of ours the report names and that went out, signed ones first. */
  async sentMessages(reading: BounceReading): Promise<SentMessage[]> {
    const named: Named[] = [];
    const { envelope, original } = reading;
    const carriers = [
      envelope.to,
      envelope.deliveredTo,
      envelope.originalTo,
      envelope.envelopeTo,
      original.returnPath,
    ];
    for (const carrier of carriers) {
      for (const address of (carrier ?? '').match(ADDRESS) ?? []) {
        const ref = this.refs.fromEnvelopeSender(address);
        if (ref) named.push({ ref, signed: true });
      }
    }
    const fromHeader = original.ref ? this.refs.fromRef(original.ref) : null;
    if (fromHeader) named.push(fromHeader);
    const fromId = this.fromMessageId(original.messageId);
    if (fromId) named.push(fromId);

    const found: SentMessage[] = [];
    const seen = new Set<string>();
    for (const name of named.sort((a, b) => Number(b.signed) - Number(a.signed))) {
      const ref = await this.sentRef(name);
      if (!ref) continue;
      const key = `${messageKey(ref)}.s${ref.subscriberId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const subscriber = await this.subscribers.byId(ref.subscriberId);
      if (subscriber) found.push({ ref, subscriber, signed: name.signed });
    }
    return found;
  }

  /**
   * Whom a failed recipient of the report is: the subscriber a message it names went to, and
   * only if the report names that very address. A reference to A's message never acts on B, and
   * an address we never sent to matches nothing, whatever else the report says.
   */
  match(recipient: string, messages: SentMessage[]): RecipientMatch {
    const mailbox = emailKey(recipient);
    const same = messages.find((message) => message.subscriber.emailKey === mailbox);
    if (same) return { matched: true, message: same };
    if (messages.length > 0) {
      return { matched: false, why: 'the message the report returns was sent to another address' };
    }
    return {
      matched: false,
      why: 'the report names no message we sent (no signed return address, X-Nashra-Ref or Message-ID of ours)',
    };
  }

  /** The campaign a trusted report names by our Message-ID or X-Nashra-Ref, signed or not. */
  campaignNamed(messageId: string | null, ref: string | null): number | null {
    const named = [ref ? this.refs.fromRef(ref) : null, this.fromMessageId(messageId)];
    for (const name of named) {
      if (name && 'ref' in name && name.ref.kind === 'campaign') return name.ref.campaignId;
    }
    return null;
  }

  /** `campaign.12.345@host`, or `confirm.7.345@host` (consent 7), on our own mail domain. */
  private fromMessageId(messageId: string | null): Named | null {
    const match = /^<?(campaign|confirm|welcome)\.(\d{1,12})\.(\d{1,12})@([^>\s]+)>?$/i.exec(
      messageId?.trim() ?? '',
    );
    if (!match || match[4].toLowerCase() !== this.links.mailDomain.toLowerCase()) return null;
    const kind = match[1].toLowerCase();
    const [id, subscriberId] = [Number(match[2]), Number(match[3])];
    if (kind === 'campaign') {
      return { ref: { kind: 'campaign', campaignId: id, subscriberId }, signed: false };
    }
    const emailKind = kind === 'confirm' ? 'confirm' : 'welcome';
    return { consent: { consentId: id, kind: emailKind, subscriberId }, signed: false };
  }

  /** The reference, if that message went out to that subscriber; null otherwise. */
  private async sentRef(name: Named): Promise<MessageRef | null> {
    if ('consent' in name) {
      const { consentId, kind, subscriberId } = name.consent;
      const emailId = await this.outbox.sentEmailId({ consentId, kind }, subscriberId);
      return emailId === null ? null : { kind: 'outbox', emailId, subscriberId };
    }
    const { ref } = name;
    if (ref.kind === 'campaign') {
      return (await this.deliveries.wentOut(ref.campaignId, ref.subscriberId)) ? ref : null;
    }
    return (await this.outbox.sentEmailId({ id: ref.emailId }, ref.subscriberId)) === null
      ? null
      : ref;
  }
}
