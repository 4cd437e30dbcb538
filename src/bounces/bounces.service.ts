import { Injectable } from '@nestjs/common';
import { normalizeEmail } from '../common/email-address.js';
import { emailHash } from '../common/email-hash.js';
import { invalidFields } from '../common/zod-body.js';
import { MembershipService } from '../subscribers/membership.service.js';
import { SubscribersRepository } from '../subscribers/subscribers.repository.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { messageOrigin } from './bounce-kind.js';
import { BouncesRepository } from './bounces.repository.js';
import type { BounceType } from './entities/bounce.entity.js';

export interface BounceReport {
  email: string;
  type: BounceType;
  reason?: string;
  messageId?: string | null;
  ref?: string | null;
}

export type BounceAction = 'suppressed' | 'recorded' | 'unsubscribed and suppressed';

/** Soft bounces this many times within the window suppress the address. */
export const SOFT_BOUNCE_LIMIT = 3;
const SOFT_BOUNCE_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Hard bounce → suppressed. Soft bounce → recorded; the third within 7 days suppresses.
 * Complaint → unsubscribed from every list and suppressed. Every later send skips a suppressed
 * address, and no signup or import brings it back.
 */
@Injectable()
export class BouncesService {
  constructor(
    private readonly bounces: BouncesRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly suppressions: SuppressionService,
    private readonly membership: MembershipService,
  ) {}

  async record(
    report: BounceReport,
    now = new Date(),
  ): Promise<{ email: string; type: BounceType; action: BounceAction }> {
    const checked = normalizeEmail(report.email);
    if (!checked.ok) throw invalidFields({ email: checked.reason });
    const email = checked.email;
    const reason = (report.reason ?? '').slice(0, 1000);
    const origin = messageOrigin(report.messageId, report.ref);
    const subscriber = await this.subscribers.byEmail(email);
    await this.bounces.add({
      emailHash: emailHash(email),
      type: report.type,
      reason,
      messageId: report.messageId?.slice(0, 500) ?? null,
      campaignId: origin?.campaignId ?? null,
      subscriberId: subscriber?.id ?? null,
      createdAt: now,
    });
    if (report.type === 'hard') {
      await this.suppressions.add(email, 'hard_bounce', true, reason);
      return { email, type: report.type, action: 'suppressed' };
    }
    if (report.type === 'complaint') {
      if (subscriber) await this.membership.unsubscribe(subscriber.id, 0);
      await this.suppressions.add(email, 'complaint', true, reason);
      return { email, type: report.type, action: 'unsubscribed and suppressed' };
    }
    const recent = await this.bounces.countSoftSince(
      emailHash(email),
      new Date(now.getTime() - SOFT_BOUNCE_WINDOW_MS),
    );
    if (recent < SOFT_BOUNCE_LIMIT) return { email, type: report.type, action: 'recorded' };
    await this.suppressions.add(
      email,
      'soft_bounce',
      true,
      `${recent} soft bounces within 7 days; the last: ${reason}`,
    );
    return { email, type: report.type, action: 'suppressed' };
  }
}
