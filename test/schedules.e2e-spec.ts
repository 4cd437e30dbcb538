import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { JOBS, QUEUES } from '../src/queues/queue-names.js';
import { ScheduleRunner } from '../src/schedules/schedule-runner.service.js';
import { ScheduleRun } from '../src/schedules/entities/schedule-run.entity.js';
import { auth, campaignSent, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';
import { startWorker, stopWorker } from './helpers/worker-process.js';

const daily = {
  list: 'daily',
  cron: '0 7 * * *',
  timezone: 'Asia/Baghdad',
  subject: 'نشرة الصباح — {{date}}',
};

async function pushArticles(t: TestApp, ...slugs: string[]) {
  await request(t.url)
    .post('/api/admin/articles')
    .set(auth)
    .send(slugs.map((slug) => ({ url: `https://news.example/${slug}`, title: `خبر ${slug}` })))
    .expect(201);
}

async function createSchedule(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const created = await request(t.url)
    .post('/api/admin/schedules')
    .set(auth)
    .send(body)
    .expect(201);
  return created.body.id as string;
}

const pauseSchedule = (t: TestApp, id: string) =>
  request(t.url).patch(`/api/admin/schedules/${id}`).set(auth).send({ active: false }).expect(200);

/** Runs a new schedule on one worker process that starts after five seconds with no worker at all. */
async function afterDowntime(
  t: TestApp,
  body: Record<string, unknown>,
  graceSeconds: number,
  until: (runs: ScheduleRun[]) => boolean,
): Promise<ScheduleRun[]> {
  const id = await createSchedule(t, body);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const worker = startWorker(t, { SCHEDULE_GRACE_SECONDS: String(graceSeconds) });
  try {
    await waitFor('the slots after the downtime', async () => until(await runsOf(t, id)), 20_000);
  } finally {
    await pauseSchedule(t, id);
    await stopWorker(worker);
  }
  return runsOf(t, id);
}

const runsOf = (t: TestApp, scheduleId: string) =>
  t.db
    .getRepository(ScheduleRun)
    .find({ where: { scheduleId: Number(scheduleId) }, order: { slotAt: 'ASC' } });

describe('digest schedules: the admin API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
  });
  afterAll(() => t.close());

  it('creates a daily schedule whose next runs are 07:00 in its zone, as BullMQ plans them', async () => {
    const created = await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send(daily)
      .expect(201);
    expect(created.body).toMatchObject({ ...daily, sinceLastDigest: true, minArticles: 1 });
    expect(created.body.nextRuns).toHaveLength(5);
    for (const run of created.body.nextRuns as { at: string; local: string }[]) {
      expect(run.local).toMatch(/ 07:00$/);
      expect(run.at).toMatch(/T04:00:00\.000Z$/);
    }
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.schedules));
    const scheduler = await queue.getJobScheduler(`schedule-${created.body.id}`);
    expect(scheduler).toMatchObject({ pattern: daily.cron, tz: daily.timezone });
    expect(new Date(scheduler!.next!).toISOString()).toBe(created.body.nextRunAt);

    const listed = await request(t.url).get('/api/admin/schedules').set(auth).expect(200);
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([created.body.id]);

    const moved = await request(t.url)
      .patch(`/api/admin/schedules/${created.body.id}`)
      .set(auth)
      .send({ cron: '30 6 * * 5', timezone: 'Asia/Beirut' })
      .expect(200);
    expect(moved.body.nextRuns[0].local).toMatch(/ 06:30$/);
    expect(await queue.getJobScheduler(`schedule-${created.body.id}`)).toMatchObject({
      pattern: '30 6 * * 5',
      tz: 'Asia/Beirut',
    });

    await request(t.url)
      .patch(`/api/admin/schedules/${created.body.id}`)
      .set(auth)
      .send({ active: false })
      .expect(200);
    expect(await queue.getJobScheduler(`schedule-${created.body.id}`)).toBeFalsy();
    await request(t.url).delete(`/api/admin/schedules/${created.body.id}`).set(auth).expect(204);
    await request(t.url).get(`/api/admin/schedules/${created.body.id}`).set(auth).expect(404);
  });

  it('refuses what it cannot run with a 422 naming the field, and stores nothing', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ cron: '0 7 * *' }, 'cron'],
      [{ cron: '0 25 * * *' }, 'cron'],
      [{ cron: '*/5 * * * *' }, 'cron'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ list: 'nope' }, 'list'],
      [{ subject: 'نشرة {{name}}' }, 'subject'],
      [{ minArticles: 5, maxArticles: 3 }, 'minArticles'],
      [{ sinceHours: -1 }, 'sinceHours'],
      [{ minArticles: 0 }, 'minArticles'],
      [{ maxArticles: 51 }, 'maxArticles'],
      [{ cron: 7 }, 'cron'],
    ];
    for (const [change, field] of bad) {
      const response = await request(t.url)
        .post('/api/admin/schedules')
        .set(auth)
        .send({ ...daily, ...change });
      expect([change, response.status]).toEqual([change, 422]);
      expect(Object.keys(response.body.fields)).toContain(field);
    }
    // API clients read the reason in English, as from the rest of the API.
    const tooOften = await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send({ ...daily, cron: '*/5 * * * *' })
      .expect(422);
    expect(tooOften.body.fields.cron).toBe(
      'runs every 300 s; a digest may go at most once every 3600 s (SCHEDULE_MIN_INTERVAL_SECONDS)',
    );
    const listed = await request(t.url).get('/api/admin/schedules').set(auth).expect(200);
    expect(listed.body).toEqual([]);
  });
});

