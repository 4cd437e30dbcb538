import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, type RedisClient } from '../../redis/redis-token.js';
import { BounceMailbox, type PassReport } from './bounce-mailbox.service.js';

export const POLL_EVERY_MS = 60_000;

/** The Redis key whose holder has this minute's scheduled pass. */
export const pollSlotKey = (config: Pick<AppConfig, 'QUEUE_PREFIX'>) =>
  `${config.QUEUE_PREFIX}:bounce-mailbox:slot`;

/**
 * Every minute, one pass over the bounce mailbox across all workers: each worker's timer asks
 * Redis for the minute's slot, and the one that gets it runs the pass (under the mailbox lock,
 * which a manual pass takes too). A worker stopping lets its running pass finish its message.
 */
@Injectable()
export class BounceMailboxPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BounceMailboxPoller.name);
  private readonly slotKey: string;
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly mailbox: BounceMailbox,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.slotKey = pollSlotKey(config);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pollIfDue(), POLL_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.mailbox.stop();
    await this.running;
  }

  /** The minute's pass, unless another worker has had it; never throws. */
  async pollIfDue(): Promise<PassReport | 'busy' | 'not due'> {
    try {
      // A little under a minute, so that timer drift never skips a minute.
      const slot = await this.redis.set(this.slotKey, '1', 'PX', POLL_EVERY_MS - 5_000, 'NX');
      if (slot !== 'OK') return 'not due';
    } catch (error) {
      this.logger.warn(`bounce mailbox: Redis did not answer: ${String(error)}`);
      return 'busy';
    }
    const pass = this.mailbox.runPass();
    this.running = pass;
    return pass;
  }
}
