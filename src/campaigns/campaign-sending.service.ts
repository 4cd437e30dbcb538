import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { BounceType } from '../bounces/entities/bounce.entity.js';
import { DeliveriesRepository } from '../delivery/deliveries.repository.js';
import type { DeliveryStatus } from '../delivery/entities/delivery.entity.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { Campaign, CampaignStatus } from './entities/campaign.entity.js';

export interface Progress {
  total: number;
  sent: number;
  failed: number;
  pending: number;
  /** A subject test's rest of the list, waiting for the chosen subject. */
  held: number;
  skipped: number;
  cancelled: number;
  /** Messages per second over the last 10 seconds. */
  rate: number;
  /** Bounces (hard or soft) reported for this campaign's messages since it went out. */
  bounced: number;
  hardBounced: number;
  softBounced: number;
  /** Refused for the sender's or the message's sake (spam, policy, authentication): ours to fix. */
  blocked: number;
  complaints: number;
}

/** How many of a campaign's reports gave one reason (Sisimai's name for it). */
export interface ReportReason {
  type: BounceType;
  reason: string;
  count: number;
}

/**
 * Editors' controls over a campaign: send now or at a time, pause, resume, cancel. Each is one
 * conditional update of the campaign's status, which every worker reads between messages, so it
 * takes effect within a second or two wherever the batches run (src/campaigns/sending/).
 */
@Injectable()
export class CampaignSendingService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
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
    await this.deliveries.cancelPending(campaign.id);
    return this.reload(campaign.id);
  }

  async progress(campaign: Campaign): Promise<Progress> {
    const rows = await this.deliveries.countByStatus(campaign.id);
    const count = (...statuses: DeliveryStatus[]) =>
      statuses.reduce((sum, status) => sum + (rows.get(status) ?? 0), 0);
    const recent = await this.deliveries.countSentSince(campaign.id, new Date(Date.now() - 10_000));
    const reports = await this.campaigns.countReports(campaign.id);
    const reported = (...types: BounceType[]) =>
      types.reduce((sum, type) => sum + (reports.get(type) ?? 0), 0);
    return {
      total: count('held', 'pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'),
      sent: count('sent'),
      failed: count('failed'),
      pending: count('pending', 'sending'),
      held: count('held'),
      skipped: count('skipped'),
      cancelled: count('cancelled'),
      rate: Math.round(recent / 10),
      bounced: reported('hard', 'soft'),
      hardBounced: reported('hard'),
      softBounced: reported('soft'),
      blocked: reported('blocked'),
      complaints: reported('complaint'),
    };
  }

  /** The campaign's bounce and complaint reports by reason, most frequent first. */
  reportReasons(campaign: Campaign): Promise<ReportReason[]> {
    return this.campaigns.countReasons(campaign.id);
  }

  private async transition(
    id: number,
    from: CampaignStatus[],
    to: CampaignStatus,
    changes: Partial<Campaign> = {},
  ): Promise<void> {
    if (!(await this.campaigns.transition(id, from, to, changes))) {
      const current = await this.reload(id);
      throw new ConflictException(`The campaign is ${current.status}; it cannot become ${to}.`);
    }
  }

  private async reload(id: number): Promise<Campaign> {
    const campaign = await this.campaigns.byId(id);
    if (!campaign) throw new Error(`campaign ${id} is gone`);
    return campaign;
  }
}
