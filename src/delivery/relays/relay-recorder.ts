import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, type RedisClient } from '../../redis/redis-token.js';
import type { RelayOutcome, RelayReports } from './relay-mailer.js';

const FLUSH_MS = 5000;

/** Hash of `<host:port> <outcome>` → messages, summed over every process. */
export function relayMessagesKey(prefix: string): string {
  return `${prefix}:metrics:smtp-relay-messages`;
}

/** Hash of `<host:port>` → until when (epoch ms) the last process to find it down left it down. */
export function relayDownKey(prefix: string): string {
  return `${prefix}:metrics:smtp-relay-down`;
}

/**
 * The relays' counts and states in Redis, so /metrics on any API process shows what the workers
 * saw. Counts are added every 5 s (as SendLatencyRecorder does); a relay going down or coming
 * back is written at once, which happens seldom.
 */
@Injectable()
export class RelayRecorder implements RelayReports, OnModuleDestroy {
  private readonly logger = new Logger(RelayRecorder.name);
  private counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  outcome(label: string, outcome: RelayOutcome): void {
    const field = `${label} ${outcome}`;
    this.counts.set(field, (this.counts.get(field) ?? 0) + 1);
  }

  down(label: string, until: Date): void {
    const key = relayDownKey(this.config.QUEUE_PREFIX);
    void this.write(() => this.redis.hset(key, label, String(until.getTime())));
  }

  up(label: string): void {
    void this.write(() => this.redis.hdel(relayDownKey(this.config.QUEUE_PREFIX), label));
  }

  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const counts = this.counts;
    this.counts = new Map();
    const key = relayMessagesKey(this.config.QUEUE_PREFIX);
    const multi = this.redis.multi();
    for (const [field, count] of counts) multi.hincrby(key, field, count);
    await this.write(() => multi.exec());
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(command: () => Promise<unknown>): Promise<void> {
    try {
      await command();
    } catch (error) {
      // Metrics are worth less than sending: a lost write is logged, never retried.
      this.logger.warn(`SMTP relay metrics not recorded: ${String(error)}`);
    }
  }
}
