import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DeliveriesRepository } from '../../delivery/deliveries.repository.js';
import { enqueue } from '../../queues/enqueue.js';
import { JOBS, QUEUES } from '../../queues/queue-names.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { parseSubjectTest, testGroupOf } from '../subject-test.js';
import { CampaignDeliveryService } from './campaign-delivery.service.js';

const PAGE = 5000;

/**
 * Turns a campaign's list into delivery rows and batch jobs. Recipients are read by keyset pages
 * of subscriber id; each page is one INSERT of its ids (one array parameter) and one addBulk of
 * jobs that each name a subscriber id range.
 */
@Injectable()
export class CampaignFanoutService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly delivery: CampaignDeliveryService,
  ) {}

  /** Resumable: it starts from the campaign's cursor, and rows that exist already are kept. */
  async fanOut(campaignId: number): Promise<void> {
    await this.campaigns.transition(campaignId, ['scheduled'], 'sending', {
      startedAt: new Date(),
    });
    const started = await this.campaigns.byId(campaignId);
    if (!started || started.status !== 'sending' || started.fanoutDone) return;
    // A digest that cannot be made fails the campaign here, before a single row or batch exists.
    if (!(await this.delivery.sendable(started))) return;
    for (;;) {
      const campaign = await this.campaigns.byId(campaignId);
      if (!campaign || campaign.status !== 'sending' || campaign.fanoutDone) return;
      const ids = await this.deliveries.recipientIdsAfter(
        campaign.listId,
        campaign.fanoutCursor,
        PAGE,
      );
      if (ids.length === 0) {
        await this.campaigns.finishFanout(campaignId, await this.deliveries.countAll(campaignId));
        await this.delivery.finishIfDone(campaignId);
        return;
      }
      const test = parseSubjectTest(campaign.subjectTest);
      if (test) {
        // A subject test: only the test groups are sent now; the rest is held for the winner.
        const rows = ids.map((id) => ({
          subscriberId: id,
          group: testGroupOf(campaignId, id, test),
        }));
        await this.deliveries.insertTestGroups(campaignId, rows);
        const tested = rows.filter((row) => row.group !== null).map((row) => row.subscriberId);
        await this.queueRanges(campaignId, tested, `${campaign.resumes}`);
      } else {
        await this.deliveries.insertPending(campaignId, ids);
        await this.queueRanges(campaignId, ids, `${campaign.resumes}`);
      }
      await this.campaigns.advanceFanout(campaignId, ids[ids.length - 1]);
    }
  }

  /**
   * Batch jobs again for every row still open: pending, or claimed (a batch takes those whose lease
   * lapsed, and looks again later at those still leased). Run after a resume, and by the sweeper
   * when Redis lost a sending campaign's jobs. `round` makes the job ids new, so they are not taken
   * for the jobs they replace.
   */
  async requeuePending(campaignId: number, round?: string): Promise<void> {
    const campaign = await this.campaigns.byId(campaignId);
    if (!campaign || campaign.status !== 'sending') return;
    const label = round ?? `r${campaign.resumes}`;
    let after = 0;
    for (;;) {
      const ids = await this.deliveries.openSubscriberIdsAfter(campaignId, after, PAGE);
      if (ids.length === 0) break;
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
}
