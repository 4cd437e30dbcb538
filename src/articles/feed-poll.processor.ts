import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JOBS, type JobOf, QUEUES } from '../queues/queue-names.js';
import { logWorkerErrors } from '../queues/worker-errors.js';
import { ArticlesRepository } from './articles.repository.js';
import { FeedPoller } from './feed-poller.service.js';
import { syncFeedSchedule } from './feed-schedules.js';

@Processor(QUEUES.feeds, { concurrency: 4 })
export class FeedPollProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeedPollProcessor.name);

  constructor(
    private readonly poller: FeedPoller,
    @InjectQueue(QUEUES.feeds) private readonly queue: Queue,
    private readonly repository: ArticlesRepository,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    if (job.name !== JOBS.pollFeed) throw new Error(`unknown job ${job.name} on ${QUEUES.feeds}`);
    await this.poller.poll((job.data as JobOf<typeof JOBS.pollFeed>).feedId);
  }

  /**
   * Makes Redis agree with the database: puts back any scheduler Redis lost (a Redis without
   * persistence, a flushed database) and removes those of paused feeds.
   */
  async onApplicationBootstrap(): Promise<void> {
    logWorkerErrors(this.worker, this.logger);
    for (const feed of await this.repository.allFeeds()) await syncFeedSchedule(this.queue, feed);
  }
}
