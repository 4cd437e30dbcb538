import { Inject, Injectable } from '@nestjs/common';
import { TooManyRequests } from '../common/too-many-requests.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from './redis-token.js';

export interface Counter {
  key: string;
  limit: number;
}

/** What one attempt reserves: see `reserve`. */
export interface Reservation {
  /** Refused outright while any holds `limit` attempts in the window. */
  hard: Counter[];
  /** Past `limit` attempts, one attempt per growing delay (2 s, 4 s, 8 s … 60 s). */
  slow: Counter[];
  windowSeconds: number;
}

const FIRST_DELAY_MS = 2000;
const LONGEST_DELAY_MS = 60_000;
// How long a gate stays closed for an attempt that never reports its end (its process died).
const IN_FLIGHT_MS = 30_000;

// Checking and counting in one script: parallel attempts cannot all pass a check made before any
// of them is counted. A slow counter's window starts again with each attempt, and each attempt
// from its limit on closes a gate (`<key>:gate`, holding the delay) until `finish` starts the
// delay: attempts that take longer than a delay do not open it early. Returns the wait in ms, or 0.
const RESERVE = `
local window, nHard, nSlow = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local first, longest, inFlight = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local wait = 0
for i = 1, nHard do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[6 + i]) then
    local ttl = redis.call('PTTL', KEYS[i])
    wait = math.max(wait, ttl > 0 and ttl or window * 1000)
  end
end
for j = 1, nSlow do
  wait = math.max(wait, redis.call('PTTL', KEYS[nHard + nSlow + j]))
end
if wait > 0 then return wait end
for i = 1, nHard do
  redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], window, 'NX')
end
for j = 1, nSlow do
  local count = redis.call('INCR', KEYS[nHard + j])
  redis.call('EXPIRE', KEYS[nHard + j], window)
  local limit = tonumber(ARGV[6 + nHard + j])
  if count >= limit then
    local delay = math.floor(math.min(first * 2 ^ (count - limit), longest))
    redis.call('SET', KEYS[nHard + nSlow + j], delay, 'PX', delay + inFlight)
  end
end
return 0
`;

// KEYS: the counters, then the gates. A successful attempt gives its count back (a window that
// ended has nothing to give); every attempt's end starts the delay of a gate it closed.
const FINISH = `
local nCounters, succeeded = tonumber(ARGV[1]), ARGV[2] == '1'
for i = 1, nCounters do
  if succeeded and tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
    redis.call('DECR', KEYS[i])
  end
end
for i = nCounters + 1, #KEYS do
  local delay = redis.call('GET', KEYS[i])
  if delay then redis.call('PEXPIRE', KEYS[i], delay) end
end
`;

/** Fixed-window counters in Redis, shared by every API process. */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one hit on `key`; throws TooManyRequests once the window holds more than `limit`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<void> {
    return this.hitAll([{ key, limit }], windowSeconds);
  }

  /**
   * Reserves one attempt on every counter before the attempt is made, atomically, or throws
   * TooManyRequests with the wait. An attempt that succeeds gives its reservation back.
   */
  async reserve({ hard, slow, windowSeconds }: Reservation): Promise<void> {
    const keys = [...hard, ...slow].map(({ key }) => this.redisKey(key));
    const gates = slow.map(({ key }) => `${this.redisKey(key)}:gate`);
    const waitMs = Number(
      await this.redis.eval(
        RESERVE,
        keys.length + gates.length,
        ...keys,
        ...gates,
        windowSeconds,
        hard.length,
        slow.length,
        FIRST_DELAY_MS,
        LONGEST_DELAY_MS,
        IN_FLIGHT_MS,
        ...[...hard, ...slow].map(({ limit }) => limit),
      ),
    );
    if (waitMs > 0) throw new TooManyRequests(Math.ceil(waitMs / 1000));
  }

  /** Ends an attempt `reserve` let through; one that succeeded gives its reservation back. */
  async finish({ hard, slow }: Reservation, succeeded: boolean): Promise<void> {
    const keys = [...hard, ...slow].map(({ key }) => this.redisKey(key));
    const gates = slow.map(({ key }) => `${this.redisKey(key)}:gate`);
    await this.redis.eval(
      FINISH,
      keys.length + gates.length,
      ...keys,
      ...gates,
      keys.length,
      succeeded ? 1 : 0,
    );
  }

  /** One hit on each key, in one round trip; throws for the first key over its limit. */
  async hitAll(counters: Counter[], windowSeconds: number): Promise<void> {
    const multi = this.redis.multi();
    for (const { key } of counters) {
      const redisKey = this.redisKey(key);
      multi.incr(redisKey).expire(redisKey, windowSeconds, 'NX').ttl(redisKey);
    }
    const results = await multi.exec();
    counters.forEach(({ limit }, index) => {
      const count = Number(results?.[index * 3]?.[1] ?? 0);
      const ttl = Number(results?.[index * 3 + 2]?.[1] ?? windowSeconds);
      if (count > limit) throw new TooManyRequests(Math.max(ttl, 1));
    });
  }

  private redisKey(key: string): string {
    return `${this.config.QUEUE_PREFIX}:rate:${key}`;
  }
}
