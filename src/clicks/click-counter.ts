import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { clickDay, clickKeys } from './click-keys.js';

export interface Click {
  campaignId: number;
  /** 0: an open (the pixel). */
  articleId: number;
  /** The reader, when per-subscriber tracking proved who it was. */
  subscriberId?: number;
}

/**
 * Counts a click in Redis in one round trip: one HINCRBY, and with a known reader an SADD in the
 * same pipeline. The flusher moves the counts into the database every few seconds, so a click
 * never waits on it.
 */
@Injectable()
export class ClickCounter {
  private readonly keys: ReturnType<typeof clickKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = clickKeys(config.QUEUE_PREFIX);
  }

  async count(click: Click, now = new Date()): Promise<void> {
    const field = `${click.campaignId}.${click.articleId}.${clickDay(now)}`;
    if (click.subscriberId === undefined) {
      await this.redis.hincrby(this.keys.pending, field, 1);
      return;
    }
    // No MULTI (two commands more): the count and the reader are flushed into separate tables, so
    // a flush taken between the two only moves the reader to the next batch.
    const results = await this.redis
      .pipeline()
      .hincrby(this.keys.pending, field, 1)
      .sadd(this.keys.readers, `${click.campaignId}.${click.articleId}.${click.subscriberId}`)
      .exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }
}
