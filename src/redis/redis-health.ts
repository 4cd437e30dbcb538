import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-token.js';

/**
 * Answers when Redis can take writes. One server: PING. A cluster: the node asked must also see
 * every slot served (`cluster_state:ok`); while a master's slots wait for a replica's promotion,
 * the cluster refuses their keys, and the queues' slot may be one of them.
 */
export async function checkRedis(redis: RedisClient): Promise<void> {
  if (!(redis instanceof Cluster)) {
    await redis.ping();
    return;
  }
  const info = await redis.cluster('INFO');
  const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
  if (state !== 'ok') throw new Error(`the Redis Cluster reports cluster_state:${state}`);
}
