import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Queue } from 'bullmq';
import { recordId } from '../common/record-id.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { ArticlesRepository } from './articles.repository.js';
import type { Feed } from './entities/feed.entity.js';
import type { FeedChanges } from './feed-input.js';
import { syncFeedSchedule, unscheduleFeed } from './feed-schedules.js';

/** What a feed's last poll said, forgotten when its address changes: it was about another URL. */
const NEVER_POLLED: Partial<Feed> = {
  title: '',
  etag: null,
  lastModified: null,
  lastPolledAt: null,
  lastStatus: 'pending',
  lastError: '',
  lastNew: 0,
  lastUpdated: 0,
};

/**
 * The site's feeds: each one not paused has a BullMQ job scheduler that polls it. Used by the API
 * and the pages.
 */
@Injectable()
export class FeedsService {
  constructor(
    private readonly repository: ArticlesRepository,
    @InjectQueue(QUEUES.feeds) private readonly queue: Queue,
  ) {}

  /**
   * Registers a feed (a checked http(s) URL), polled at once and then every pollMinutes. The
   * first read is the new scheduler's: BullMQ runs an `every` scheduler as soon as it is created,
   * so a poll queued beside it read the feed twice, and the second read's "0 new" hid the first.
   */
  async add(url: string, pollMinutes: number): Promise<Feed> {
    await this.refuseTaken(url);
    const feed = await this.repository.insertFeed({ url, pollMinutes, paused: false });
    await syncFeedSchedule(this.queue, feed);
    return this.get(String(feed.id));
  }

  /**
   * Changes a feed's address, interval or pause. Pausing removes its job scheduler; resuming puts
   * it back and polls at once, as a new address does: the scheduler is made afresh, and a new
   * scheduler runs at once (see add).
   */
  async update(feed: Feed, changes: FeedChanges): Promise<Feed> {
    const url = changes.url ?? feed.url;
    const moved = url !== feed.url;
    if (moved) await this.refuseTaken(url);
    const next = {
      url,
      pollMinutes: changes.pollMinutes ?? feed.pollMinutes,
      paused: changes.paused ?? feed.paused,
    };
    await this.repository.updateFeed(feed.id, { ...next, ...(moved ? NEVER_POLLED : {}) });
    if (!next.paused && moved) await unscheduleFeed(this.queue, feed.id);
    await syncFeedSchedule(this.queue, { id: feed.id, ...next });
    return this.get(String(feed.id));
  }

  /** A paused feed is not polled, not even on request: resume it first. */
  async pollNow(feed: Pick<Feed, 'id' | 'paused'>): Promise<void> {
    if (feed.paused) throw new ConflictException('This feed is paused; resume it to poll it.');
    await enqueue(this.queue, JOBS.pollFeed, { feedId: feed.id }, { attempts: 1 });
  }

  /** Stops polling; the feed's articles stay. */
  async remove(feed: Feed): Promise<void> {
    await unscheduleFeed(this.queue, feed.id);
    await this.repository.deleteFeed(feed.id);
  }

  all(): Promise<Feed[]> {
    return this.repository.allFeeds();
  }

  async get(id: string): Promise<Feed> {
    const key = recordId(id);
    const feed = key === null ? null : await this.repository.feedById(key);
    if (!feed) throw new NotFoundException(`No feed with id ${id}.`);
    return feed;
  }

  private async refuseTaken(url: string): Promise<void> {
    if (await this.repository.feedUrlTaken(url)) {
      throw new ConflictException('This feed is registered already.');
    }
  }
}
