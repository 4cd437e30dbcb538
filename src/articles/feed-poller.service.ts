import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { type ArticleInput, articleInputSchema, normalizeArticle } from './article-input.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesService } from './articles.service.js';
import type { Feed } from './entities/feed.entity.js';
import { FeedParseError, parseFeed } from './feed-parser.js';
import { emptyPollNote, type SkipReason, writePollNote } from './poll-notes.js';
import { allowAnyAddress, FetchError, publicAddressesOnly, safeFetch } from './safe-fetch.js';

/**
 * One poll of one feed. Whatever the feed does (404, timeout, garbage, 50 MB, a redirect into the
 * private network) the outcome is recorded on the feed with a readable reason and nothing stored
 * is removed; only new and edited items are written.
 */
@Injectable()
export class FeedPoller {
  private readonly logger = new Logger(FeedPoller.name);

  constructor(
    private readonly repository: ArticlesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly articles: ArticlesService,
  ) {}

  async poll(feedId: number): Promise<void> {
    // One poll per feed at a time, across workers: a scheduled and a manual poll may meet.
    const lock = `${this.config.QUEUE_PREFIX}:feed-poll:${feedId}`;
    if ((await this.redis.set(lock, '1', 'PX', 60_000, 'NX')) !== 'OK') return;
    try {
      await this.pollUnlocked(feedId);
    } finally {
      await this.redis.del(lock);
    }
  }

  private async pollUnlocked(feedId: number): Promise<void> {
    const feed = await this.repository.feedById(feedId);
    // Deleted or paused meanwhile: a job queued before that is skipped, not failed.
    if (!feed || feed.paused) return;
    const polledAt = new Date();
    try {
      const result = await safeFetch(feed.url, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        addressPolicy: this.config.FEED_ALLOW_PRIVATE ? allowAnyAddress : publicAddressesOnly,
      });
      if (result.status === 'not_modified') {
        await this.record(feed, {
          lastStatus: 'not_modified',
          lastError: '',
          lastNew: 0,
          lastUpdated: 0,
          lastPolledAt: polledAt,
        });
        return;
      }
      const parsed = parseFeed(result.body, { contentType: result.contentType, url: result.url });
      const note = { ...emptyPollNote(), unknownEncoding: parsed.unknownEncoding };
      let created = 0;
      let updated = 0;
      for (const item of parsed.items) {
        const input = articleInputSchema.safeParse(item);
        if (!input.success) {
          note.skipped[skipReason(item, input.error.issues)] += 1;
          continue;
        }
        const { outcome } = await this.articles.upsert(
          normalizeArticle(input.data, polledAt),
          feed.id,
        );
        if (outcome === 'created') created += 1;
        if (outcome === 'updated') updated += 1;
      }
      await this.record(feed, {
        lastStatus: 'ok',
        lastError: writePollNote(note),
        lastNew: created,
        lastUpdated: updated,
        lastPolledAt: polledAt,
        etag: result.etag,
        lastModified: result.lastModified,
        ...(feed.title ? {} : { title: parsed.title.slice(0, 500) }),
      });
    } catch (error) {
      if (!(error instanceof FetchError || error instanceof FeedParseError)) {
        this.logger.error(
          `feed ${feed.id}: ${error instanceof Error ? error.stack : String(error)}`,
        );
      }
      const reason = error instanceof Error ? error.message : String(error);
      await this.record(feed, {
        lastStatus: 'error',
        lastError: reason.slice(0, 1000),
        lastNew: 0,
        lastUpdated: 0,
        lastPolledAt: polledAt,
      });
    }
  }

  /** Records the outcome, unless the feed's address changed meanwhile: then it is about another URL. */
  private record(feed: Feed, fields: Partial<Feed>): Promise<void> {
    return this.repository.recordPoll(feed, fields);
  }
}

/**
 * Why the schema refused a parsed item. The parser cut every field to fit, so it is a link that is
 * missing or not http(s), a title that is missing (with no text to make one of), or, rarely, else.
 */
function skipReason(item: ArticleInput, issues: { path: PropertyKey[] }[]): SkipReason {
  if (issues.some((issue) => issue.path[0] === 'url')) return 'noLink';
  if (!item.title.trim() || issues.some((issue) => issue.path[0] === 'title')) return 'noTitle';
  return 'invalid';
}
