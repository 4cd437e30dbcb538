import request from 'supertest';
import { ClickFlusher } from '../src/clicks/click-flusher.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';
import { startWorker, stopWorker } from './helpers/worker-process.js';

/** The clicks of a campaign in the database, flushed by whichever process took them. */
async function clicksInDatabase(t: TestApp, campaignId: string): Promise<number> {
  const [row] = (await t.db.query(
    `SELECT COALESCE(SUM(clicks), 0) AS clicks FROM campaign_clicks WHERE campaign_id = ${Number(campaignId)}`,
  )) as { clicks: number | string }[];
  return Number(row.clicks);
}

describe('click counting across real processes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRACK_CLICKS: 'true' });
  });
  afterAll(() => t.close());

  it('counts every answered click exactly once when two API processes count and one is killed', async () => {
    const [reader] = await seedSubscribers(t, 1, { domain: 'processes.example' });
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent(t, id, 60_000);
    const mail = t.smtp.to(reader.email)[0];
    const path = /href="[^"]*(\/r\/[^"?]+)"/.exec(String(mail.parsed.html))![1];

    // A second API process, as production runs several behind a proxy: same database and Redis.
    const port = await freePort();
    const api = startWorker(t, { ROLE: 'api', PORT: String(port), TRACK_CLICKS: 'true' });
    const other = `http://127.0.0.1:${port}`;
    try {
      await waitFor('the second API process', async () => {
        const health = await request(other)
          .get('/health')
          .catch(() => null);
        return health?.status === 200;
      });
      let answered = 0;
      const click = async (base: string) => {
        const response = await request(base)
          .get(path)
          .redirects(0)
          .catch(() => null);
        if (response?.status === 302) answered++;
      };
      for (let round = 0; round < 30; round++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => click(i % 2 === 0 ? t.url : other)));
        // Killed mid-stream, with counts in Redis and perhaps a flush of its own under way.
        if (round === 15) await stopWorker(api, 'SIGKILL');
      }
      expect(answered).toBeGreaterThanOrEqual(160);
      expect(answered).toBeLessThan(300); // the dead process answered none of its later clicks

      // Whatever the dead process had taken to flush, this one finishes (after a minute at most).
      await waitFor(
        'every answered click in the database',
        async () => {
          await t.app.get(ClickFlusher).flush();
          return (await clicksInDatabase(t, id)) >= answered;
        },
        90_000,
      );
      expect(await clicksInDatabase(t, id)).toBe(answered);
    } finally {
      await stopWorker(api, 'SIGKILL');
    }
  }, 120_000);
});
