import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { clickKeys } from './click-keys.js';
import { type ClickBatch, ClicksRepository } from './clicks.repository.js';

const FLUSH_MS = 5000;
/** A batch still listed this long after it was taken was left by a flusher that died. */
const ORPHAN_MS = 60_000;
const LEDGER_KEEP_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

/**
 * Takes what is pending as one batch, atomically: clicks counted after this go to a fresh hash.
 * Nothing is taken (and no batch listed) when nothing is pending.
 */
const TAKE_BATCH = `
local moved = 0
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[3]) moved = 1 end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[4]) moved = 1 end
if moved == 1 then redis.call('SADD', KEYS[5], ARGV[1]) end
return moved`;

const COUNT_FIELD = /^(\d{1,12})\.(\d{1,12})\.(\d{4}-\d{2}-\d{2})$/;
const READER_MEMBER = /^(\d{1,12})\.(\d{1,12})\.(\d{1,12})$/;

/**
 * Moves click counts from Redis into the database every 5 s, in every process that serves HTTP.
 *
 * No count is lost or added twice, whichever process dies between which steps: (1) a script
 * renames the pending hash to a batch of its own and lists the batch, in one step; (2) the batch
 * is added to the database in one transaction with its id in click_flushes, which refuses an id
 * twice; (3) only then is the batch deleted from Redis. A process that dies after (1) leaves its
 * batch listed: any flusher finishes it a minute later. One that dies after (2) leaves a batch
 * the ledger already has: it is deleted without being added again.
 */
@Injectable()
export class ClickFlusher implements OnModuleDestroy {
  private readonly logger = new Logger(ClickFlusher.name);
  private readonly keys: ReturnType<typeof clickKeys>;
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private prunedAt = 0;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clicks: ClicksRepository,
  ) {
    this.keys = clickKeys(config.QUEUE_PREFIX);
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_MS);
    this.timer.unref();
  }

  /** Flushes everything counted until now; flushes of one process run one after another. */
  flush(): Promise<void> {
    const run = this.running.then(() => this.flushOnce(Date.now()));
    this.running = run.catch((error: unknown) => {
      this.logger.warn(`clicks not flushed yet, kept in Redis: ${String(error)}`);
    });
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  private async flushOnce(now: number): Promise<void> {
    const id = `${now}-${randomUUID()}`;
    const keys = this.keys;
    await this.redis.eval(
      TAKE_BATCH,
      5,
      keys.pending,
      keys.readers,
      keys.batchCounts(id),
      keys.batchReaders(id),
      keys.batches,
      id,
    );
    for (const batch of await this.redis.smembers(keys.batches)) {
      const takenAt = Number(batch.split('-')[0]);
      // Another process's batch of a moment ago is its own to finish.
      if (batch !== id && now - takenAt < ORPHAN_MS) continue;
      await this.apply(batch);
    }
    if (now - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await this.clicks.forgetFlushesBefore(new Date(now - LEDGER_KEEP_MS));
    }
  }

  private async apply(id: string): Promise<void> {
    const keys = this.keys;
    const [counts, readers] = await Promise.all([
      this.redis.hgetall(keys.batchCounts(id)),
      this.redis.smembers(keys.batchReaders(id)),
    ]);
    await this.clicks.applyBatch(readBatch(id, counts, readers));
    await this.redis
      .multi()
      .del(keys.batchCounts(id), keys.batchReaders(id))
      .srem(keys.batches, id)
      .exec();
  }
}

function readBatch(id: string, counts: Record<string, string>, readers: string[]): ClickBatch {
  const batch: ClickBatch = { id, counts: [], readers: [] };
  for (const [field, value] of Object.entries(counts)) {
    const match = COUNT_FIELD.exec(field);
    const clicks = Number(value);
    if (!match || !Number.isSafeInteger(clicks) || clicks <= 0) continue;
    batch.counts.push({
      campaignId: Number(match[1]),
      articleId: Number(match[2]),
      day: match[3],
      clicks,
    });
  }
  for (const member of readers) {
    const match = READER_MEMBER.exec(member);
    if (!match) continue;
    batch.readers.push({
      campaignId: Number(match[1]),
      articleId: Number(match[2]),
      subscriberId: Number(match[3]),
    });
  }
  return batch;
}
