import type { RelayUrl } from '../../config/config.js';
import type { RedisClient } from '../../redis/redis-token.js';
import type { RelayOutcome } from './relay-mailer.js';
import { relayDownKey, relayMessagesKey } from './relay-recorder.js';

/** One relay of SMTP_URLS as the workers left it in Redis (RelayRecorder). */
export interface RelayStatusRow {
  label: string;
  weight: number;
  /** Messages per second per process; 0 for no limit. */
  rate: number;
  /** Until when the last process to find it down left it down; null while it is up. */
  downUntil: Date | null;
  messages: Record<RelayOutcome, number>;
}

/**
 * Each relay in SMTP_URLS order, with what every worker recorded: down until when, and its
 * messages by outcome. As /metrics reads it: a back-off that has ended is up.
 */
export async function relayStatus(
  redis: RedisClient,
  prefix: string,
  relays: RelayUrl[],
): Promise<RelayStatusRow[]> {
  const [down, counts] = await Promise.all([
    redis.hgetall(relayDownKey(prefix)),
    redis.hgetall(relayMessagesKey(prefix)),
  ]);
  const now = Date.now();
  return relays.map(({ label, weight, rate }) => {
    const until = Number(down[label] ?? 0);
    const count = (outcome: RelayOutcome) => Number(counts[`${label} ${outcome}`] ?? 0);
    return {
      label,
      weight,
      rate,
      downUntil: until > now ? new Date(until) : null,
      messages: { sent: count('sent'), refused: count('refused'), failed: count('failed') },
    };
  });
}
