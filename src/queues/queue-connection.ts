import { Global, Module } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import { Cluster } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { clusterOptions, redisOptions } from '../redis/redis-options.js';
import { guardClusterEnd } from './cluster-end-guard.js';

/** The Nest token of what BullMQ's queues and workers connect with. */
export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

/**
 * On one server, options: each queue and worker opens its own connections. On a cluster BullMQ
 * needs an ioredis Cluster instance, which every queue shares and each worker duplicates for its
 * blocking reads; BullMQ leaves it open, so QueuesModule closes it after the workers.
 * maxRetriesPerRequest is null, as BullMQ requires of a worker's connection.
 */
export function queueConnection(config: AppConfig): ConnectionOptions {
  const redis = config.redis;
  if (redis.mode === 'single') return redisOptions(redis.url);
  return guardClusterEnd(new Cluster(redis.nodes, clusterOptions(redis, null)));
}

@Global()
@Module({
  providers: [{ provide: QUEUE_CONNECTION, inject: [APP_CONFIG], useFactory: queueConnection }],
  exports: [QUEUE_CONNECTION],
})
export class QueueConnectionModule {}
