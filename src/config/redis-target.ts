/** One Redis server (`redis://`, `rediss://`), or the seed nodes of a Redis Cluster. */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | {
      mode: 'cluster';
      nodes: { host: string; port: number }[];
      username?: string;
      password?: string;
      tls: boolean;
    };

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/]*)@)?([^/?#]*)\/?$/;
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export const CLUSTER_URL_FORMAT =
  'redis+cluster://[user:password@]host1:port1,host2:port2,… (rediss+cluster:// for TLS)';
export const CLUSTER_NODES_FORMAT = 'host1:port1,host2:port2,… (one or more seed nodes)';

/** `host:port,host:port`, or a message saying which entry is wrong. */
export function parseClusterNodes(list: string): RedisTarget & { mode: 'cluster' } {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('names no node');
  const nodes = entries.map((entry) => {
    const match = NODE.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      throw new Error(`"${entry}" is not host:port`);
    }
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
  return { mode: 'cluster', nodes, tls: false };
}

/** REDIS_URL as a target; throws with the reason for a cluster URL that does not parse. */
export function parseRedisUrl(url: string): RedisTarget {
  if (!url.includes('+cluster://')) return { mode: 'single', url };
  const match = CLUSTER_URL.exec(url);
  if (!match) throw new Error(`expected ${CLUSTER_URL_FORMAT}`);
  const [, scheme, credentials, hosts] = match;
  const target = parseClusterNodes(hosts!);
  const [username, password] = credentials ? splitCredentials(credentials) : [];
  return { ...target, username, password, tls: scheme === 'rediss' };
}

function splitCredentials(credentials: string): [string | undefined, string | undefined] {
  const colon = credentials.indexOf(':');
  const user = colon < 0 ? credentials : credentials.slice(0, colon);
  const password = colon < 0 ? undefined : credentials.slice(colon + 1);
  return [
    user ? decodeURIComponent(user) : undefined,
    password ? decodeURIComponent(password) : undefined,
  ];
}

/**
 * Redis Cluster keeps a multi-key command (every BullMQ script, the rate limiter's) on one node
 * only when its keys share a hash slot. Every key starts with the prefix, so a hash tag in it
 * (`{…}`, not empty: Redis hashes what the first `{` and the next `}` enclose) is enough.
 */
export function hasHashTag(prefix: string): boolean {
  return /^[^{]*\{[^}]+\}/.test(prefix);
}
