import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { hasHashTag } from './redis-target.js';

describe('Redis Cluster configuration', () => {
  const base = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'nashra-config-')) });

  it('reads the seed nodes, credentials and TLS from a redis+cluster:// URL', () => {
    const config = loadConfig({
      ...base(),
      REDIS_URL: 'rediss+cluster://nashra:p%40ss@10.0.0.1:7000,[::1]:7001,redis-c.internal:7002',
    });
    expect(config.redis).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
        { host: 'redis-c.internal', port: 7002 },
      ],
      username: 'nashra',
      password: 'p@ss',
      tls: true,
    });
  });

  it('takes REDIS_CLUSTER_NODES over a single-server REDIS_URL, and hash-tags the default prefix', () => {
    const config = loadConfig({
      ...base(),
      DATABASE_URL: 'postgres://db/nashra',
      REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001',
    });
    expect(config.redis).toMatchObject({
      mode: 'cluster',
      nodes: [{ port: 7000 }, { port: 7001 }],
    });
    expect(config.QUEUE_PREFIX).toBe('{nashra}');
    expect(loadConfig({ ...base() }).redis).toEqual({
      mode: 'single',
      url: 'redis://127.0.0.1:6379',
    });
  });

  it('refuses malformed cluster addresses, saying why', () => {
    expect(() => loadConfig({ ...base(), REDIS_URL: 'redis+cluster://h1:7000,h2' })).toThrow(
      /^ {2}REDIS_URL: "h2" is not host:port$/m,
    );
    expect(() => loadConfig({ ...base(), REDIS_URL: 'redis+cluster://' })).toThrow(
      /^ {2}REDIS_URL: names no node$/m,
    );
    expect(() => loadConfig({ ...base(), REDIS_CLUSTER_NODES: 'h1:99999' })).toThrow(
      /^ {2}REDIS_CLUSTER_NODES: expected host1:port1,host2:port2,… \(one or more seed nodes\): "h1:99999" is not host:port$/m,
    );
    expect(() => loadConfig({ ...base(), REDIS_URL: 'memcached://h1:7000' })).toThrow(
      /^ {2}REDIS_URL: must start with redis:\/\/, rediss:\/\/, redis\+cluster:\/\/ or rediss\+cluster:\/\/$/m,
    );
    expect(() =>
      loadConfig({
        ...base(),
        REDIS_URL: 'redis+cluster://h1:7000',
        REDIS_CLUSTER_NODES: 'h2:7000',
      }),
    ).toThrow(/REDIS_CLUSTER_NODES: set either it or a cluster REDIS_URL, not both/);
  });

  it('refuses a queue prefix without a hash tag on a cluster, and names one that would do', () => {
    const cluster = { ...base(), REDIS_CLUSTER_NODES: '127.0.0.1:7000' };
    expect(() => loadConfig({ ...cluster, QUEUE_PREFIX: 'news' })).toThrow(
      /QUEUE_PREFIX: on a Redis Cluster the prefix needs a hash tag, such as \{news\}/,
    );
    expect(() => loadConfig({ ...cluster, QUEUE_PREFIX: '{}news' })).toThrow(/QUEUE_PREFIX/);
    expect(loadConfig({ ...cluster, QUEUE_PREFIX: 'site:{news}' }).QUEUE_PREFIX).toBe(
      'site:{news}',
    );
    // One server needs no tag.
    expect(loadConfig({ ...base(), QUEUE_PREFIX: 'news' }).QUEUE_PREFIX).toBe('news');
  });

  it('knows a hash tag as Redis does: the first "{" and the next "}", with something between', () => {
    expect(hasHashTag('{nashra}')).toBe(true);
    expect(hasHashTag('a{b}c')).toBe(true);
    expect(hasHashTag('{}x{y}')).toBe(false);
    expect(hasHashTag('nashra')).toBe(false);
    expect(hasHashTag('{nashra')).toBe(false);
  });
});
