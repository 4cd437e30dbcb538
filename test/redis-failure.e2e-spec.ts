import request from 'supertest';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * Redis dies mid-send (SIGKILL) and comes back three seconds later: with its append-only file, as
 * production runs it, or empty, having lost every job. Either way each subscriber gets one copy.
 */
describe.each([
  ['with its append-only file', true],
  ['empty, every job lost', false],
])('Redis killed mid-send and restarted %s', (_label, persistent) => {
  let redis: PrivateRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await new PrivateRedis(persistent).start();
    t = await startTestApp(
      {
        REDIS_URL: redis.url,
        SEND_BATCH_SIZE: '50',
        SEND_RATE_PER_WORKER: '100',
        SWEEP_SECONDS: '2',
      },
      { headersOnly: true },
    );
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('finishes the campaign once Redis is back, each message exactly once', async () => {
    await seedSubscribers(t, 600);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    // Generous: on a loaded machine the first batches can take a while; the point is what follows.
    await waitFor('a quarter of the messages', () => t.smtp.messages.length >= 150, 60_000);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const whileDown = t.smtp.messages.length;
    expect(whileDown).toBeLessThan(600);
    await redis.start();

    const done = await campaignSent(t, id, 90_000);
    expect(done).toMatchObject({ total: 600, sent: 600, failed: 0, pending: 0 });
    const ids = t.smtp.messages.map((mail) => mail.header('Message-ID'));
    expect(new Set(ids).size).toBe(600);
    expect(ids).toHaveLength(600);
  }, 120_000);
});