describe('digest schedules: what each slot does', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { headersOnly: true });
  });
  afterAll(() => t.close());

  it('sends the new articles, skips a slot with too few, and never resends an article', async () => {
    await seedSubscribers(t, 20);
    const schedule = { id: await createSchedule(t, { ...daily, minArticles: 2 }) };
    const runner = t.app.get(ScheduleRunner);
    const id = Number(schedule.id);

    await pushArticles(t, 'a', 'b', 'c');
    const first = await runner.runSlot(id, new Date(Date.now() - 1000));
    expect(first).toMatchObject({ outcome: 'sent' });
    const sent = await campaignSent(t, String(first!.campaignId), 30_000);
    expect(sent).toMatchObject({ total: 20, sent: 20 });
    const campaign = await t.db.getRepository(Campaign).findOneByOrFail({ id: first!.campaignId! });
    expect(campaign.subject).toMatch(/^نشرة الصباح — \S+ \d{1,2} \S+ \d{4}$/);
    expect(campaign.parsedArticleIds()).toHaveLength(3);
    expect(t.smtp.messages[0].parsed.subject).toBe(campaign.subject);

    await pushArticles(t, 'd');
    const second = await runner.runSlot(id, new Date(Date.now() - 500));
    expect(second).toMatchObject({
      outcome: 'skipped',
      campaignId: null,
      detail: '1 new articles, fewer than the minimum of 2',
    });

    await pushArticles(t, 'e');
    const third = await runner.runSlot(id, new Date());
    expect(third).toMatchObject({ outcome: 'sent' });
    const next = await t.db.getRepository(Campaign).findOneByOrFail({ id: third!.campaignId! });
    const titles = await request(t.url)
      .get(`/api/admin/campaigns/${next.id}/preview?format=text`)
      .set(auth)
      .expect(200);
    expect(titles.text).toContain('خبر d');
    expect(titles.text).toContain('خبر e');
    expect(titles.text).not.toContain('خبر a');

    const shown = await request(t.url).get(`/api/admin/schedules/${schedule.id}`).set(auth);
    expect(shown.body.runs.map((run: { outcome: string }) => run.outcome)).toEqual([
      'sent',
      'skipped',
      'sent',
    ]);
  });

  it('makes one campaign of one slot, however many run it at once', async () => {
    const schedule = {
      id: await createSchedule(t, { ...daily, sinceLastDigest: false, sinceHours: 24 }),
    };
    const slot = new Date(Date.now() - 2000);
    const runner = t.app.get(ScheduleRunner);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => runner.runSlot(Number(schedule.id), slot)),
    );
    const made = new Set(results.map((run) => run?.campaignId).filter(Boolean));
    expect(made.size).toBe(1);
    const campaigns = await t.db
      .getRepository(Campaign)
      .countBy({ scheduleId: Number(schedule.id) });
    expect(campaigns).toBe(1);
    expect(await runsOf(t, schedule.id)).toHaveLength(1);
  });
});

