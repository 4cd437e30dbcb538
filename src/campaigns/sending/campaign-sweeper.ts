import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { enqueue } from '../../queues/enqueue.js';
import { JOBS, QUEUES } from '../../queues/queue-names.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { SubjectTestService } from '../subject-test.service.js';
import { CampaignFanoutService } from './campaign-fanout.service.js';

/**
 * The database says what is left to send; Redis only holds the jobs that send it. If Redis loses
 * them (restarted without persistence, flushed, failed over), a sending campaign with nothing
 * queued gets its open rows queued again, and a scheduled campaign whose start never ran is
 * started. It also makes the choices of subject tests left to clicks whose wait is over. Rows are claimed before sending, so a job queued twice sends nothing twice.
 */
@Injectable()
export class CampaignSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CampaignSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly campaigns: CampaignsRepository,
    @InjectQueue(QUEUES.campaigns) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fanout: CampaignFanoutService,
    private readonly subjectTests: SubjectTestService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const overdue = await this.campaigns.scheduledBefore(
        new Date(Date.now() - this.config.SWEEP_SECONDS * 1000),
      );
      for (const campaign of overdue) {
        await enqueue(
          this.queue,
          JOBS.fanOut,
          { campaignId: campaign.id },
          { jobId: `fanout-${campaign.id}-late` },
        );
      }
      // Workers in the same sweep period pick the same job ids, so they queue each batch once.
      const round = `s${Math.floor(Date.now() / (this.config.SWEEP_SECONDS * 1000))}`;
      await this.subjectTests.queueDueDecisions(round);
      const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).some((count) => count > 0)) return;
      for (const campaign of await this.campaigns.withStatus('sending')) {
        await this.fanout.requeuePending(campaign.id, round);
      }
    } catch (error) {
      this.logger.warn(`campaign sweep failed: ${String(error)}`);
    }
  }
}
