import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Article } from '../src/articles/entities/article.entity.js';
import { Feed } from '../src/articles/entities/feed.entity.js';
import { FeedPoller } from '../src/articles/feed-poller.service.js';
import { QUEUES } from '../src/queues/queue-names.js';
import { launchChromium } from './helpers/browser.js';
import { createEditor, EDITOR_PASSWORD, type EditorAgent, logIn } from './helpers/editors.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { auth } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const paragraphs = readFileSync(join(import.meta.dirname, 'fixtures/article-ar.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim());
/** Numbers as the pages write them (`Intl.NumberFormat('ar')`). */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);

/** A news site's RSS feed on loopback, counting the requests it gets. */
async function startSite(): Promise<{ url: string; requests: () => number; server: Server }> {
  let requests = 0;
  const items = paragraphs
    .slice(0, 3)
    .map(
      (text, index) => `<item><title>خبر ${index + 1}</title>
        <link>https://news.example/article-${index + 1}</link>
        <pubDate>Mon, 23 Nov 2026 0${index + 6}:00:00 GMT</pubDate>
        <description><![CDATA[<p>${text}</p>]]></description></item>`,
    )
    .join('');
  const rss = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>الحل نت</title>${items}</channel></rss>`;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(rss);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
  return { url, requests: () => requests, server };
}

describe('the feeds on the articles page', () => {
  let t: TestApp;
  let editor: EditorAgent;
  let site: Awaited<ReturnType<typeof startSite>>;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp({ FEED_ALLOW_PRIVATE: 'true' });
    site = await startSite();
    queue = t.app.get<Queue>(getQueueToken(QUEUES.feeds));
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => site.server.close(resolve));
  });

  const get = (path: string) => request(t.url).get(path).set('Cookie', editor.cookie);
  const post = (path: string, fields: Record<string, string> = {}) =>
    request(t.url)
      .post(path)
      .set('Cookie', editor.cookie)
      .type('form')
      .send({ _csrf: editor.csrf, ...fields });
  const feedAt = (url: string) => t.db.getRepository(Feed).findOneByOrFail({ url });
  const scheduler = async (id: number) =>
    (await queue.getJobSchedulers()).find((entry) => entry.key === `feed-${id}`);
  const polled = (id: number) =>
    waitFor('the feed to be read', async () => {
      const feed = await t.db.getRepository(Feed).findOneByOrFail({ id });
      return feed.lastStatus !== 'pending' && feed;
    });

  it('adds a feed through the form, keeping what was typed when it is refused', async () => {
    const noScheme = await post('/admin/feeds', { url: 'news.example/feed', pollMinutes: '10' });
    expect(noScheme.status).toBe(422);
    expect(noScheme.text).toContain('اكتب رابط الخلاصة كاملاً');
    expect(noScheme.text).toContain('<bdi dir="ltr">https://</bdi>');
    expect(noScheme.text).toMatch(
      /<input\s+id="feed-url"[^>]*dir="ltr"[^>]*value="news\.example\/feed"/,
    );

    const badInterval = await post('/admin/feeds', { url: site.url, pollMinutes: '0' });
    expect(badInterval.status).toBe(422);
    expect(badInterval.text).toContain('الفاصل بين القراءات بالدقائق');
    expect(badInterval.text).toContain(`value="${site.url}"`);
    expect(await t.db.getRepository(Feed).count()).toBe(0);

    const added = await post('/admin/feeds', { url: site.url, pollMinutes: '10' }).expect(303);
    expect(added.headers.location).toBe('/admin/articles?done=feed-added');
    expect(await polled((await feedAt(site.url)).id)).toMatchObject({
      lastStatus: 'ok',
      lastNew: 3,
    });
    // One read was asked for: a second one, run after it, would say "0 new".
    await waitFor('the feeds queue to be idle', async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      return counts.waiting + counts.active + counts.prioritized === 0;
    });
    expect(await queue.getJobCounts('completed')).toEqual({ completed: 1 });

    const again = await post('/admin/feeds', { url: site.url, pollMinutes: '20' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('هذه الخلاصة مضافة من قبل.');
    expect(again.text).toContain(`value="${site.url}"`);
    expect(again.text).toContain('value="20"');
  });

  it('shows each interval in words, and each address left to right, in a scrolling table', async () => {
    await post('/admin/feeds', { url: `${site.url}?one`, pollMinutes: '1' }).expect(303);
    await post('/admin/feeds', { url: `${site.url}?fifteen`, pollMinutes: '15' }).expect(303);
    const page = await get('/admin/articles').expect(200);
    expect(page.text).toContain('<th>تُقرأ كل</th>');
    expect(page.text).not.toContain('<th>كل</th>');
    expect(page.text).toContain(`<td>${n(10)} دقائق</td>`);
    expect(page.text).toContain('<td>دقيقة واحدة</td>');
    expect(page.text).toContain(`<td>${n(15)} دقيقة</td>`);
    expect(page.text).not.toContain('<td>10 دقيقة</td>');
    expect(page.text).toMatch(/<div class="table-scroll">\s*<table class="feeds">/);
    expect(page.text).toMatch(/<div class="table-scroll">\s*<table class="articles">/);
    expect(page.text).toContain(`<bdi dir="ltr">http://127.<wbr />0.<wbr />0.<wbr />1:`);
    expect(page.text).toContain('placeholder="https://example.com/feed/"');
    expect(page.text).toMatch(/<input\s+id="feed-url"[^>]*dir="ltr"/);
    expect(page.text).toContain('أُضيفت');
  });

  it('pauses a feed: its scheduler goes and it is not read; resuming brings both back', async () => {
    const feed = await feedAt(site.url);
    expect(await scheduler(feed.id)).toBeDefined();
    // Without the session's CSRF token nothing changes.
    await request(t.url)
      .post(`/admin/feeds/${feed.id}/pause`)
      .set('Cookie', editor.cookie)
      .expect(403);
    expect(await scheduler(feed.id)).toBeDefined();

    const paused = await post(`/admin/feeds/${feed.id}/pause`).expect(303);
    expect(paused.headers.location).toBe('/admin/articles?done=feed-paused');
    expect(await feedAt(site.url)).toMatchObject({ paused: true });
    expect(await scheduler(feed.id)).toBeUndefined();
    const row = rowOf((await get('/admin/articles?done=feed-paused').expect(200)).text, feed.id);
    expect(row).toContain('متوقفة مؤقتاً');
    expect(row).toContain('استئناف');
    expect(row).not.toContain('اقرأها الآن');

    // A poll job already queued, and a stale "read now" button, read nothing.
    const requests = site.requests();
    await t.app.get(FeedPoller).poll(feed.id);
    await post(`/admin/feeds/${feed.id}/poll`).expect(303);
    expect(site.requests()).toBe(requests);
    expect((await feedAt(site.url)).lastPolledAt).toEqual(feed.lastPolledAt);

    const resumed = await post(`/admin/feeds/${feed.id}/resume`).expect(303);
    expect(resumed.headers.location).toBe('/admin/articles?done=feed-resumed');
    expect((await scheduler(feed.id))?.every).toBe(10 * 60_000);
    await waitFor('the read on resume', () => site.requests() > requests);
    const page = await get('/admin/articles').expect(200);
    expect(rowOf(page.text, feed.id)).not.toContain('متوقفة مؤقتاً');
  });

  it('edits a feed: a new interval reschedules it, a bad or taken address is refused', async () => {
    const feed = await feedAt(site.url);
    const form = await get(`/admin/feeds/${feed.id}/edit`).expect(200);
    expect(form.text).toMatch(new RegExp(`id="feed-url"[^>]*dir="ltr"[^>]*value="${site.url}"`));

    const bad = await post(`/admin/feeds/${feed.id}`, {
      url: 'javascript:alert(1)',
      pollMinutes: '5',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('اكتب رابط الخلاصة كاملاً');
    expect(bad.text).toContain('value="javascript:alert(1)"');
    const taken = await post(`/admin/feeds/${feed.id}`, {
      url: `${site.url}?one`,
      pollMinutes: '5',
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('هذه الخلاصة مضافة من قبل.');
    expect(await feedAt(site.url)).toMatchObject({ pollMinutes: 10 });

    const saved = await post(`/admin/feeds/${feed.id}`, { url: site.url, pollMinutes: '٥' });
    expect(saved.headers.location).toBe('/admin/articles?done=feed-saved');
    expect((await scheduler(feed.id))?.every).toBe(5 * 60_000);

    const moved = `${site.url}?moved`;
    await post(`/admin/feeds/${feed.id}`, { url: moved, pollMinutes: '5' }).expect(303);
    expect(await polled(feed.id)).toMatchObject({ url: moved, lastStatus: 'ok' });
    await get('/admin/feeds/999/edit').expect(404);
    await post('/admin/feeds/999/pause').expect(404);
  });

  it('deletes a feed after asking, and keeps the articles read from it', async () => {
    const feed = await feedAt(`${site.url}?moved`);
    const articles = t.db.getRepository(Article);
    const collected = await articles.countBy({ feedId: feed.id });
    expect(collected).toBe(3);
    const page = await get('/admin/articles').expect(200);
    expect(rowOf(page.text, feed.id)).toMatch(
      new RegExp(`action="/admin/feeds/${feed.id}/delete"\\s+data-confirm="حذف هذه الخلاصة؟`),
    );

    const deleted = await post(`/admin/feeds/${feed.id}/delete`).expect(303);
    expect(deleted.headers.location).toBe('/admin/articles?done=feed-deleted');
    expect(await t.db.getRepository(Feed).countBy({ id: feed.id })).toBe(0);
    expect(await scheduler(feed.id)).toBeUndefined();
    expect(await articles.countBy({ feedId: feed.id })).toBe(0);
    expect(await articles.count()).toBe(collected);
    const after = await get('/admin/articles?done=feed-deleted').expect(200);
    expect(after.text).toContain('حُذفت الخلاصة، وبقيت مقالاتها.');
    expect(after.text).not.toContain(`id="feed-${feed.id}"`);
    expect(after.text).toContain('خبر 1');
  });
});

describe('a feed the service refuses to read', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof startSite>>;
  let browser: Browser | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    site = await startSite();
    await createEditor(t, 'desk@example.com');
    // A feed on this very machine (refused without FEED_ALLOW_PRIVATE), and a paused one.
    const refused = await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: site.url })
      .expect(201);
    const paused = await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({
        url: 'http://127.0.0.1:9/a-feed-with-a-rather-long-address/feed.xml',
        pollMinutes: 60,
      })
      .expect(201);
    await waitFor('both polls to fail', async () => {
      const feeds = (await request(t.url).get('/api/admin/feeds').set(auth)).body;
      return feeds.every((feed: { lastStatus: string }) => feed.lastStatus === 'error');
    });
    await request(t.url)
      .patch(`/api/admin/feeds/${paused.body.id}`)
      .set(auth)
      .send({ paused: true })
      .expect(200);
    expect(refused.body.id).toBeDefined();
    await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send(
        paragraphs.slice(0, 3).map((text, index) => ({
          url: `https://news.example/?p=${index + 21}`,
          title: `${text.slice(0, 90)}`,
          summary: text,
        })),
      )
      .expect(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
    await new Promise((resolve) => site.server.close(resolve));
  });

  it('explains the refusal in Arabic, with the setting that allows a feed on the own network', async () => {
    const editor = await logIn(t, 'desk@example.com');
    const page = await request(t.url)
      .get('/admin/articles')
      .set('Cookie', editor.cookie)
      .expect(200);
    expect(page.text).toContain('رُفضت القراءة: العنوان <bdi dir="ltr">127.0.0.1</bdi>');
    expect(page.text).toContain('<bdi dir="ltr">FEED_ALLOW_PRIVATE=true</bdi>');
    expect(page.text).not.toContain('refused');
    expect(page.text).not.toContain('loopback');
    expect(site.requests()).toBe(0);
  });

  it('fits a 390 px phone (and 1280 px), with no Latin text outside left-to-right runs', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(`${t.url}/admin/articles`);
    await page.fill('#email', 'desk@example.com');
    await page.fill('#password', EDITOR_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.url}/admin/articles`);
    await page.locator('.status.paused').waitFor();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await latinOutsideLtr(page)).toEqual([]);
    }

    // Deleting asks first; saying no keeps the feed.
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await page.locator('form[action$="/delete"] button').first().click();
    await waitFor('the question before deleting', () => questions.length === 1);
    expect(questions).toEqual([expect.stringContaining('حذف هذه الخلاصة؟')]);
    expect(await t.db.getRepository(Feed).count()).toBe(2);
  });
});

/** The table row of one feed, to look at what the page says of it alone. */
function rowOf(page: string, feedId: number): string {
  const start = page.indexOf(`<tr id="feed-${feedId}">`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</tr>', start));
}
