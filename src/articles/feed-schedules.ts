import type { Queue } from 'bullmq';
import { JOBS } from '../queues/queue-names.js';
import type { Feed } from './entities/feed.entity.js';

const schedulerId = (feedId: number) => `feed-${feedId}`;

/**
 * One BullMQ job scheduler per feed: it lives in Redis, so polling goes on across restarts of
 * every process; upserting it again is harmless.
 */
export async function scheduleFeed(
  queue: Queue,
  feed: Pick<Feed, 'id' | 'pollMinutes'>,
): Promise<void> {
  await queue.upsertJobScheduler(
    schedulerId(feed.id),
    { every: feed.pollMinutes * 60_000 },
    { name: JOBS.pollFeed, data: { feedId: feed.id } },
  );
}

export async function unscheduleFeed(queue: Queue, feedId: number): Promise<void> {
  await queue.removeJobScheduler(schedulerId(feedId));
}
