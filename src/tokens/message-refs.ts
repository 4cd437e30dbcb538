import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import addressparser from 'nodemailer/lib/addressparser';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Which message we sent: a campaign's to one subscriber, or one row of the outbox. */
export type MessageRef =
  | { kind: 'campaign'; campaignId: number; subscriberId: number }
  | { kind: 'outbox'; emailId: number; subscriberId: number };

/** A reference read back from a report, and whether its signature proved it ours. */
export interface ReadRef {
  ref: MessageRef;
  signed: boolean;
}

const TAG = /^([ct])(\d{1,12})\.s(\d{1,12})(?:\.([0-9a-f]{12}))?$/;

/**
 * The references every message carries back in a bounce (docs/architecture.md, "Bounces"):
 * the envelope sender (VERP, `newsletter+b.c12.s345.<sig>@example.com`) and `X-Nashra-Ref`
 * (`c12.s345.<sig>`). The signature is 48 bits of HMAC under APP_SECRET: a report carrying a
 * valid one was written by whoever received that very message, so it cannot be aimed at anyone
 * else. Lower-case hex, because some MTAs lower-case the local part.
 */
@Injectable()
export class MessageRefs {
  private readonly key: Buffer;
  private readonly local: string;
  private readonly domain: string;

  constructor(
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'APP_SECRET' | 'BOUNCE_ADDRESS' | 'MAIL_FROM'>,
  ) {
    this.key = Buffer.from(`verp:${config.APP_SECRET}`, 'utf8');
    const base = config.BOUNCE_ADDRESS ?? firstAddress(config.MAIL_FROM);
    const at = base.lastIndexOf('@');
    this.local = base.slice(0, at);
    this.domain = base.slice(at + 1);
  }

  /** BOUNCE_ADDRESS itself: the envelope sender of mail that names no subscriber (test copies). */
  get bounceAddress(): string {
    return `${this.local}@${this.domain}`;
  }

  /** The per-message envelope sender, from the reference `signed()` made (one HMAC per message). */
  envelopeSender(signedRef: string): string {
    return `${this.local}+b.${signedRef}@${this.domain}`;
  }

  /** The X-Nashra-Ref header's value. */
  signed(ref: MessageRef): string {
    const body = tag(ref);
    return `${body}.${this.signature(body)}`;
  }

  /** A VERP address of ours with a valid signature; null for any other address. */
  fromEnvelopeSender(address: string): MessageRef | null {
    const at = address.lastIndexOf('@');
    if (at < 0 || address.slice(at + 1).toLowerCase() !== this.domain.toLowerCase()) return null;
    const local = address.slice(0, at).toLowerCase();
    const marker = local.lastIndexOf('+b.');
    if (marker < 0 || local.slice(0, marker) !== this.local.toLowerCase()) return null;
    const read = this.fromRef(local.slice(marker + 3));
    return read?.signed ? read.ref : null;
  }

  /** An X-Nashra-Ref value: signed when its signature checks, unsigned as older messages wrote it. */
  fromRef(value: string): ReadRef | null {
    const match = TAG.exec(value.trim().toLowerCase());
    if (!match) return null;
    const [, kind, id, subscriber, signature] = match;
    const ref: MessageRef =
      kind === 'c'
        ? { kind: 'campaign', campaignId: Number(id), subscriberId: Number(subscriber) }
        : { kind: 'outbox', emailId: Number(id), subscriberId: Number(subscriber) };
    if (signature === undefined) return { ref, signed: false };
    const expected = Buffer.from(this.signature(tag(ref)), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given)
      ? { ref, signed: true }
      : null;
  }

  private signature(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('hex').slice(0, 12);
  }
}

function tag(ref: MessageRef): string {
  return ref.kind === 'campaign'
    ? `c${ref.campaignId}.s${ref.subscriberId}`
    : `t${ref.emailId}.s${ref.subscriberId}`;
}

function firstAddress(value: string): string {
  const [first] = addressparser(value) as { address?: string }[];
  return first?.address ?? value;
}
