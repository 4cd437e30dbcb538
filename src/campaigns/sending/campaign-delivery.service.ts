import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { BouncesService } from '../../bounces/bounces.service.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DateHeaderClock } from '../../delivery/date-header.js';
import {
  DeliveriesRepository,
  type DeliveryRange,
  type Recipient,
} from '../../delivery/deliveries.repository.js';
import { Links } from '../../tokens/links.js';
import { MessageRefs } from '../../tokens/message-refs.js';
import { type Mailer, MAILER, PermanentMailError } from '../../delivery/mailer.js';
import type { MimeTemplate } from '../../delivery/mime-template.js';
import { temporaryReply } from '../../delivery/smtp-errors.js';
import { TokenBucket } from '../../delivery/token-bucket.js';
import { SendLatencyRecorder } from '../../delivery/send-latency.recorder.js';
import { SentLedger } from '../../delivery/sent-ledger.js';
import { enqueue } from '../../queues/enqueue.js';
import { JOBS, QUEUES } from '../../queues/queue-names.js';
import {
  CampaignRenderError,
  CampaignRenderer,
  type CompiledCampaign,
} from '../campaign-renderer.service.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import type { Campaign } from '../entities/campaign.entity.js';
import { parseSubjectTest } from '../subject-test.js';
import { SubjectTestService } from '../subject-test.service.js';
import { LeaseKeeper } from './lease-keeper.js';
import { SentRows } from './sent-rows.js';

const STATUS_CHECK_MS = 1000;

interface CompiledMessage {
  list: CompiledCampaign['list'];
  mime: MimeTemplate;
}

/** A campaign's messages, ready to send: one per subject its rows may get. */
interface SendableCampaign {
  list: CompiledCampaign['list'];
  /** The message of a row's test group (null: the campaign's subject, a test's winner). */
  mimeFor(group: number | null): MimeTemplate;
}

/**
 * The send pipeline, worker side. Fan-out streams the eligible recipients by keyset
 * pages into one delivery row each (unique per campaign × subscriber) and queues a batch job per
 * few hundred rows. A batch claims its rows (pending → sending, with a claim id) in one update,
 * renders each message from the campaign's compiled template, sends, and writes the sent rows in
 * groups. A retried, stalled or duplicated batch finds its rows claimed and sends nothing twice.
 * The claim is a lease the sending worker renews; a dead worker's lapses within LEASE_SECONDS and
 * its rows are taken again, minus what the sent ledger shows it had sent.
 */
