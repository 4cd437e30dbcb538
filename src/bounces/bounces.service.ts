import { Injectable, Logger } from '@nestjs/common';
import { normalizeEmail } from '../common/email-address.js';
import { emailHash } from '../common/email-hash.js';
import { invalidFields } from '../common/zod-body.js';
import type { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { MembershipService } from '../subscribers/membership.service.js';
import { SubscribersRepository } from '../subscribers/subscribers.repository.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { bounceType, isStrike, SOFT_BOUNCE_LIMIT, SOFT_BOUNCE_WINDOW_MS } from './bounce-policy.js';
import { BouncesRepository } from './bounces.repository.js';
import type { BounceOutcome, BounceType } from './entities/bounce.entity.js';
import {
  type BounceReading,
  type ClassifiedRecipient,
  isFailure,
  readBounce,
} from './reading/read-bounce.js';
import { messageKey, ReportMatcher, type SentMessage } from './report-matcher.js';
import { classifyRefusal } from './smtp-refusal.js';

export { SOFT_BOUNCE_LIMIT } from './bounce-policy.js';

/** A report from a trusted source (an ESP's webhook, behind WEBHOOK_SECRET): acted on as it says. */
export interface BounceReport {
  email: string;
  type: 'hard' | 'soft' | 'complaint';
  reason?: string;
  messageId?: string | null;
  ref?: string | null;
}

export type BounceAction = BounceOutcome;

/** What one report did to one recipient. */
export interface RecipientOutcome {
  email: string;
  type: BounceType;
  action: BounceAction;
  /** Sisimai's reason (`userunknown`, `spamdetected` …) or `feedback` for a complaint. */
  reason?: string;
  status?: string;
  campaignId?: number;
  /** Why nothing was done, when nothing was. */
  why?: string;
}

export interface ReportOutcome {
  kind: BounceReading['kind'];
  /** The reader that understood it (`exim`, `rfc3464`, `arf` …). */
  readBy: string;
  processed: RecipientOutcome[];
}

/** One finding about one address, ready to be recorded and acted on. */
interface Finding {
  email: string;
  subscriber: Subscriber | null;
  type: BounceType;
  reasonCode: string;
  status: string;
  diagnostic: string;
  strike: boolean;
  messageRef: string | null;
  messageId: string | null;
  campaignId: number | null;
}

/**
 * What bounces and complaints do to an address (docs/architecture.md, "Bounces"). Hard: suppressed
 * at once. Soft: recorded; the third from different messages within 7 days suppresses. Blocked
 * (the sender's problem): recorded, shown to editors, never suppresses. Complaint: unsubscribed
 * from every list and suppressed. A raw report acts only on recipients it matches to a message
 * we sent; the rest are recorded as unmatched.
 */
@Injectable()
export class BouncesService {
  private readonly logger = new Logger(BouncesService.name);

  constructor(
    private readonly bounces: BouncesRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly suppressions: SuppressionService,
    private readonly membership: MembershipService,
    private readonly matcher: ReportMatcher,
  ) {}

  /** A trusted report (the JSON webhook): the address is taken at its word. */
  async record(
    report: BounceReport,
    now = new Date(),
  ): Promise<{ email: string; type: BounceType; action: BounceAction }> {
    const checked = normalizeEmail(report.email);
    if (!checked.ok) throw invalidFields({ email: checked.reason });
    const email = checked.email;
    const campaignId = this.matcher.campaignNamed(report.messageId ?? null, report.ref ?? null);
    const { type, action } = await this.apply(
      {
        email,
        subscriber: await this.subscribers.byEmail(email),
        type: report.type,
        reasonCode: report.type === 'complaint' ? 'feedback' : '',
        status: '',
        diagnostic: report.reason ?? '',
        strike: report.type === 'soft',
        messageRef: campaignId === null ? null : `c${campaignId}`,
        messageId: report.messageId ?? null,
        campaignId,
      },
      now,
    );
    return { email, type, action };
  }

  /**
   * Our relay refused a campaign's recipient outright (5xx): recorded like a report of that
   * message, and acted on by the same rules.
   */
  async recordRefusal(
    refusal: { campaignId: number; subscriberId: number; email: string },
    replyCode: number,
    message: string,
    now = new Date(),
  ): Promise<{ type: BounceType; action: BounceAction }> {
    const recipient = classifyRefusal(refusal.email, replyCode, message);
    return this.apply(
      {
        email: refusal.email,
        subscriber: await this.subscribers.byId(refusal.subscriberId),
        type: bounceType(recipient),
        reasonCode: recipient.reason,
        status: recipient.status,
        diagnostic: `${replyCode} ${message}`,
        strike: isStrike(recipient),
        messageRef: `c${refusal.campaignId}`,
        messageId: null,
        campaignId: refusal.campaignId,
      },
      now,
    );
  }

  /**
   * A raw report as an MTA or a mailbox hands it over: read, matched to what we sent, acted on
   * per recipient. Throws BounceMessageRefused past the bounds (size, depth, recipients).
   */
  async process(raw: Buffer | string, now = new Date()): Promise<ReportOutcome> {
    const reading = await readBounce(raw);
    const base = { kind: reading.kind, readBy: reading.readBy };
    if (reading.kind === 'none' || reading.kind === 'auto-reply') return { ...base, processed: [] };
    const messages = await this.matcher.sentMessages(reading);
    const processed: RecipientOutcome[] = [];
    if (reading.kind === 'feedback') {
      // A complaint may name nobody (redacted): our signature in the copy names the reader.
      const named = reading.recipients.map((recipient) => recipient.recipient);
      const signed = messages.find((message) => message.signed);
      const complainers = named.length > 0 ? named : signed ? [signed.subscriber.email] : [];
      for (const email of complainers) {
        processed.push(
          await this.act(email, messages, now, {
            type: 'complaint',
            reasonCode: 'feedback',
            status: '',
            diagnostic: `feedback report: ${reading.feedbackType ?? 'abuse'}`,
            strike: false,
          }),
        );
      }
      if (complainers.length === 0) {
        processed.push({
          email: '',
          type: 'complaint',
          action: 'unmatched',
          reason: 'feedback',
          why: 'the complaint names no recipient and carries no signed reference of ours',
        });
      }
      return { ...base, processed };
    }
    for (const recipient of reading.recipients) {
      if (!isFailure(recipient)) {
        processed.push({
          email: recipient.recipient,
          type: 'soft',
          action: 'ignored',
          reason: recipient.reason,
          status: recipient.status,
          why: `the report says ${recipient.action}, not a failure`,
        });
        continue;
      }
      processed.push(
        await this.act(recipient.recipient, messages, now, {
          type: bounceType(recipient),
          reasonCode: recipient.reason,
          status: recipient.status,
          diagnostic: withCodes(recipient),
          strike: isStrike(recipient),
        }),
      );
    }
    return { ...base, processed };
  }

  /** Matches one recipient of a raw report and acts on it, or records it as unmatched. */
  private async act(
    reported: string,
    messages: SentMessage[],
    now: Date,
    finding: Pick<Finding, 'type' | 'reasonCode' | 'status' | 'diagnostic' | 'strike'>,
  ): Promise<RecipientOutcome> {
    const match = this.matcher.match(reported, messages);
    const described = {
      reason: finding.reasonCode,
      ...(finding.status ? { status: finding.status } : {}),
    };
    if (!match.matched) {
      await this.bounces.add({
        emailHash: emailHash(reported.toLowerCase()),
        type: finding.type,
        reason: finding.diagnostic.slice(0, 1000),
        reasonCode: finding.reasonCode,
        status: finding.status,
        outcome: 'unmatched',
        strike: false,
        messageRef: null,
        messageId: null,
        campaignId: null,
        subscriberId: null,
        createdAt: now,
      });
      this.logger.warn(`unmatched ${finding.type} report for ${reported}: ${match.why}`);
      return {
        email: reported,
        type: finding.type,
        action: 'unmatched',
        ...described,
        why: match.why,
      };
    }
    const { subscriber, ref } = match.message;
    const campaignId = ref.kind === 'campaign' ? ref.campaignId : null;
    const { type, action } = await this.apply(
      {
        ...finding,
        email: subscriber.email,
        subscriber,
        messageRef: messageKey(ref),
        messageId: null,
        campaignId,
      },
      now,
    );
    return {
      email: subscriber.email,
      type,
      action,
      ...described,
      ...(campaignId === null ? {} : { campaignId }),
    };
  }

  private async apply(
    finding: Finding,
    now: Date,
  ): Promise<{ type: BounceType; action: BounceAction }> {
    const { email, subscriber, type } = finding;
    const detail = finding.diagnostic.slice(0, 1000);
    const bounceId = await this.bounces.add({
      emailHash: emailHash(email),
      type,
      reason: detail,
      reasonCode: finding.reasonCode,
      status: finding.status,
      outcome: 'recorded',
      strike: finding.strike,
      messageRef: finding.messageRef,
      messageId: finding.messageId?.slice(0, 500) ?? null,
      campaignId: finding.campaignId,
      subscriberId: subscriber?.id ?? null,
      createdAt: now,
    });
    const finish = async (action: BounceAction) => {
      if (action !== 'recorded') await this.bounces.setOutcome(bounceId, action);
      return { type, action };
    };
    if (type === 'hard') {
      await this.suppressions.add(email, 'hard_bounce', true, detail, bounceId);
      return finish('suppressed');
    }
    if (type === 'complaint') {
      if (subscriber) await this.membership.unsubscribe(subscriber.id, 0);
      await this.suppressions.add(email, 'complaint', true, detail, bounceId);
      return finish('unsubscribed and suppressed');
    }
    if (!finding.strike) return finish('recorded');
    const strikes = await this.bounces.countStrikesSince(
      emailHash(email),
      new Date(now.getTime() - SOFT_BOUNCE_WINDOW_MS),
    );
    if (strikes < SOFT_BOUNCE_LIMIT) return finish('recorded');
    await this.suppressions.add(
      email,
      'soft_bounce',
      true,
      `${strikes} soft bounces within 7 days; the last: ${detail}`,
      bounceId,
    );
    return finish('suppressed');
  }
}

/** The server's words, led by the reply and status codes unless its words already carry them. */
function withCodes(recipient: ClassifiedRecipient): string {
  const { replyCode, status, diagnostic } = recipient;
  const missing = [replyCode, status].filter((code) => code && !diagnostic.includes(code));
  return [...missing, diagnostic].filter(Boolean).join(' ');
}
