import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Repository } from 'typeorm';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { Feed } from './entities/feed.entity.js';
import { scheduleFeed, unscheduleFeed } from './feed-schedules.js';

/** The site's feeds: each has a BullMQ job scheduler that polls it. Used by the API and the pages. */
@Injectable()
export class FeedsService {
  constructor(
    @InjectRepository(Feed) private readonly feeds: Repository<Feed>,
    @InjectQueue(QUEUES.feeds) private readonly queue: Queue,
  ) {}

  /** Registers a feed (a checked http(s) URL), polled at once and then every pollMinutes. */
  async add(url: string, pollMinutes: number): Promise<Feed> {
    if (await this.feeds.existsBy({ url })) {
      throw new ConflictException('This feed is registered already.');
    }
    const feed = await this.feeds.save({ url, pollMinutes, createdAt: new Date() });
    await scheduleFeed(this.queue, feed);
    await this.pollNow(feed.id);
    return this.get(String(feed.id));
  }

  async setPollMinutes(feed: Feed, pollMinutes: number): Promise<void> {
    await this.feeds.update({ id: feed.id }, { pollMinutes });
    await scheduleFeed(this.queue, { id: feed.id, pollMinutes });
  }

  async pollNow(feedId: number): Promise<void> {
    await enqueue(this.queue, JOBS.pollFeed, { feedId }, { attempts: 1 });
  }

  /** Stops polling; the feed's articles stay. */
  async remove(feed: Feed): Promise<void> {
    await unscheduleFeed(this.queue, feed.id);
    await this.feeds.delete({ id: feed.id });
  }

  all(): Promise<Feed[]> {
    return this.feeds.find({ order: { id: 'ASC' } });
  }

  async get(id: string): Promise<Feed> {
    const feed = /^\d{1,9}$/.test(id) ? await this.feeds.findOneBy({ id: Number(id) }) : null;
    if (!feed) throw new NotFoundException(`No feed with id ${id}.`);
    return feed;
  }
}