@Injectable()
export class CampaignDeliveryService {
  private readonly logger = new Logger(CampaignDeliveryService.name);
  /** Compiled messages by campaign and subject (`<campaign id>:<subject>`). */
  private readonly compiled = new Map<string, Promise<CompiledMessage>>();
  private readonly clock = new DateHeaderClock();
  private readonly bucket: TokenBucket;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderer: CampaignRenderer,
    private readonly links: Links,
    private readonly refs: MessageRefs,
    private readonly bounces: BouncesService,
    private readonly latency: SendLatencyRecorder,
    private readonly ledger: SentLedger,
    private readonly subjectTests: SubjectTestService,
  ) {
    this.bucket = new TokenBucket(config.SEND_RATE_PER_WORKER);
  }

  /** A batch the fan-out queued: the campaign's rows for subscribers in [first, last]. */
  sendRange(campaignId: number, firstSubscriberId: number, lastSubscriberId: number) {
    return this.sendClaimable(campaignId, {
      by: 'subscriber_id',
      first: firstSubscriberId,
      last: lastSubscriberId,
    });
  }

  /** A batch named by delivery ids, as earlier versions queued them. */
  sendBatch(campaignId: number, firstDeliveryId: number, lastDeliveryId: number) {
    return this.sendClaimable(campaignId, {
      by: 'id',
      first: firstDeliveryId,
      last: lastDeliveryId,
    });
  }

  private async sendClaimable(campaignId: number, range: DeliveryRange): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return; // paused or cancelled: rows stay as they are
    // Rendered before any row is claimed: a digest that cannot be made fails the campaign, and
    // leaves no row claimed by a batch that can never send it.
    const sendable = await this.sendable(campaign);
    if (!sendable) return;
    const claim = randomUUID();
    if ((await this.claim(campaignId, claim, range)) > 0) {
      await this.sendClaimed(campaign, claim, sendable);
    }
    await this.lookAgainAfterLease(campaignId, range, claim);
    await this.finishIfDone(campaignId);
  }

  /**
   * Rows of the range still held under another claim: their worker is sending them, or it died and
   * its lease has not lapsed yet. A job runs again once it will have; if the worker is alive by
   * then, its renewed lease sends that job to look again later, until the rows are done.
   */
  private async lookAgainAfterLease(campaignId: number, range: DeliveryRange, claim: string) {
    const renewed = await this.deliveries.lastRenewalElsewhere(campaignId, range, claim);
    if (!renewed) return;
    const lapses = renewed.getTime() + this.config.LEASE_SECONDS * 1000;
    const options = { delay: Math.max(1000, lapses - Date.now() + 1000) };
    const label = `lease-${renewed.getTime()}`;
    if (range.by === 'subscriber_id') {
      const data = { campaignId, firstSubscriberId: range.first, lastSubscriberId: range.last };
      const jobId = `range-${campaignId}-${range.first}-${label}`;
      await enqueue(this.queue, JOBS.sendRange, data, { ...options, jobId });
    } else {
      const data = { campaignId, firstDeliveryId: range.first, lastDeliveryId: range.last };
      const jobId = `batch-${campaignId}-${range.first}-${label}`;
      await enqueue(this.queue, JOBS.sendBatch, data, { ...options, jobId });
    }
  }

  async retryDelivery(campaignId: number, deliveryId: number): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return;
    const sendable = await this.sendable(campaign);
    if (!sendable) return;
    const claim = randomUUID();
    const range: DeliveryRange = { by: 'id', first: deliveryId, last: deliveryId };
    if ((await this.claim(campaignId, claim, range)) === 0) return;
    await this.sendClaimed(campaign, claim, sendable);
    await this.finishIfDone(campaignId);
  }

  /** The campaign is sent once it is fanned out and no row is pending or being sent. */
  async finishIfDone(campaignId: number): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending' || !campaign.fanoutDone) return;
    if (await this.deliveries.hasOpen(campaignId)) return;
    if (campaign.subjectTest) {
      // The test groups are sent: the rest of the list waits for the choice.
      if (campaign.winner === null) return this.subjectTests.testGroupsSent(campaign);
      // Chosen, but the rest was not released (the chooser stopped in between): release it now.
      if (await this.subjectTests.releaseRest(campaign.id)) return;
      // The chooser may be releasing it right now: sent only if nothing is left, in one statement.
      if (await this.campaigns.finishSubjectTest(campaignId)) this.forget(campaignId);
      return;
    }
    await this.campaigns.transition(campaignId, ['sending'], 'sent', { finishedAt: new Date() });
    this.forget(campaignId);
  }

  /**
   * The campaign's message, rendered once per process; null when its digest cannot be made, in
   * which case the campaign is now `failed` with the reason. A database error is thrown (retried).
   */
  async sendable(campaign: Campaign): Promise<SendableCampaign | null> {
    try {
      return await this.messages(campaign);
    } catch (error) {
      if (!(error instanceof CampaignRenderError)) throw error;
      await this.fail(campaign.id, error.message);
      return null;
    }
  }

  /**
   * A campaign that cannot be sent stops visibly: `failed` with the reason (the API and its page
   * show it), its pending rows cancelled, the reason logged. Never left `sending` for ever.
   */
  private async fail(campaignId: number, reason: string): Promise<void> {
    this.forget(campaignId);
    const failed = await this.campaigns.transition(campaignId, ['sending', 'scheduled'], 'failed', {
      failureReason: reason.slice(0, 2000),
      finishedAt: new Date(),
    });
    if (!failed) return; // paused, cancelled or failed meanwhile: whoever moved it first wins
    await this.deliveries.cancelPending(campaignId);
    this.logger.error(`campaign ${campaignId} failed: ${reason}`);
  }

  private async sendClaimed(
    campaign: Campaign,
    claim: string,
    sendable: SendableCampaign,
  ): Promise<void> {
    // A subject test's rest is released only after its winner is written: read the campaign
    // again now that the rows are claimed, so a row released meanwhile gets the winner.
    if (campaign.subjectTest) {
      const current = await this.campaign(campaign.id);
      const messages = current && (await this.sendable(current));
      if (!current || !messages) return; // failed meanwhile: its open rows are cancelled
      campaign = current;
      sendable = messages;
    }
    const { mimeFor, list } = sendable;
    const recipients = await this.eligibleClaimed(campaign, claim);
    const sent = new SentRows(campaign.id, this.deliveries, this.ledger);
    const lease = new LeaseKeeper(claim, this.deliveries, this.config.LEASE_SECONDS, this.logger);
    let lastCheck = Date.now();
    try {
      for (let index = 0; index < recipients.length; index++) {
        const recipient = recipients[index];
        // Another worker took these rows (this one stalled past its lease): they are its to send.
        if (lease.lost) break;
        if (Date.now() - lastCheck > STATUS_CHECK_MS) {
          lastCheck = Date.now();
          const status = (await this.campaign(campaign.id))?.status;
          if (status !== 'sending') {
            await sent.flush();
            await this.release(
              recipients.slice(index),
              status === 'cancelled' ? 'cancelled' : 'pending',
            );
            return;
          }
        }
        await this.bucket.take();
        try {
          const started = performance.now();
          const ref = this.refs.signed({
            kind: 'campaign',
            campaignId: campaign.id,
            subscriberId: recipient.subscriberId,
          });
          const mailto = this.links.unsubscribeMailto(recipient.subscriberId, list.id);
          await this.mailer.send({
            to: recipient.email,
            envelopeFrom: this.refs.envelopeSender(ref),
            raw: mimeFor(recipient.testGroup).render({
              to: recipient.email,
              date: this.clock.date(),
              message_id: `campaign.${campaign.id}.${recipient.subscriberId}@${this.links.mailDomain}`,
              ref,
              unsubscribe_url: this.links.unsubscribe(recipient.subscriberId, list.id),
              preferences_url: this.links.preferences(recipient.subscriberId),
              ...(mailto ? { unsubscribe_mailto: mailto } : {}),
            }),
          });
          this.latency.observe((performance.now() - started) / 1000);
          sent.add(recipient.deliveryId);
        } catch (error) {
          await this.handleFailure(campaign.id, recipient, error, async () => {
            await sent.flush();
            await this.release(recipients.slice(index), 'pending');
          });
        }
        if (sent.due) await sent.flush();
      }
      await sent.flush();
    } finally {
      lease.stop();
    }
  }

  /**
   * 5xx: failed with the server's reply, and a hard bounce is suppressed. 4xx for this recipient:
   * back to pending, retried alone with backoff. Anything else (the server is down): the rest of
   * the batch goes back to pending and the error is thrown, so BullMQ retries the batch.
   */
  private async handleFailure(
    campaignId: number,
    recipient: Recipient,
    error: unknown,
    abortBatch: () => Promise<void>,
  ) {
    if (error instanceof PermanentMailError) {
      await this.deliveries.markFailed(
        recipient.deliveryId,
        `${error.responseCode} ${error.message}`.slice(0, 1000),
      );
      await this.bounces.recordRefusal(
        { campaignId, subscriberId: recipient.subscriberId, email: recipient.email },
        error.responseCode,
        error.message,
      );
      return;
    }
    const temporary = temporaryReply(error);
    if (!temporary) {
      await abortBatch();
      throw error;
    }
    const deliveryId = recipient.deliveryId;
    const attempts = await this.deliveries.attempts(deliveryId);
    const reason = `${temporary.code} ${temporary.message}`.slice(0, 1000);
    if (attempts >= this.config.DELIVERY_MAX_ATTEMPTS) {
      await this.deliveries.markFailed(deliveryId, reason);
      return;
    }
    await this.deliveries.markRetry(deliveryId, reason);
    await enqueue(
      this.queue,
      JOBS.retryDelivery,
      { campaignId, deliveryId },
      {
        delay: 2 ** (attempts - 1) * this.config.DELIVERY_RETRY_BASE_MS,
        jobId: `retry-${deliveryId}-${attempts}`,
      },
    );
  }

  private async release(recipients: Recipient[], status: 'pending' | 'cancelled'): Promise<void> {
    if (recipients.length === 0) return;
    await this.deliveries.release(
      recipients.map((r) => r.deliveryId),
      status,
    );
  }

  /**
   * The range's open rows, now this batch's: pending ones, and those whose lease lapsed (their
   * worker died). Of the latter, what the sent ledger shows went out is not sent again.
   */
  private claim(campaignId: number, claim: string, range: DeliveryRange): Promise<number> {
    const lapsed = new Date(Date.now() - this.config.LEASE_SECONDS * 1000);
    return this.deliveries.claim(campaignId, claim, range, lapsed);
  }

  /**
   * The claimed rows to send: those whose subscriber may still get the campaign and whose message
   * did not already go out under a lease that lapsed. The others are skipped, or recorded sent.
   */
  private async eligibleClaimed(campaign: Campaign, claim: string): Promise<Recipient[]> {
    const { recipients, ineligible } = await this.deliveries.claimedRecipients(
      claim,
      campaign.listId,
    );
    if (ineligible.length) await this.deliveries.markSkipped(ineligible);
    const ids = recipients.map((recipient) => recipient.deliveryId);
    const alreadySent = await this.ledger.sentAmong(campaign.id, ids);
    if (alreadySent.size === 0) return recipients;
    await this.deliveries.markSent([...alreadySent]);
    await this.ledger.forget(campaign.id, [...alreadySent]);
    return recipients.filter((recipient) => !alreadySent.has(recipient.deliveryId));
  }

  /** Every subject the campaign's rows may get: its own, and a subject test's. */
  private async messages(campaign: Campaign): Promise<SendableCampaign> {
    const groups = parseSubjectTest(campaign.subjectTest)?.subjects ?? [];
    const [main, ...tested] = await Promise.all(
      [campaign.subject, ...groups].map((subject) => this.compile(campaign, subject)),
    );
    return {
      list: main.list,
      mimeFor: (group) => (group === null ? main : (tested[group] ?? main)).mime,
    };
  }

  private compile(campaign: Campaign, subject: string): Promise<CompiledMessage> {
    const key = `${campaign.id}:${subject}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = this.renderer
        .compile(campaign, campaign.startedAt ? new Date(campaign.startedAt) : new Date(), {
          subject,
        })
        .then((done) => ({
          list: done.list,
          mime: this.renderer.message(campaign, done, subject),
        }));
      compiled.catch(() => this.compiled.delete(key));
      this.compiled.set(key, compiled);
      if (this.compiled.size > 20) this.compiled.delete(this.compiled.keys().next().value!);
    }
    return compiled;
  }

  private forget(campaignId: number): void {
    for (const key of this.compiled.keys()) {
      if (key.startsWith(`${campaignId}:`)) this.compiled.delete(key);
    }
  }

  private campaign(id: number): Promise<Campaign | null> {
    return this.campaigns.byId(id);
  }
}
