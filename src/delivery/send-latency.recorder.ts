import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { bucketIndex, SEND_LATENCY_BUCKETS, sendLatencyKey } from './latency-buckets.js';

const FLUSH_MS = 5000;

/**
 * How long each campaign message took to be accepted by the SMTP server. Counted in memory and
 * added to a Redis hash every 5 s, so /metrics on any API process shows every worker's sends, at
 * the cost of one round trip per worker per 5 s rather than one per message.
 */
@Injectable()
export class SendLatencyRecorder implements OnModuleDestroy {
  private readonly logger = new Logger(SendLatencyRecorder.name);
  private counts = new Array<number>(SEND_LATENCY_BUCKETS.length + 1).fill(0);
  private sum = 0;
  private total = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  observe(seconds: number): void {
    this.counts[bucketIndex(seconds)]++;
    this.sum += seconds;
    this.total++;
  }

  async flush(): Promise<void> {
    if (this.total === 0) return;
    const counts = this.counts;
    const [sum, total] = [this.sum, this.total];
    this.counts = new Array<number>(counts.length).fill(0);
    this.sum = 0;
    this.total = 0;
    const key = sendLatencyKey(this.config.QUEUE_PREFIX);
    const multi = this.redis.multi();
    counts.forEach((count, index) => {
      if (count > 0) multi.hincrby(key, `b${index}`, count);
    });
    multi.hincrbyfloat(key, 'sum', sum).hincrby(key, 'count', total);
    try {
      await multi.exec();
    } catch (error) {
      // Metrics are worth less than sending: a lost flush is logged, never retried.
      this.logger.warn(`send latency not recorded: ${String(error)}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
