import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { Between, DataSource, In } from 'typeorm';
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
import { listHeaders } from './list-headers.js';
import { Links } from './links.js';
import { type Mailer, MAILER, PermanentMailError } from './mailer.js';
import { isHardBounce, temporaryReply } from './smtp-errors.js';
import { TokenBucket } from './token-bucket.js';

const FANOUT_PAGE = 1000;
// Sent rows are recorded in groups: at most this many (or 250 ms worth) can go twice after a crash.
const FLUSH_EVERY = 25;
const FLUSH_MS = 250;
const STATUS_CHECK_MS = 1000;

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
  private readonly compiled = new Map<number, Promise<CompiledCampaign>>();
  private readonly bucket: TokenBucket;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderer: CampaignRenderer,
    private readonly links: Links,
    private readonly suppressions: SuppressionService,
  ) {
    this.bucket = new TokenBucket(config.SEND_RATE_PER_WORKER);
  }

  /** Resumable: it starts from the campaign's cursor, and rows that exist already are kept. */
  async fanOut(campaignId: number): Promise<void> {
    await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', startedAt: new Date() })
      .where('id = :campaignId AND status = :scheduled', { campaignId, scheduled: 'scheduled' })
      .execute();
    for (;;) {
      const campaign = await this.campaign(campaignId);
      if (!campaign || campaign.status !== 'sending' || campaign.fanoutDone) return;
      const ids = await this.eligibleSubscriberIds(campaign, campaign.fanoutCursor, FANOUT_PAGE);
      if (ids.length === 0) {
        const total = await this.deliveries.countBy({ campaignId });
        await this.campaigns.update({ id: campaignId }, { fanoutDone: true, total });
        await this.finishIfDone(campaignId);
        return;
      }
      await this.deliveries
        .createQueryBuilder()
        .insert()
        .values(
          ids.map((subscriberId) => ({ campaignId, subscriberId, status: 'pending' as const })),
        )
        .orIgnore()
        .updateEntity(false)
        .execute();
      // The page is a keyset range of subscriber ids; a range keeps the query small (SQLite
      // refuses IN lists of a thousand).
      const rows = await this.deliveries.find({
        select: { id: true },
        where: {
          campaignId,
          subscriberId: Between(ids[0], ids[ids.length - 1]),
          status: 'pending',
        },
        order: { id: 'ASC' },
      });
      await this.queueBatches(
        campaignId,
        rows.map((row) => row.id),
        `${campaign.resumes}`,
      );
      await this.campaigns.update({ id: campaignId }, { fanoutCursor: ids[ids.length - 1] });
    }
  }

  /**
   * Batch jobs again for every row still open: pending, or claimed by a process that died. Run
   * after a resume, and by the sweeper when Redis lost a sending campaign's jobs. `round` makes
   * the job ids new, so they are not taken for the jobs they replace.
   */
  async requeuePending(campaignId: number, round?: string): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return;
    const label = round ?? `r${campaign.resumes}`;
    const stale = new Date(Date.now() - this.config.STALE_CLAIM_SECONDS * 1000);
    let after = 0;
    for (;;) {
      const rows = await this.deliveries
        .createQueryBuilder('d')
        .select('d.id', 'id')
        .where('d.campaign_id = :campaignId AND d.id > :after', { campaignId, after })
        .andWhere("(d.status = 'pending' OR (d.status = 'sending' AND d.claimed_at < :stale))", {
          stale,
        })
        .orderBy('d.id', 'ASC')
        .limit(FANOUT_PAGE)
        .getRawMany<{ id: number }>();
      if (rows.length === 0) break;
      const ids = rows.map((row) => Number(row.id));
      await this.queueBatches(campaignId, ids, label);
      after = ids[ids.length - 1];
    }
    if (!campaign.fanoutDone) {
      await enqueue(
        this.queue,
        JOBS.fanOut,
        { campaignId },
        { jobId: `fanout-${campaignId}-${label}` },
      );
    }
    await this.finishIfDone(campaignId);
  }

  async sendBatch(
    campaignId: number,
    firstDeliveryId: number,
    lastDeliveryId: number,
  ): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return; // paused or cancelled: rows stay as they are
    const claim = randomUUID();
    const claimed = await this.claim(campaignId, claim, firstDeliveryId, lastDeliveryId);
    if (claimed === 0) return this.finishIfDone(campaignId);
    await this.sendClaimed(campaign, claim);
    await this.finishIfDone(campaignId);
  }

  async retryDelivery(campaignId: number, deliveryId: number): Promise<void> {
    const campaign = await this.campaign(campaignId);
    if (!campaign || campaign.status !== 'sending') return;
    const claim = randomUUID();
    if ((await this.claim(campaignId, claim, deliveryId, deliveryId)) === 0) return;
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
    const { template, list } = await this.compile(campaign);
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
      const unsubscribeUrl = this.links.unsubscribe(recipient.subscriberId, list.id);
      try {
        await this.mailer.send({
          to: recipient.email,
          subject: campaign.subject,
          messageId: `campaign.${campaign.id}.${recipient.subscriberId}@${this.links.mailDomain}`,
          headers: {
            ...listHeaders({
              unsubscribeUrl,
              unsubscribeMailto: this.config.UNSUBSCRIBE_MAILTO,
              listName: list.name,
              listSlug: list.slug,
              mailDomain: this.links.mailDomain,
            }),
            'X-Nashra-Ref': `c${campaign.id}.s${recipient.subscriberId}`,
          },
          ...template.render({
            unsubscribe_url: unsubscribeUrl,
            preferences_url: this.links.preferences(recipient.subscriberId),
          }),
        });
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
   * pending → sending for the campaign's rows with ids in [first, last], in one conditional update.
   * A row claimed by a process that died (claimed over STALE_CLAIM_SECONDS ago) counts as pending:
   * that is the one way a message can go twice, and only for what that process had in flight.
   */
  private async claim(
    campaignId: number,
    claim: string,
    first: number,
    last: number,
  ): Promise<number> {
    const now = new Date();
    const stale = new Date(now.getTime() - this.config.STALE_CLAIM_SECONDS * 1000);
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claim, claimedAt: now, attempts: () => 'attempts + 1' })
      .where('campaign_id = :campaignId AND id BETWEEN :first AND :last', {
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

  /** Confirmed, subscribed to the list, not suppressed: the recipients, by keyset pages of subscriber id. */
  private async eligibleSubscriberIds(
    campaign: Campaign,
    after: number,
    limit: number,
  ): Promise<number[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('s.id', 'id')
      .from(Subscriber, 's')
      .innerJoin(
        Subscription,
        'sub',
        'sub.subscriber_id = s.id AND sub.list_id = :listId AND sub.status = :active',
        {
          listId: campaign.listId,
          active: 'active',
        },
      )
      .leftJoin(Suppression, 'x', "x.email = s.email AND x.reason <> 'unsubscribed'")
      .where('s.status = :confirmed AND s.id > :after AND x.id IS NULL', {
        confirmed: 'confirmed',
        after,
      })
      .orderBy('s.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string }>();
    return rows.map((row) => Number(row.id));
  }

  private async queueBatches(
    campaignId: number,
    deliveryIds: number[],
    round: string,
  ): Promise<void> {
    const size = this.config.SEND_BATCH_SIZE;
    const jobs = [];
    for (let start = 0; start < deliveryIds.length; start += size) {
      const slice = deliveryIds.slice(start, start + size);
      const payload = {
        campaignId,
        firstDeliveryId: slice[0],
        lastDeliveryId: slice[slice.length - 1],
      };
      jobs.push({
        name: JOBS.sendBatch,
        data: payload,
        opts: { jobId: `batch-${campaignId}-${payload.firstDeliveryId}-${round}`, attempts: 12 },
      });
    }
    if (jobs.length) await this.queue.addBulk(jobs);
  }

  private compile(campaign: Campaign): Promise<CompiledCampaign> {
    let compiled = this.compiled.get(campaign.id);
    if (!compiled) {
      compiled = this.renderer.compile(
        campaign,
        campaign.startedAt ? new Date(campaign.startedAt) : new Date(),
      );
      compiled.catch(() => this.compiled.delete(campaign.id));
      this.compiled.set(campaign.id, compiled);
      if (this.compiled.size > 20) this.compiled.delete(this.compiled.keys().next().value!);
    }
    return compiled;
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
