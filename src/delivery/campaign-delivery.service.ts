import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { CampaignRenderer, type CompiledCampaign } from '../campaigns/campaign-renderer.service.js';
import { Campaign } from '../campaigns/entities/campaign.entity.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';
import { Suppression } from '../subscribers/entities/suppression.entity.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { Delivery } from './entities/delivery.entity.js';
import { DateHeaderClock } from './date-header.js';
import { campaignMessage } from './campaign-message.js';
import { Links } from './links.js';
import { type Mailer, MAILER, PermanentMailError } from './mailer.js';
import type { MimeTemplate } from './mime-template.js';
import { isHardBounce, temporaryReply } from './smtp-errors.js';
import { SendLatencyRecorder } from '../metrics/send-latency.recorder.js';
import { TokenBucket } from './token-bucket.js';

// Sent rows are recorded in groups: at most this many (or 250 ms worth) can go twice after a crash.
const FLUSH_EVERY = 25;
const FLUSH_MS = 250;
const STATUS_CHECK_MS = 1000;

type SendableCampaign = CompiledCampaign & { mime: MimeTemplate };

interface Recipient {
  deliveryId: number;
  subscriberId: number;
  email: string;
}

/**
 * The send pipeline (DESIGN §5), worker side. Fan-out streams the eligible recipients by keyset
 * pages into one delivery row each (unique per campaign × subscriber) and queues a batch job per
 * few hundred rows. A batch claims its rows (pending → sending, with a claim id) in one update,
 * renders each message from the campaign's compiled template, sends, and writes the sent rows in
 * groups. A retried, stalled or duplicated batch finds its rows claimed and sends nothing twice.
 */
