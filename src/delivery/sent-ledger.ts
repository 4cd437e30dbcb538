import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';

// Kept a day after the last write: longer than any lease, and a finished campaign's key goes.
const KEEP_SECONDS = 24 * 3600;

/**
 * The campaign messages the SMTP server accepted that the database does not yet record as sent
 * (docs/architecture.md, "Exactly once"). A batch writes sent rows to the database in groups, to
 * spare it a statement per message; each acceptance is noted here at once, one SADD, so a worker
 * that dies between two groups leaves a record of what it sent. Whoever takes its rows again
 * sends only what is not here: the messages that can go twice are those on the wire at the crash.
 */
@Injectable()
export class SentLedger {
  private readonly logger = new Logger(SentLedger.name);

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'QUEUE_PREFIX'>,
  ) {}

  /**
   * Notes one accepted message. The command is on its way when this returns, before the next
   * message starts; awaiting it can wait for the next group. A failure only widens the window.
   */
  record(campaignId: number, deliveryId: number): Promise<void> {
    return this.redis.sadd(this.key(campaignId), deliveryId).then(
      () => undefined,
      (error: unknown) => this.logger.warn(`sent ledger: ${String(error)}`),
    );
  }

  /** Which of these rows went out although the database does not say so. */
  async sentAmong(campaignId: number, deliveryIds: readonly number[]): Promise<Set<number>> {
    if (deliveryIds.length === 0) return new Set();
    const found = await this.redis.smismember(this.key(campaignId), ...deliveryIds);
    return new Set(deliveryIds.filter((_, index) => found[index] === 1));
  }

  /** Rows the database now records as sent need no note here. */
  async forget(campaignId: number, deliveryIds: readonly number[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const key = this.key(campaignId);
    await this.redis
      .multi()
      .srem(key, ...deliveryIds)
      .expire(key, KEEP_SECONDS)
      .exec()
      .catch((error: unknown) => this.logger.warn(`sent ledger: ${String(error)}`));
  }

  private key(campaignId: number): string {
    return `${this.config.QUEUE_PREFIX}:sent:${campaignId}`;
  }
}
