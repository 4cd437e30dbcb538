/** The Nest token of the shared ioredis connection (RedisModule provides it). */
export const REDIS = Symbol('REDIS');