@Injectable()
export class CampaignDeliveryService {
  private readonly logger = new Logger(CampaignDeliveryService.name);
  private readonly compiled = new Map<number, Promise<SendableCampaign>>();
  private readonly clock = new DateHeaderClock();
  private readonly bucket: TokenBucket;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderer: CampaignRenderer,
    private readonly links: Links,
    private readonly suppressions: SuppressionService,
    private readonly latency: SendLatencyRecorder,
  ) {
    this.bucket = new TokenBucket(config.SEND_RATE_PER_WORKER);
  }

  /** A batch the fan-out queued: the campaign's rows for subscribers in [first, last]. */
  sendRange(campaignId: number, firstSubscriberId: number, lastSubscriberId: number) {
    return this.sendClaimable(campaignId, 'subscriber_id', firstSubscriberId, lastSubscriberId);
  }

  /** A batch named by delivery ids, as earlier versions queued them. */
  sendBatch(campaignId: number, firstDeliveryId: number, lastDeliveryId: number) {
    return this.sendClaimable(campaignId, 'id', firstDeliveryId, lastDeliveryId);
  }

  private async sendClaimable(
    campaignId: number,
    column: 'id' | 'subscriber_id',
    first: number,
    last: number,
  ): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return; // paused or cancelled: rows stay as they are
    const claim = randomUUID();
    if ((await this.claim(campaignId, claim, column, first, last)) > 0) {
      await this.sendClaimed(campaign, claim);
    }
    await this.finishIfDone(campaignId);
  }

  async retryDelivery(campaignId: number, deliveryId: number): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return;
    const claim = randomUUID();
    if ((await this.claim(campaignId, claim, 'id', deliveryId, deliveryId)) === 0) return;
    await this.sendClaimed(campaign, claim);
    await this.finishIfDone(campaignId);
  }

  /** The campaign is sent once it is fanned out and no row is pending or being sent. */
  async finishIfDone(campaignId: number): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending' || !campaign.fanoutDone) return;
    const open = await this.deliveries.countBy({ campaignId, status: In(['pending', 'sending']) });
    if (open > 0) return;
    await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ status: 'sent', finishedAt: new Date() })
      .where('id = :campaignId AND status = :sending', { campaignId, sending: 'sending' })
      .execute();
    this.compiled.delete(campaignId);
  }

  private async sendClaimed(campaign: Campaign, claim: string): Promise<void> {
    const recipients = await this.eligibleClaimed(campaign, claim);
    const { mime, list } = await this.compile(campaign);
    const sent: number[] = [];
    let lastFlush = Date.now();
    let lastCheck = Date.now();
    const flush = async () => {
      if (sent.length === 0) return;
      await this.deliveries.update(
        { id: In(sent.splice(0)) },
        { status: 'sent', sentAt: new Date(), claim: null },
      );
      lastFlush = Date.now();
    };
    for (let index = 0; index < recipients.length; index++) {
      const recipient = recipients[index];
      if (Date.now() - lastCheck > STATUS_CHECK_MS) {
        lastCheck = Date.now();
        const status = (await this.campaign(campaign.id))?.status;
        if (status !== 'sending') {
          await flush();
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
        await this.mailer.send({
          to: recipient.email,
          raw: mime.render({
            to: recipient.email,
            date: this.clock.date(),
            message_id: `campaign.${campaign.id}.${recipient.subscriberId}@${this.links.mailDomain}`,
            ref: `c${campaign.id}.s${recipient.subscriberId}`,
            unsubscribe_url: this.links.unsubscribe(recipient.subscriberId, list.id),
            preferences_url: this.links.preferences(recipient.subscriberId),
          }),
        });
        this.latency.observe((performance.now() - started) / 1000);
        sent.push(recipient.deliveryId);
      } catch (error) {
        await this.handleFailure(campaign.id, recipient, error, async () => {
          await flush();
          await this.release(recipients.slice(index), 'pending');
        });
      }
      if (sent.length >= FLUSH_EVERY || Date.now() - lastFlush > FLUSH_MS) await flush();
    }
    await flush();
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
      await this.deliveries.update(
        { id: recipient.deliveryId },
        {
          status: 'failed',
          claim: null,
          error: `${error.responseCode} ${error.message}`.slice(0, 1000),
        },
      );
      if (isHardBounce(error))
        await this.suppressions.add(
          recipient.email,
          'hard_bounce',
          true,
          error.message.slice(0, 500),
        );
      return;
    }
    const temporary = temporaryReply(error);
    if (!temporary) {
      await abortBatch();
      throw error;
    }
    const row = await this.deliveries.findOneByOrFail({ id: recipient.deliveryId });
    const reason = `${temporary.code} ${temporary.message}`.slice(0, 1000);
    if (row.attempts >= this.config.DELIVERY_MAX_ATTEMPTS) {
      await this.deliveries.update(
        { id: row.id },
        { status: 'failed', claim: null, error: reason },
      );
      return;
    }
    await this.deliveries.update({ id: row.id }, { status: 'pending', claim: null, error: reason });
    await enqueue(
      this.queue,
      JOBS.retryDelivery,
      { campaignId, deliveryId: row.id },
      {
        delay: 2 ** (row.attempts - 1) * this.config.DELIVERY_RETRY_BASE_MS,
        jobId: `retry-${row.id}-${row.attempts}`,
      },
    );
  }

  private async release(recipients: Recipient[], status: 'pending' | 'cancelled'): Promise<void> {
    if (recipients.length === 0) return;
    await this.deliveries.update(
      { id: In(recipients.map((r) => r.deliveryId)), status: 'sending' },
      { status, claim: null },
    );
  }

  /**
   * pending → sending for the campaign's rows with `column` in [first, last], in one conditional update.
   * A row claimed by a process that died (claimed over STALE_CLAIM_SECONDS ago) counts as pending:
   * that is the one way a message can go twice, and only for what that process had in flight.
   */
  private async claim(
    campaignId: number,
    claim: string,
    column: 'id' | 'subscriber_id',
    first: number,
    last: number,
  ): Promise<number> {
    const now = new Date();
    const stale = new Date(now.getTime() - this.config.STALE_CLAIM_SECONDS * 1000);
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claim, claimedAt: now, attempts: () => 'attempts + 1' })
      .where(`campaign_id = :campaignId AND ${column} BETWEEN :first AND :last`, {
        campaignId,
        first,
        last,
      })
      .andWhere("(status = 'pending' OR (status = 'sending' AND claimed_at < :stale))", { stale })
      .execute();
    return result.affected ?? 0;
  }

  /** The claimed rows whose subscriber may still get the campaign; the others are skipped. */
  private async eligibleClaimed(campaign: Campaign, claim: string): Promise<Recipient[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .innerJoin(Subscriber, 's', 's.id = d.subscriber_id')
      .leftJoin(
        Subscription,
        'sub',
        'sub.subscriber_id = d.subscriber_id AND sub.list_id = :listId',
        { listId: campaign.listId },
      )
      .leftJoin(Suppression, 'x', "x.email = s.email AND x.reason <> 'unsubscribed'")
      .select(['d.id AS "deliveryId"', 'd.subscriber_id AS "subscriberId"', 's.email AS "email"'])
      .addSelect(
        "CASE WHEN s.status = 'confirmed' AND sub.status = 'active' AND x.id IS NULL THEN 1 ELSE 0 END",
        'eligible',
      )
      .where('d.claim = :claim', { claim })
      .orderBy('d.id', 'ASC')
      .getRawMany<Recipient & { eligible: number | string }>();
    const skipped = rows.filter((row) => Number(row.eligible) !== 1).map((row) => row.deliveryId);
    if (skipped.length)
      await this.deliveries.update({ id: In(skipped) }, { status: 'skipped', claim: null });
    return rows
      .filter((row) => Number(row.eligible) === 1)
      .map((row) => ({
        deliveryId: Number(row.deliveryId),
        subscriberId: Number(row.subscriberId),
        email: row.email,
      }));
  }

  private compile(campaign: Campaign): Promise<SendableCampaign> {
    let compiled = this.compiled.get(campaign.id);
    if (!compiled) {
      compiled = this.renderer
        .compile(campaign, campaign.startedAt ? new Date(campaign.startedAt) : new Date())
        .then((done) => ({ ...done, mime: this.mimeTemplate(campaign, done) }));
      compiled.catch(() => this.compiled.delete(campaign.id));
      this.compiled.set(campaign.id, compiled);
      if (this.compiled.size > 20) this.compiled.delete(this.compiled.keys().next().value!);
    }
    return compiled;
  }

  private mimeTemplate(campaign: Campaign, { template, list }: CompiledCampaign): MimeTemplate {
    return campaignMessage({
      campaignId: campaign.id,
      from: this.config.MAIL_FROM,
      subject: campaign.subject,
      list,
      mailDomain: this.links.mailDomain,
      unsubscribeMailto: this.config.UNSUBSCRIBE_MAILTO,
      template,
    });
  }

  private campaign(id: number): Promise<Campaign | null> {
    return this.campaigns.findOneBy({ id });
  }

  private get campaigns() {
    return this.dataSource.getRepository(Campaign);
  }

  private get deliveries() {
    return this.dataSource.getRepository(Delivery);
  }
}
