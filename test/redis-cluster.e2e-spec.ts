import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { QUEUES } from '../src/queues/queue-names.js';
import { RedisCluster } from './helpers/redis-cluster.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';
import { startWorker, stopWorker } from './helpers/worker-process.js';

const SUBSCRIBERS = 600;
const SEND_CONCURRENCY = 2;
/**
 * What a failover may send twice. Redis replicates asynchronously, so the new master may lack the
 * last writes the old one acknowledged. The writes a message depends on are its sent-ledger entry
 * (docs/architecture.md, "Exactly once"), needed only until its row is written as sent: each
 * batch holds at most one group of 25 such entries. Two workers, SEND_CONCURRENCY batches each.
 */
const DUPLICATE_BOUND = 2 * SEND_CONCURRENCY * 25;

/**
 * The queues on a Redis Cluster of three masters with a replica each: the API (in the test
 * process) names it by REDIS_CLUSTER_NODES, the two worker processes by a redis+cluster:// URL.
 */
describe('queues on a Redis Cluster', () => {
  const prefix = `{nashra-test-${randomBytes(4).toString('hex')}}`;
  let cluster: RedisCluster;
  let t: TestApp;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await new RedisCluster().start();
    t = await startTestApp(
      { ROLE: 'api', REDIS_CLUSTER_NODES: cluster.seeds, QUEUE_PREFIX: prefix },
      { headersOnly: true },
    );
    const settings = {
      REDIS_URL: cluster.url,
      SEND_BATCH_SIZE: '50',
      SEND_RATE_PER_WORKER: '50',
      SEND_CONCURRENCY: String(SEND_CONCURRENCY),
      SWEEP_SECONDS: '2',
    };
    workers = [startWorker(t, settings), startWorker(t, settings)];
    await seedSubscribers(t, SUBSCRIBERS);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => stopWorker(worker, 'SIGKILL')));
    await t?.close();
    await cluster?.stop();
  });

  const messageIds = (campaignId: string) =>
    t.smtp.messages
      .map((mail) => mail.header('Message-ID') ?? '')
      .filter((id) => id.includes(`campaign.${campaignId}.`));

  async function send(): Promise<string> {
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    return id;
  }

  it('sends a campaign through two workers, every subscriber exactly once', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.campaigns));
    await waitFor('both workers', async () => (await queue.getWorkersCount()) === 2, 30_000);
    const health = await request(t.url).get('/health');
    expect(health.body).toMatchObject({ redis: { ok: true }, workers: { ok: true } });

    const id = await send();
    expect(await campaignSent(t, id, 60_000)).toMatchObject({
      total: SUBSCRIBERS,
      sent: SUBSCRIBERS,
      failed: 0,
      pending: 0,
    });
    const ids = messageIds(id);
    expect(ids).toHaveLength(SUBSCRIBERS);
    expect(new Set(ids).size).toBe(SUBSCRIBERS);
    // The jobs went through the cluster, on the master of the prefix's hash slot, not elsewhere.
    const master = await cluster.masterOf(prefix);
    expect(await cluster.keys(`${prefix}:campaigns:*`)).not.toHaveLength(0);
    expect(await keysOn(t.config.REDIS_URL, `${prefix}:*`)).toHaveLength(0);
    expect(await cluster.masterOf(`${prefix}:campaigns:meta`)).toBe(master);
    const metrics = await request(t.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/nashra_queue_jobs\{queue="campaigns",state="completed"\} [1-9]/);
  }, 90_000);

  it('loses nothing when the master holding the queues is killed mid-send', async () => {
    const master = await cluster.masterOf(prefix);
    const id = await send();
    await waitFor('a quarter of the messages', () => messageIds(id).length >= 150, 60_000);
    const atKill = messageIds(id).length;
    expect(atKill).toBeLessThan(SUBSCRIBERS);
    const stall = watchStall(() => messageIds(id).length);

    const failoverMs = await cluster.killMaster(master, prefix);
    expect(await cluster.masterOf(prefix)).not.toBe(master);
    const done = await campaignSent(t, id, 60_000);
    const longestStallMs = stall.stop();
    expect(done).toMatchObject({ total: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0, pending: 0 });

    const ids = messageIds(id);
    const duplicates = ids.length - new Set(ids).size;
    expect(new Set(ids).size).toBe(SUBSCRIBERS);
    expect(duplicates).toBeLessThanOrEqual(DUPLICATE_BOUND);
    // Every queue's workers came back, not only the busy one: a signup is still confirmed.
    const reader = 'after-failover@readers.example';
    await request(t.url).post('/api/subscriptions').send({ email: reader }).expect(202);
    await waitFor(
      'the confirmation of a signup after the failover',
      () => t.smtp.messages.some((mail) => mail.to.includes(reader)),
      30_000,
    );
    console.warn(
      `cluster failover at ${atKill}/${SUBSCRIBERS} messages: replica promoted after ` +
        `${failoverMs} ms, longest pause in sending ${longestStallMs} ms, ` +
        `${duplicates} duplicates (bound ${DUPLICATE_BOUND})`,
    );
  }, 90_000);

  it('stops its workers cleanly on the cluster after the failover (SIGTERM, exit 0)', async () => {
    const codes = await Promise.all(workers.map((worker) => stopWorker(worker)));
    expect(codes).toEqual([0, 0]);
  }, 30_000);
});

/** The longest time without a new message, from now until stop(). */
function watchStall(count: () => number): { stop(): number } {
  let last = count();
  let since = Date.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = count();
    if (now !== last) {
      longest = Math.max(longest, Date.now() - since);
      [last, since] = [now, Date.now()];
    }
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return longest;
    },
  };
}

async function keysOn(redisUrl: string, pattern: string): Promise<string[]> {
  const redis = new Redis(redisUrl);
  try {
    return await redis.keys(pattern);
  } finally {
    redis.disconnect();
  }
}
