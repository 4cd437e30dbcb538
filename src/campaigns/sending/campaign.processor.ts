import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { JOBS, type JobOf, QUEUES } from '../../queues/queue-names.js';
import { logWorkerErrors } from '../../queues/worker-errors.js';
import { CampaignDeliveryService } from './campaign-delivery.service.js';
import { SubjectTestService } from '../subject-test.service.js';
import { CampaignFanoutService } from './campaign-fanout.service.js';

/**
 * Runs in worker processes only; SEND_CONCURRENCY batches at once, each on its own SMTP connection.
 * A job's lock lasts 20 s (renewed every 10) and stalled jobs are looked for every 10 s, so a
 * killed worker's batches go to another worker within 30 s (BullMQ's defaults: up to 60 s).
 */
@Processor(QUEUES.campaigns, { lockDuration: 20_000, stalledInterval: 10_000 })
export class CampaignProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CampaignProcessor.name);

  constructor(
    private readonly delivery: CampaignDeliveryService,
    private readonly fanout: CampaignFanoutService,
    private readonly subjectTests: SubjectTestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    logWorkerErrors(this.worker, this.logger);
    this.worker.concurrency = this.config.SEND_CONCURRENCY;
  }

  /** BullMQ retries a failed job by itself; the reason is logged so an operator sees it. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(
      `${job?.name ?? 'job'} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`,
    );
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case JOBS.fanOut:
        return this.fanout.fanOut((job.data as JobOf<typeof JOBS.fanOut>).campaignId);
      case JOBS.sendRange: {
        const data = job.data as JobOf<typeof JOBS.sendRange>;
        return this.delivery.sendRange(
          data.campaignId,
          data.firstSubscriberId,
          data.lastSubscriberId,
        );
      }
      case JOBS.sendBatch: {
        const data = job.data as JobOf<typeof JOBS.sendBatch>;
        return this.delivery.sendBatch(data.campaignId, data.firstDeliveryId, data.lastDeliveryId);
      }
      case JOBS.retryDelivery: {
        const data = job.data as JobOf<typeof JOBS.retryDelivery>;
        return this.delivery.retryDelivery(data.campaignId, data.deliveryId);
      }
      case JOBS.decideSubject:
        return this.subjectTests.decideByClicks(
          (job.data as JobOf<typeof JOBS.decideSubject>).campaignId,
        );
      case JOBS.requeuePending: {
        const data = job.data as JobOf<typeof JOBS.requeuePending>;
        return this.fanout.requeuePending(data.campaignId, data.round);
      }
      default:
        throw new Error(`unknown job ${job.name} on ${QUEUES.campaigns}`);
    }
  }
}
