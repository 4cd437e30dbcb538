import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, type JobOf, QUEUES } from '../queues/queue-names.js';
import { logWorkerErrors } from '../queues/worker-errors.js';
import { TransactionalService } from './transactional.service.js';

const SWEEP_EVERY_MS = 60_000;

/** Runs in worker processes only (ROLE=all or worker). */
@Processor(QUEUES.transactional)
export class TransactionalProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(TransactionalProcessor.name);
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly transactional: TransactionalService,
    @InjectQueue(QUEUES.transactional) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case JOBS.signupRequested:
        return this.transactional.handleSignup(
          (job.data as JobOf<typeof JOBS.signupRequested>).consentId,
        );
      case JOBS.unsubscribeRequested:
        return this.transactional.handleUnsubscribeRequest(
          (job.data as JobOf<typeof JOBS.unsubscribeRequested>).subscriberId,
        );
      case JOBS.sendTransactional:
        return this.transactional.deliver(
          (job.data as JobOf<typeof JOBS.sendTransactional>).emailId,
        );
      default:
        throw new Error(`unknown job ${job.name} on ${QUEUES.transactional}`);
    }
  }

  onApplicationBootstrap(): void {
    logWorkerErrors(this.worker, this.logger);
    this.worker.concurrency = this.config.TRANSACTIONAL_CONCURRENCY;
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Re-queues outbox rows whose job never made it to Redis, or whose sender died mid-send. */
  private async sweep(): Promise<void> {
    try {
      for (const emailId of await this.transactional.unfinished(SWEEP_EVERY_MS)) {
        await enqueue(
          this.queue,
          JOBS.sendTransactional,
          { emailId },
          { jobId: `sweep-${emailId}` },
        );
      }
    } catch (error) {
      this.logger.warn(`outbox sweep failed: ${String(error)}`);
    }
  }
}
