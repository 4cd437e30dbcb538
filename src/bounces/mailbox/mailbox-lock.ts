import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../redis/redis-token.js';

/** Deletes the key only if it still holds our token: a lock that expired and was taken is not ours. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * One pass over the bounce mailbox at a time, across every worker: SET NX PX with a token of our
 * own. The expiry outlasts the longest pass (a pass stops taking messages before it), so a worker
 * killed mid-pass holds the mailbox for that long at most.
 */
export class MailboxLock {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  /** The release function, or null when another pass holds the mailbox. */
  async acquire(): Promise<(() => Promise<void>) | null> {
    const token = randomBytes(12).toString('hex');
    if ((await this.redis.set(this.key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') return null;
    return async () => {
      await this.redis.eval(RELEASE, 1, this.key, token);
    };
  }
}
