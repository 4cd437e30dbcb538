import { Cluster, type ClusterOptions, Redis } from 'ioredis';
import type { RedisTarget } from '../config/config.js';
import type { RedisClient } from './redis-token.js';

/** The subset of connection options both ioredis and BullMQ accept. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
  maxRetriesPerRequest: number | null;
}

/** ioredis options from REDIS_URL; BullMQ needs maxRetriesPerRequest null on blocking connections. */
export function redisOptions(redisUrl: string): RedisConnectionOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.replace('/', '');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: db ? Number(db) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

// While a master is down, a command for its slots is retried every 200 ms, up to 100 times: 20 s,
// longer than a failover takes (the cluster's node timeout, then a replica's election).
const FAILOVER_RETRY_MS = 200;
const FAILOVER_RETRIES = 100;

/** ioredis Cluster options for a cluster target; `maxRetriesPerRequest` goes to every node. */
export function clusterOptions(
  target: RedisTarget & { mode: 'cluster' },
  maxRetriesPerRequest: number | null,
): ClusterOptions {
  return {
    redisOptions: {
      username: target.username,
      password: target.password,
      tls: target.tls ? {} : undefined,
      maxRetriesPerRequest,
    },
    // ioredis resolves host names to addresses; a TLS certificate names the host.
    dnsLookup: target.tls ? (address, callback) => callback(null, address) : undefined,
    retryDelayOnFailover: FAILOVER_RETRY_MS,
    retryDelayOnClusterDown: FAILOVER_RETRY_MS,
    retryDelayOnTryAgain: FAILOVER_RETRY_MS,
    maxRedirections: FAILOVER_RETRIES,
  };
}

/** A client for one server or for a cluster, as the configuration names it. */
export function createRedisClient(
  target: RedisTarget,
  maxRetriesPerRequest: number | null,
): RedisClient {
  if (target.mode === 'single') {
    return new Redis({ ...redisOptions(target.url), maxRetriesPerRequest });
  }
  return new Cluster(target.nodes, clusterOptions(target, maxRetriesPerRequest));
}
