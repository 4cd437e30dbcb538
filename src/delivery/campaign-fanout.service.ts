import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Campaign } from '../campaigns/entities/campaign.entity.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { CampaignDeliveryService } from './campaign-delivery.service.js';
import { Delivery } from './entities/delivery.entity.js';
import { eligibleSubscribers } from './recipients.js';

const PAGE = 1000;

/**
 * Turns a campaign's list into delivery rows and batch jobs. Recipients are read by keyset pages
 * of subscriber id; each page is one INSERT … SELECT (no row travels to the worker and back) and
 * one addBulk of jobs that each name a subscriber id range.
 */
@Injectable()
export class CampaignFanoutService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly delivery: CampaignDeliveryService,
  ) {}

  /** Resumable: it starts from the campaign's cursor, and rows that exist already are kept. */
  async fanOut(campaignId: number): Promise<void> {
    await this.campaigns
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', startedAt: new Date() })
      .where("id = :campaignId AND status = 'scheduled'", { campaignId })
      .execute();
    for (;;) {
      const campaign = await this.campaigns.findOneBy({ id: campaignId });
      if (!campaign || campaign.status !== 'sending' || campaign.fanoutDone) return;
      const page = await eligibleSubscribers(this.dataSource, campaign.listId, {
        after: campaign.fanoutCursor,
      })
        .select('sub.subscriber_id', 'id')
        .orderBy('sub.subscriber_id', 'ASC')
        .limit(PAGE)
        .getRawMany<{ id: number | string }>();
      const ids = page.map((row) => Number(row.id));
      if (ids.length === 0) {
        const total = await this.dataSource.getRepository(Delivery).countBy({ campaignId });
        await this.campaigns.update({ id: campaignId }, { fanoutDone: true, total });
        await this.delivery.finishIfDone(campaignId);
        return;
      }
      await this.insertDeliveries(campaign, ids[0], ids[ids.length - 1]);
      await this.queueRanges(campaignId, ids, `${campaign.resumes}`);
      await this.campaigns.update({ id: campaignId }, { fanoutCursor: ids[ids.length - 1] });
    }
  }

  /**
   * Batch jobs again for every row still open: pending, or claimed by a process that died. Run
   * after a resume, and by the sweeper when Redis lost a sending campaign's jobs. `round` makes
   * the job ids new, so they are not taken for the jobs they replace.
   */
  async requeuePending(campaignId: number, round?: string): Promise<void> {
    const campaign = await this.campaigns.findOneBy({ id: campaignId });
    if (!campaign || campaign.status !== 'sending') return;
    const label = round ?? `r${campaign.resumes}`;
    const stale = new Date(Date.now() - this.config.STALE_CLAIM_SECONDS * 1000);
    let after = 0;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(Delivery)
        .createQueryBuilder('d')
        .select('d.subscriber_id', 'id')
        .where('d.campaign_id = :campaignId AND d.subscriber_id > :after', { campaignId, after })
        .andWhere("(d.status = 'pending' OR (d.status = 'sending' AND d.claimed_at < :stale))", {
          stale,
        })
        .orderBy('d.subscriber_id', 'ASC')
        .limit(PAGE)
        .getRawMany<{ id: number | string }>();
      if (rows.length === 0) break;
      const ids = rows.map((row) => Number(row.id));
      await this.queueRanges(campaignId, ids, label);
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
    await this.delivery.finishIfDone(campaignId);
  }

  /** The page's rows: every recipient in [first, last] is on the page, so the range selects it exactly. */
  private async insertDeliveries(campaign: Campaign, first: number, last: number): Promise<void> {
    const [select, parameters] = eligibleSubscribers(this.dataSource, campaign.listId, {
      first,
      last,
    })
      .select(String(Math.trunc(campaign.id)), 'campaign_id')
      .addSelect('s.id', 'subscriber_id')
      .addSelect("'pending'", 'status')
      .getQueryAndParameters();
    await this.dataSource.query(
      // Named columns from a subquery: the builder may order its select list as it likes. "WHERE
      // true" keeps SQLite from reading ON CONFLICT as a join constraint.
      `INSERT INTO deliveries (campaign_id, subscriber_id, status)
         SELECT campaign_id, subscriber_id, status FROM (${select}) page WHERE true
         ON CONFLICT DO NOTHING`,
      parameters,
    );
  }

  /** One job per SEND_BATCH_SIZE recipients, each naming its subscriber id range. */
  private async queueRanges(campaignId: number, subscriberIds: number[], round: string) {
    const size = this.config.SEND_BATCH_SIZE;
    const jobs = [];
    for (let start = 0; start < subscriberIds.length; start += size) {
      const slice = subscriberIds.slice(start, start + size);
      const data = {
        campaignId,
        firstSubscriberId: slice[0],
        lastSubscriberId: slice[slice.length - 1],
      };
      jobs.push({
        name: JOBS.sendRange,
        data,
        opts: { jobId: `range-${campaignId}-${data.firstSubscriberId}-${round}`, attempts: 12 },
      });
    }
    if (jobs.length) await this.queue.addBulk(jobs);
  }

  private get campaigns() {
    return this.dataSource.getRepository(Campaign);
  }
}