/**
 * BullMQ's job schedulers drive real worker processes here: a cron with seconds, which the API
 * accepts because the test lowers SCHEDULE_MIN_INTERVAL_SECONDS.
 */
describe('digest schedules on worker processes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(
      { ROLE: 'api', SCHEDULE_MIN_INTERVAL_SECONDS: '1' },
      { headersOnly: true },
    );
    await seedSubscribers(t, 10);
    await pushArticles(t, 'x', 'y');
  });
  afterEach(() => t.close());

  const everyTwoSeconds = {
    ...daily,
    cron: '*/2 * * * * *',
    timezone: 'UTC',
    sinceLastDigest: false,
    sinceHours: 24,
  };

  it('two workers make one campaign per slot, even given the same slot twice', async () => {
    const workers = [startWorker(t), startWorker(t)];
    try {
      const schedule = (
        await request(t.url)
          .post('/api/admin/schedules')
          .set(auth)
          .send(everyTwoSeconds)
          .expect(201)
      ).body as { id: string };
      await waitFor('three slots', async () => (await runsOf(t, schedule.id)).length >= 3, 20_000);
      const [firstRun] = await runsOf(t, schedule.id);
      // A stalled or duplicated job for a slot that already ran, delivered to both workers.
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.schedules));
      for (let i = 0; i < 4; i++) {
        await queue.add(JOBS.digestSlot, {
          scheduleId: Number(schedule.id),
          slotAt: new Date(firstRun.slotAt).getTime(),
        });
      }
      await pauseSchedule(t, schedule.id);
      await waitFor('the queue to drain', async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
        return Object.values(counts).every((count) => count === 0);
      });
      const runs = await runsOf(t, schedule.id);
      const campaigns = await t.db
        .getRepository(Campaign)
        .findBy({ scheduleId: Number(schedule.id) });
      expect(runs.every((run) => run.outcome === 'sent')).toBe(true);
      expect(campaigns.map((c) => c.id).sort()).toEqual(runs.map((run) => run.campaignId).sort());
      for (const campaign of campaigns) await campaignSent(t, String(campaign.id), 30_000);
      const ids = t.smtp.messages.map((mail) => mail.header('Message-ID'));
      expect(ids).toHaveLength(10 * campaigns.length);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await Promise.all(workers.map((worker) => stopWorker(worker)));
    }
  }, 60_000);

  it('after downtime, a slot later than the grace period is recorded as missed, once, not sent', async () => {
    // No worker runs for five seconds: two or three slots pass, and only the first is kept.
    const runs = await afterDowntime(t, everyTwoSeconds, 1, (r) =>
      r.some((run) => run.outcome === 'sent'),
    );
    expect(runs[0]).toMatchObject({ outcome: 'missed', campaignId: null });
    expect(runs[0].detail).toMatch(/^ran \d+ s late, after the 1 s grace period$/);
    expect(runs.filter((run) => run.outcome === 'missed')).toHaveLength(1);
    expect(runs[1]).toMatchObject({ outcome: 'sent' });
  }, 60_000);

  it('after downtime within the grace period, the slot is sent late', async () => {
    const [late] = await afterDowntime(t, everyTwoSeconds, 120, (r) => r.length >= 1);
    expect(late.outcome).toBe('sent');
    expect(new Date(late.ranAt).getTime() - new Date(late.slotAt).getTime()).toBeGreaterThan(2000);
  }, 60_000);
});
