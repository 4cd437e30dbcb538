import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { Repository } from 'typeorm';
import { JOBS, type JobOf, QUEUES } from '../queues/queue-names.js';
import { Schedule } from './entities/schedule.entity.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { slotOf, syncScheduler } from './schedule-jobs.js';

@Processor(QUEUES.schedules, { concurrency: 2 })
export class ScheduleProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly runner: ScheduleRunner,
    @InjectQueue(QUEUES.schedules) private readonly queue: Queue,
    @InjectRepository(Schedule) private readonly schedules: Repository<Schedule>,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== JOBS.digestSlot)
      throw new Error(`unknown job ${job.name} on ${QUEUES.schedules}`);
    await this.runner.runSlot((job.data as JobOf<typeof JOBS.digestSlot>).scheduleId, slotOf(job));
  }

  /** Puts back any scheduler Redis lost (a Redis without persistence, a flushed database). */
  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of await this.schedules.find()) await syncScheduler(this.queue, schedule);
  }
}
