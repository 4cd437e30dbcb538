import type { Cluster, Redis } from 'ioredis';

/** The Nest token of the shared ioredis connection (RedisModule provides it). */
export const REDIS = Symbol('REDIS');

/**
 * What `@Inject(REDIS)` gives: one server's client, or a Redis Cluster's. Both take the same
 * single-key commands; a multi-key command or script must keep its keys on one hash slot, which
 * the hash-tagged QUEUE_PREFIX that starts every key does.
 */
export type RedisClient = Redis | Cluster;
