import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import {
  type DkimConfig,
  dkimConfig,
  dkimDomain,
  dkimProblems,
  dkimSelector,
  privateKey,
} from './dkim-config.js';
import {
  CLUSTER_NODES_FORMAT,
  hasHashTag,
  parseClusterNodes,
  parseRedisUrl,
  type RedisTarget,
} from './redis-target.js';
import { parseRelayUrls } from './relay-urls.js';
import { trustProxy } from './trust-proxy.js';

export type { DkimConfig, DkimKey } from './dkim-config.js';
export type { RedisTarget } from './redis-target.js';
export type { RelayUrl } from './relay-urls.js';
export type { TrustProxy } from './trust-proxy.js';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

/** Refuses a value `parse` throws on, with its reason. */
const parsedBy =
  (parse: (value: string) => unknown, lead = '') =>
  (value: string, context: z.RefinementCtx) => {
    try {
      parse(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: lead + (error as Error).message });
    }
  };

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** The environment as docs/architecture.md ("Contracts", "Environment") names it; every variable has a default except where production needs one. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: httpUrl.default('http://localhost:3000'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/nashra.sqlite'),
  /** One server, or a Redis Cluster's seed nodes (`redis+cluster://h1:7000,h2:7001`). */
  REDIS_URL: z
    .string()
    .regex(
      /^rediss?(\+cluster)?:\/\//,
      'must start with redis://, rediss://, redis+cluster:// or rediss+cluster://',
    )
    .superRefine(parsedBy(parseRedisUrl))
    .default('redis://127.0.0.1:6379'),
  /** A Redis Cluster's seed nodes, `h1:7000,h2:7001`; overrides REDIS_URL. */
  REDIS_CLUSTER_NODES: z
    .string()
    .superRefine(parsedBy(parseClusterNodes, `expected ${CLUSTER_NODES_FORMAT}: `))
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}:-]+$/, 'letters, digits, _ - : { } only')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /**
   * Several relays, `smtp://a:587#weight=3&rate=50,smtps://b` (see relay-urls.ts); overrides
   * SMTP_URL. Each message goes to one of those up, by weight, within each relay's rate.
   */
  SMTP_URLS: z
    .string()
    .transform((value, context) => {
      try {
        return parseRelayUrls(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** The name our SMTP client greets with (EHLO); unset: the host's FQDN, else the address literal. */
  SMTP_HELO_NAME: z
    .string()
    .regex(
      /^(([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|\[(IPv6:)?[0-9A-Fa-f:.]+\])$/,
      'must be a fully-qualified host name (mail.example.com) or an address literal ([192.0.2.1])',
    )
    .optional(),
  MAIL_FROM: z.string().min(3).default('نشرة <newsletter@localhost>'),
  UNSUBSCRIBE_MAILTO: z.email().optional(),
  /** Base of the per-message VERP envelope sender; unset: MAIL_FROM's address. */
  BOUNCE_ADDRESS: z.email().optional(),
  /**
   * The bounce mailbox (`imaps://user:pass@host:993/INBOX`): workers read it every minute and act
   * on each report as the DSN webhook does. Unset: bounces come only through the webhooks.
   */
  BOUNCE_IMAP_URL: z
    .url({ protocol: /^imaps?$/, error: 'must be an imap:// or imaps:// URL' })
    .optional(),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ALLOWED_ORIGINS: csv.default([]),
  /** A hop count or the proxies' addresses; never `true` (see trust-proxy.ts). */
  TRUST_PROXY: trustProxy.default(false),
  DATA_DIR: z.string().min(1).default('./data'),
  DEV_INBOX_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
  SITE_NAME: z.string().min(1).default('نشرة'),
  SITE_URL: httpUrl.optional(),
  SITE_ADDRESS: z.string().default(''),
  SIGNUP_CTA: z
    .string()
    .min(1)
    .default(
      'هل أعجبك المحتوى وتريد المزيد منه يصل إلى صندوق بريدك الإلكتروني بشكلٍ دوري؟ اشترك بنشرتنا البريدية.',
    ),
  CONFIRM_TOKEN_TTL_HOURS: z.coerce.number().positive().default(168),
  CONFIRM_RESEND_MINUTES: z.coerce.number().min(0).default(10),
  SIGNUP_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
  SIGNUP_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  SIGNUP_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  /** Lifts the feed fetcher's private-address rule: local development and tests only. */
  FEED_ALLOW_PRIVATE: booleanFlag.default(false),
  DIGEST_DATE_LOCALE: z.string().min(2).default('ar'),
  DIGEST_DIGITS: z.enum(['latn', 'arab']).default('latn'),
  DIGEST_TIMEZONE: z.string().min(1).default('Asia/Baghdad'),
  SEND_BATCH_SIZE: z.coerce.number().int().min(1).max(900).default(250),
  /** Messages per second per worker process; 0 means as fast as the SMTP server takes them. */
  SEND_RATE_PER_WORKER: z.coerce.number().min(0).default(0),
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry of a temporarily refused delivery after this long, doubling each time. */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5000),
  /**
   * A batch's lease on its claimed rows: the worker sending them renews it every third of this;
   * once it lapses (the worker died), any worker may take the rows again.
   */
  LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(30),
  /** A digest slot that comes later than this (after downtime) is recorded as missed, not sent. */
  SCHEDULE_GRACE_SECONDS: z.coerce.number().int().min(0).default(7200),
  /** Schedules may not run more often than this: a cron typo must not mail the list every minute. */
  SCHEDULE_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** Shared secret of the bounce and DSN webhooks; unset, they are closed. */
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often workers look for work Redis lost (a restart without persistence, a flush). */
  SWEEP_SECONDS: z.coerce.number().int().min(1).default(60),
  /** When set, GET /metrics wants "Authorization: Bearer <METRICS_TOKEN>". */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Production refuses to start with /metrics open unless the operator says so here. */
  METRICS_PUBLIC: booleanFlag.default(false),
  TRANSACTIONAL_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Article links through /r/:token, counted per campaign × article (`true`); `per-subscriber`
   * also records which readers clicked. Off by default: nothing is counted, links are plain.
   */
  TRACK_CLICKS: z.enum(['false', 'true', 'per-subscriber']).default('false'),
  /** The open pixel. Off by default: opens lie since Apple's Mail Privacy Protection (README). */
  TRACK_OPENS: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** DKIM: the d= domain, the RSA key's selector and the key; the three come together. */
  DKIM_DOMAIN: dkimDomain.optional(),
  DKIM_SELECTOR: dkimSelector.optional(),
  DKIM_PRIVATE_KEY: privateKey('rsa').optional(),
  /** A second, ed25519-sha256 signature beside the RSA one, under its own selector. */
  DKIM_ED25519_KEY: privateKey('ed25519').optional(),
  DKIM_ED25519_SELECTOR: dkimSelector.optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

type DkimVariable = Extract<keyof Environment, `DKIM_${string}`>;

export interface AppConfig extends Omit<
  Environment,
  'APP_SECRET' | 'SMTP_URL' | 'QUEUE_PREFIX' | DkimVariable
> {
  APP_SECRET: string;
  QUEUE_PREFIX: string;
  SMTP_URL: string | undefined;
  database: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };
  /** Where the queues and every other Redis key live: REDIS_URL or REDIS_CLUSTER_NODES, parsed. */
  redis: RedisTarget;
  /** The embedded dev inbox runs only outside production and only when no SMTP server is configured. */
  devInbox: boolean;
  /** Unset: mail goes out unsigned. */
  dkim: DkimConfig | null;
}

export class ConfigError extends Error {}

/** Validates the environment once; a bad value throws a ConfigError naming every variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(
    Object.keys(environmentSchema.shape).map((key) => [key, emptyToUndefined(env[key])]),
  );
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const {
    DKIM_DOMAIN,
    DKIM_SELECTOR,
    DKIM_PRIVATE_KEY,
    DKIM_ED25519_KEY,
    DKIM_ED25519_SELECTOR,
    ...values
  } = parsed.data;
  const dkimVariables = {
    DKIM_DOMAIN,
    DKIM_SELECTOR,
    DKIM_PRIVATE_KEY,
    DKIM_ED25519_KEY,
    DKIM_ED25519_SELECTOR,
  };
  const production = values.NODE_ENV === 'production';
  const problems = production
    ? (['APP_SECRET', 'SMTP_URL'] as const)
        // Several relays stand in for the one.
        .filter((key) => !values[key] && !(key === 'SMTP_URL' && values.SMTP_URLS))
        .map((key) => `${key}: required when NODE_ENV=production`)
    : [];
  // Workers serve no HTTP, so only a process that answers GET /metrics needs to know.
  const servesMetrics = production && values.ROLE !== 'worker';
  if (servesMetrics && !values.METRICS_TOKEN && !values.METRICS_PUBLIC) {
    problems.push(
      'METRICS_TOKEN: required when NODE_ENV=production (or METRICS_PUBLIC=true, to leave GET /metrics open to whoever reaches it)',
    );
  }
  problems.push(...dkimProblems(dkimVariables));
  const redis = redisTarget(values.REDIS_URL, values.REDIS_CLUSTER_NODES);
  const queuePrefix = values.QUEUE_PREFIX ?? defaultQueuePrefix(values.DATABASE_URL, redis);
  problems.push(...redisProblems(values, redis, queuePrefix));
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  return {
    ...values,
    APP_SECRET: values.APP_SECRET ?? developmentSecret(values.DATA_DIR),
    SMTP_URL: values.SMTP_URL,
    QUEUE_PREFIX: queuePrefix,
    database: parseDatabaseUrl(values.DATABASE_URL),
    redis,
    devInbox: !production && !values.SMTP_URL && !values.SMTP_URLS,
    dkim: dkimConfig(dkimVariables),
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseDatabaseUrl(url: string): AppConfig['database'] {
  if (url.startsWith('sqlite:')) {
    return { type: 'sqlite', path: url.slice('sqlite:'.length) || ':memory:' };
  }
  return { type: 'postgres', url };
}

function redisTarget(url: string, clusterNodes: string | undefined): RedisTarget {
  return clusterNodes ? parseClusterNodes(clusterNodes) : parseRedisUrl(url);
}

function redisProblems(
  values: Pick<Environment, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>,
  redis: RedisTarget,
  queuePrefix: string,
): string[] {
  const problems: string[] = [];
  if (values.REDIS_CLUSTER_NODES && values.REDIS_URL.includes('+cluster://')) {
    problems.push('REDIS_CLUSTER_NODES: set either it or a cluster REDIS_URL, not both');
  }
  if (redis.mode === 'cluster' && !hasHashTag(queuePrefix)) {
    problems.push(
      `QUEUE_PREFIX: on a Redis Cluster the prefix needs a hash tag, such as {${queuePrefix}}, ` +
        "so that each queue's keys share one hash slot (BullMQ's scripts touch several at once)",
    );
  }
  return problems;
}

/**
 * Every key in Redis starts with the prefix, and job schedulers (feeds, schedules) live there for
 * good. Two checkouts on one Redis, each with its embedded SQLite file, must not run each other's
 * feed polls and digests: unset, the prefix names the database file (`nashra-1a2b3c4d`). A
 * PostgreSQL deployment keeps the plain `nashra` its operators already have. On a Redis Cluster
 * the same name becomes a hash tag (`{nashra}`), which keeps every key on one slot.
 */
function defaultQueuePrefix(databaseUrl: string, redis: RedisTarget): string {
  const database = parseDatabaseUrl(databaseUrl);
  const name =
    database.type !== 'sqlite' || database.path === ':memory:'
      ? 'nashra'
      : `nashra-${createHash('sha256').update(resolve(database.path)).digest('hex').slice(0, 8)}`;
  return redis.mode === 'cluster' ? `{${name}}` : name;
}

/** Outside production a secret is generated once and kept beside the data, so links survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = `${dataDir}/app-secret`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
