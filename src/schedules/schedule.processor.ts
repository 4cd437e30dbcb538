import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JOBS, type JobOf, QUEUES } from '../queues/queue-names.js';
import { logWorkerErrors } from '../queues/worker-errors.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { slotOf, syncScheduler } from './schedule-jobs.js';
import { SchedulesRepository } from './schedules.repository.js';

@Processor(QUEUES.schedules, { concurrency: 2 })
export class ScheduleProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(ScheduleProcessor.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly runner: ScheduleRunner,
    @InjectQueue(QUEUES.schedules) private readonly queue: Queue,
    private readonly schedules: SchedulesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== JOBS.digestSlot)
      throw new Error(`unknown job ${job.name} on ${QUEUES.schedules}`);
    await this.runner.runSlot((job.data as JobOf<typeof JOBS.digestSlot>).scheduleId, slotOf(job));
  }

  async onApplicationBootstrap(): Promise<void> {
    logWorkerErrors(this.worker, this.logger);
    await this.restoreSchedulers();
    this.timer = setInterval(
      () =>
        void this.restoreSchedulers().catch((error: unknown) =>
          this.logger.warn(`schedule sweep failed: ${String(error)}`),
        ),
      this.config.SWEEP_SECONDS * 1000,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Puts back any scheduler Redis lost (a Redis without persistence, a flushed database). */
  private async restoreSchedulers(): Promise<void> {
    for (const schedule of await this.schedules.all()) await syncScheduler(this.queue, schedule);
  }
}
