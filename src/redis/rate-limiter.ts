import { Inject, Injectable } from '@nestjs/common';
import { TooManyRequests } from '../common/too-many-requests.js';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS } from './redis-token.js';

/** Fixed-window counters in Redis, shared by every API process. */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one hit on `key`; throws TooManyRequests once the window holds more than `limit`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    return this.hitAll([{ key, limit }], windowSeconds);
  }

  /** Throws TooManyRequests if any key has already reached its limit; counts nothing. */
  async check(counters: { key: string; limit: number }[]): Promise<void> {
    const multi = this.redis.multi();
    for (const { key } of counters) {
      const redisKey = `${this.config.QUEUE_PREFIX}:rate:${key}`;
      multi.get(redisKey).ttl(redisKey);
    }
    const results = await multi.exec();
    counters.forEach(({ limit }, index) => {
      const count = Number(results?.[index * 2]?.[1] ?? 0);
      const ttl = Number(results?.[index * 2 + 1]?.[1] ?? 1);
      if (count >= limit) throw new TooManyRequests(Math.max(ttl, 1));
    });
  }

  /** One hit on each key, in one round trip; throws for the first key over its limit. */
  async hitAll(counters: { key: string; limit: number }[], windowSeconds: number): Promise<void> {
    const multi = this.redis.multi();
    for (const { key } of counters) {
      const redisKey = `${this.config.QUEUE_PREFIX}:rate:${key}`;
      multi.incr(redisKey).expire(redisKey, windowSeconds, 'NX').ttl(redisKey);
    }
    const results = await multi.exec();
    counters.forEach(({ limit }, index) => {
      const count = Number(results?.[index * 3]?.[1] ?? 0);
      const ttl = Number(results?.[index * 3 + 2]?.[1] ?? windowSeconds);
      if (count > limit) throw new TooManyRequests(Math.max(ttl, 1));
    });
  }
}
