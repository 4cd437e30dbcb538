import type { Queue } from 'bullmq';
import { JOBS } from '../queues/queue-names.js';
import type { Feed } from './entities/feed.entity.js';

const schedulerId = (feedId: number) => `feed-${feedId}`;

/**
 * One BullMQ job scheduler per feed that is not paused: it lives in Redis, so polling goes on
 * across restarts of every process. Upserting or removing it again is harmless.
 */
export async function syncFeedSchedule(
  queue: Queue,
  feed: Pick<Feed, 'id' | 'pollMinutes' | 'paused'>,
): Promise<void> {
  if (feed.paused) {
    await unscheduleFeed(queue, feed.id);
    return;
  }
  await queue.upsertJobScheduler(
    schedulerId(feed.id),
    { every: feed.pollMinutes * 60_000 },
    { name: JOBS.pollFeed, data: { feedId: feed.id } },
  );
}

export async function unscheduleFeed(queue: Queue, feedId: number): Promise<void> {
  await queue.removeJobScheduler(schedulerId(feedId));
}
