import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { QUEUES } from '../src/queues/queue-names.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait-for.js';
import { startWorker, stopWorker } from './helpers/worker-process.js';

/** The API in the test process (ROLE=api); the sending happens in real worker processes. */
describe('worker processes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ ROLE: 'api' }, { headersOnly: true });
  });
  afterEach(() => t.close());

  it('two workers on one campaign send each message once, and both obey pause and resume', async () => {
    await seedSubscribers(t, 1000);
    const settings = { SEND_BATCH_SIZE: '50', SEND_RATE_PER_WORKER: '150' };
    const workers = [startWorker(t, settings), startWorker(t, settings)];
    try {
      const id = await draftCampaign(t);
      await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
      await waitFor('some messages', () => t.smtp.messages.length >= 300, 30_000);
      // One campaigns worker per process: a second would double each process's concurrency.
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.campaigns));
      expect(await queue.getWorkersCount()).toBe(2);
      await request(t.url).post(`/api/admin/campaigns/${id}/pause`).set(auth).expect(201);
      await sleep(2500);
      const whilePaused = t.smtp.messages.length;
      await sleep(1500);
      expect(t.smtp.messages.length).toBe(whilePaused);
      expect(whilePaused).toBeLessThan(1000);

      await request(t.url).post(`/api/admin/campaigns/${id}/resume`).set(auth).expect(201);
      expect(await campaignSent(t, id, 90_000)).toMatchObject({
        total: 1000,
        sent: 1000,
        pending: 0,
      });
      const ids = t.smtp.messages.map((mail) => mail.header('Message-ID'));
      expect(ids).toHaveLength(1000);
      expect(new Set(ids).size).toBe(1000);
    } finally {
      await Promise.all(workers.map((worker) => stopWorker(worker)));
    }
  }, 120_000);

  /**
   * A killed worker's batches: BullMQ hands its jobs on once their lock lapses (20 s, stalled
   * checks every 10 s) and its rows are taken again once their lease lapses (LEASE_SECONDS, 30 by
   * default, renewed every 10 s), minus what the sent ledger shows went out. What can go twice is
   * what was on the wire at the kill: one message per SMTP connection (SEND_CONCURRENCY).
   */
  it('a worker killed with SIGKILL mid-campaign: done within 60 s of another worker, one duplicate per connection at most', async () => {
    await seedSubscribers(t, 500);
    const connections = 2;
    const settings = {
      SEND_BATCH_SIZE: '100',
      SEND_RATE_PER_WORKER: '150',
      SEND_CONCURRENCY: String(connections),
    };
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.campaigns));
    const first = startWorker(t, settings);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await waitFor('a third of the messages', () => t.smtp.messages.length >= 160, 30_000);
    await stopWorker(first, 'SIGKILL');
    const atKill = t.smtp.messages.length;
    expect(atKill).toBeLessThan(500);

    await sleep(1000);
    const second = startWorker(t, settings);
    try {
      await waitFor('the second worker', async () => (await queue.getWorkersCount()) >= 1, 30_000);
      const up = Date.now();
      const done = await campaignSent(t, id, 100_000);
      const seconds = (Date.now() - up) / 1000;
      expect(done).toMatchObject({ total: 500, sent: 500, failed: 0, pending: 0 });
      expect(seconds).toBeLessThanOrEqual(60);
      const ids = t.smtp.messages.map((mail) => mail.header('Message-ID'));
      const duplicates = ids.length - new Set(ids).size;
      expect(new Set(ids).size).toBe(500);
      expect(duplicates).toBeLessThanOrEqual(connections);
      console.warn(
        `SIGKILL at ${atKill} messages: finished ${seconds.toFixed(1)} s after the second worker was up, ${duplicates} duplicates (bound ${connections})`,
      );
    } finally {
      await stopWorker(second);
    }
  }, 150_000);
});
