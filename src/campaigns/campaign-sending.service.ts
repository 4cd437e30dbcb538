import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, In, MoreThan } from 'typeorm';
import { Bounce, type BounceType } from '../bounces/entities/bounce.entity.js';
import { Delivery, type DeliveryStatus } from '../delivery/entities/delivery.entity.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { Campaign, type CampaignStatus } from './entities/campaign.entity.js';

export interface Progress {
  total: number;
  sent: number;
  failed: number;
  pending: number;
  skipped: number;
  cancelled: number;
  /** Messages per second over the last 10 seconds. */
  rate: number;
  /** Bounces (hard or soft) and complaints reported for this campaign's messages since. */
  bounced: number;
  complaints: number;
}

/**
 * Editors' controls over a campaign: send now or at a time, pause, resume, cancel. Each is one
 * conditional update of the campaign's status, which every worker reads between messages, so it
 * takes effect within a second or two wherever the batches run.
 */
@Injectable()
export class CampaignSendingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
  ) {}

  async send(campaign: Campaign, at: Date | null): Promise<Campaign> {
    const later = at && at.getTime() > Date.now() + 1000;
    await this.transition(campaign.id, ['draft'], later ? 'scheduled' : 'sending', {
      sendAt: at,
      startedAt: later ? null : new Date(),
    });
    await enqueue(
      this.queue,
      JOBS.fanOut,
      { campaignId: campaign.id },
      { jobId: `fanout-${campaign.id}`, delay: later ? at.getTime() - Date.now() : 0 },
    );
    return this.reload(campaign.id);
  }

  async pause(campaign: Campaign): Promise<Campaign> {
    await this.transition(campaign.id, ['sending', 'scheduled'], 'paused');
    return this.reload(campaign.id);
  }

  async resume(campaign: Campaign): Promise<Campaign> {
    await this.transition(campaign.id, ['paused'], 'sending', {
      resumes: campaign.resumes + 1,
      startedAt: campaign.startedAt ?? new Date(),
    });
    await enqueue(
      this.queue,
      JOBS.requeuePending,
      { campaignId: campaign.id },
      { jobId: `requeue-${campaign.id}-${campaign.resumes + 1}` },
    );
    return this.reload(campaign.id);
  }

  async cancel(campaign: Campaign): Promise<Campaign> {
    await this.transition(campaign.id, ['draft', 'scheduled', 'sending', 'paused'], 'cancelled', {
      finishedAt: new Date(),
    });
    await this.dataSource
      .getRepository(Delivery)
      .update({ campaignId: campaign.id, status: 'pending' }, { status: 'cancelled' });
    return this.reload(campaign.id);
  }

  async progress(campaign: Campaign): Promise<Progress> {
    const rows = await this.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.campaign_id = :id', { id: campaign.id })
      .groupBy('d.status')
      .getRawMany<{ status: DeliveryStatus; count: string | number }>();
    const count = (...statuses: DeliveryStatus[]) =>
      rows
        .filter((row) => statuses.includes(row.status))
        .reduce((sum, row) => sum + Number(row.count), 0);
    const recent = await this.dataSource.getRepository(Delivery).countBy({
      campaignId: campaign.id,
      status: 'sent',
      sentAt: MoreThan(new Date(Date.now() - 10_000)),
    });
    const reports = await this.dataSource
      .getRepository(Bounce)
      .createQueryBuilder('b')
      .select('b.type', 'type')
      .addSelect('COUNT(*)', 'count')
      .where('b.campaign_id = :id', { id: campaign.id })
      .groupBy('b.type')
      .getRawMany<{ type: BounceType; count: string | number }>();
    const reported = (...types: BounceType[]) =>
      reports
        .filter((row) => types.includes(row.type))
        .reduce((sum, row) => sum + Number(row.count), 0);
    return {
      total: count('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'),
      sent: count('sent'),
      failed: count('failed'),
      pending: count('pending', 'sending'),
      skipped: count('skipped'),
      cancelled: count('cancelled'),
      rate: Math.round(recent / 10),
      bounced: reported('hard', 'soft'),
      complaints: reported('complaint'),
    };
  }

  private async transition(
    id: number,
    from: CampaignStatus[],
    to: CampaignStatus,
    extra: Partial<Campaign> = {},
  ): Promise<void> {
    const result = await this.dataSource
      .getRepository(Campaign)
      .createQueryBuilder()
      .update()
      .set({ status: to, ...extra })
      .where({ id, status: In(from) })
      .execute();
    if (!result.affected) {
      const current = await this.reload(id);
      throw new ConflictException(`The campaign is ${current.status}; it cannot become ${to}.`);
    }
  }

  private reload(id: number): Promise<Campaign> {
    return this.dataSource.getRepository(Campaign).findOneByOrFail({ id });
  }
}
