import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { QUEUES } from '../src/queues/queue-names.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { RelayServer } from './helpers/relay-server.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** How many messages each recipient got, across every relay. */
function deliveries(...relays: RelayServer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const address of relays.flatMap((relay) => relay.accepted)) {
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

async function sendCampaign(t: TestApp): Promise<void> {
  const id = await draftCampaign(t);
  await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
  expect(await campaignSent(t, id, 60_000)).toMatchObject({ failed: 0, pending: 0 });
}

/** Campaign jobs that failed at least once and were retried: each failure leaves its stack. */
async function retriedJobs(t: TestApp): Promise<number> {
  const queue = t.app.get<Queue>(getQueueToken(QUEUES.campaigns));
  const jobs = await queue.getJobs(['completed', 'failed', 'delayed', 'waiting', 'active']);
  return jobs.filter((job) => (job.stacktrace ?? []).length > 0).length;
}

async function metric(t: TestApp, series: string): Promise<number | null> {
  const { text } = await request(t.url).get('/metrics').expect(200);
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

const up = (relay: RelayServer | string) =>
  `nashra_smtp_relay_up{relay="${typeof relay === 'string' ? relay : relay.label}"}`;
const messages = (relay: RelayServer | string, outcome: string) =>
  `nashra_smtp_relay_messages_total{relay="${typeof relay === 'string' ? relay : relay.label}",outcome="${outcome}"}`;

describe('several SMTP relays (SMTP_URLS)', () => {
  let t: TestApp;
  let heavy: RelayServer;
  let light: RelayServer;

  beforeEach(async () => {
    heavy = await new RelayServer().start();
    light = await new RelayServer().start();
    t = await startTestApp({
      SMTP_URLS: `${heavy.url}#weight=3, ${light.url}#weight=1`,
      SEND_BATCH_SIZE: '40',
    });
  });

  afterEach(async () => {
    await t.close();
    heavy.stop();
    light.stop();
  });

  it('spreads a campaign over the relays by their weights, each subscriber once', async () => {
    const readers = await seedSubscribers(t, 400);
    await sendCampaign(t);

    const got = deliveries(heavy, light);
    expect([...got.keys()].sort()).toEqual(readers.map((reader) => reader.email).sort());
    expect([...got.values()].every((count) => count === 1)).toBe(true);
    // Three to one: 300 and 100, give or take what concurrent batches shuffle.
    expect(heavy.accepted.length).toBeGreaterThan(270);
    expect(light.accepted.length).toBeGreaterThan(70);
    // None of it went to the single-server setting's sink.
    expect(t.smtp.messages).toHaveLength(0);

    await waitFor('the relay counts in /metrics', async () => {
      return (await metric(t, messages(heavy, 'sent'))) === heavy.accepted.length;
    });
    expect(await metric(t, messages(light, 'sent'))).toBe(light.accepted.length);
    expect(await metric(t, messages(heavy, 'failed'))).toBe(0);
    expect(await metric(t, up(heavy))).toBe(1);
    expect(await metric(t, up(light))).toBe(1);
  });

  it('a relay killed mid-campaign: its messages move to the other, none lost or sent twice', async () => {
    const readers = await seedSubscribers(t, 400);
    heavy.killAfter(60);
    await sendCampaign(t);

    const got = deliveries(heavy, light);
    expect([...got.keys()].sort()).toEqual(readers.map((reader) => reader.email).sort());
    expect([...got.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    // Killed after its 60th (a few more may finish in the same turn), the rest went to the other.
    expect(heavy.accepted.length).toBeGreaterThanOrEqual(60);
    expect(heavy.accepted.length).toBeLessThan(70);
    // They moved at once, within the batch: no batch failed and waited for its retry.
    expect(await retriedJobs(t)).toBe(0);

    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.smtp).toEqual({
      ok: true,
      relays: [
        { label: heavy.label, status: 'down', downUntil: expect.any(String) },
        { label: light.label, status: 'up' },
      ],
    });
    expect(Date.parse(health.body.smtp.relays[0].downUntil)).toBeGreaterThan(Date.now());

    await waitFor('the dead relay down in /metrics', async () => {
      return (await metric(t, up(heavy))) === 0;
    });
    expect(await metric(t, up(light))).toBe(1);
    await waitFor('the relay counts in /metrics', async () => {
      return (await metric(t, messages(light, 'sent'))) === light.accepted.length;
    });
    expect(await metric(t, messages(heavy, 'sent'))).toBe(heavy.accepted.length);
    expect(await metric(t, messages(heavy, 'failed'))).toBeGreaterThan(0);
  });
});

describe('a relay that refuses connections from the start', () => {
  let t: TestApp;
  let live: RelayServer;
  let dead: string;

  beforeAll(async () => {
    live = await new RelayServer().start();
    dead = `127.0.0.1:${await freePort()}`;
    t = await startTestApp({
      SMTP_URLS: `smtp://${dead}#weight=3,${live.url}`,
      SEND_BATCH_SIZE: '25',
    });
  });

  afterAll(async () => {
    await t.close();
    live.stop();
  });

  it('is left out: everything goes through the other, and /health and /metrics say so', async () => {
    const readers = await seedSubscribers(t, 100);
    await sendCampaign(t);
    expect([...live.accepted].sort()).toEqual(readers.map((reader) => reader.email).sort());
    expect(await retriedJobs(t)).toBe(0);

    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.smtp.ok).toBe(true);
    expect(health.body.smtp.relays).toEqual([
      { label: dead, status: 'down', downUntil: expect.any(String) },
      { label: live.label, status: 'up' },
    ]);
    await waitFor('the dead relay down in /metrics', async () => {
      return (await metric(t, up(dead))) === 0;
    });
    expect(await metric(t, messages(dead, 'sent'))).toBe(0);
  });

  it('every relay down: /health says so, relay by relay', async () => {
    live.kill();
    // The answer to the first probe is kept 30 s: a fresh process asks again.
    const fresh = await startTestApp({ SMTP_URLS: `smtp://${dead},${live.url}` });
    try {
      const health = await request(fresh.url).get('/health').expect(503);
      expect(health.body.smtp).toMatchObject({
        ok: false,
        error: expect.stringContaining('ECONNREFUSED'),
        relays: [
          { label: dead, status: 'down' },
          { label: live.label, status: 'down' },
        ],
      });
    } finally {
      await fresh.close();
    }
  });
});

describe('every relay down mid-campaign', () => {
  let t: TestApp;
  const relays: RelayServer[] = [];

  afterAll(async () => {
    await t.close();
    for (const relay of relays) relay.stop();
  });

  it('the batches wait for their retry, and finish once a relay is back, each subscriber once', async () => {
    const [first, second] = [await new RelayServer().start(), await new RelayServer().start()];
    relays.push(first, second);
    t = await startTestApp({
      SMTP_URLS: `${first.url},${second.url}`,
      SEND_BATCH_SIZE: '25',
      SEND_RATE_PER_WORKER: '100',
    });
    const readers = await seedSubscribers(t, 200);
    first.killAfter(30);
    second.killAfter(30);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await waitFor(
      'both relays killed',
      () => first.accepted.length >= 30 && second.accepted.length >= 30,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const back = await new RelayServer().start(first.port);
    relays.push(back);

    expect(await campaignSent(t, id, 90_000)).toMatchObject({ sent: 200, failed: 0, pending: 0 });
    const got = deliveries(first, second, back);
    expect([...got.keys()].sort()).toEqual(readers.map((reader) => reader.email).sort());
    expect([...got.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(back.accepted.length).toBeGreaterThan(0);
    // The existing retry is what carried them over the outage.
    expect(await retriedJobs(t)).toBeGreaterThan(0);
  }, 120_000);
});
