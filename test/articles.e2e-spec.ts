import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { Like } from 'typeorm';
import { Article } from '../src/articles/entities/article.entity.js';
import { FeedPoller } from '../src/articles/feed-poller.service.js';
import { QUEUES } from '../src/queues/queue-names.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const paragraphs = readFileSync(join(import.meta.dirname, 'fixtures/article-ar.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim());

/** A site's feed, served on loopback, that the test edits between polls. */
class SiteFeed {
  items: { guid: string; title: string; text: string; imageSize?: string }[] = [
    {
      guid: 'https://news.example/?p=1',
      title: 'تسليم أسلحة إلى #وزارة_الداخلية',
      text: paragraphs[0],
      imageSize: 'width="1200" height="675"',
    },
    { guid: 'https://news.example/?p=2', title: 'هجمات “داعش” في #نينوى', text: paragraphs[1] },
    { guid: 'https://news.example/?p=3', title: 'النصر على التنظيم في 2017', text: paragraphs[2] },
  ];
  version = 1;
  mode: 'rss' | 'garbage' | 'wordpress' = 'rss';
  requests = 0;
  server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests += 1;
      if (this.mode === 'garbage')
        return res
          .writeHead(200, { 'Content-Type': 'application/rss+xml' })
          .end('<rss><channel><item>');
      if (this.mode === 'wordpress') {
        return res
          .writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' })
          .end(readFileSync(join(import.meta.dirname, 'fixtures/wordpress-posts.json')));
      }
      const etag = `"v${this.version}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res
        .writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag })
        .end(this.rss());
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed`;
    return this;
  }

  rss(): string {
    const items = this.items
      .map(
        (
          item,
          index,
        ) => `<item><title>${item.title}</title><link>${item.guid.replace('?p=', 'article-')}</link>
<guid isPermaLink="false">${item.guid}</guid><pubDate>Mon, 23 Nov 2026 0${index + 6}:00:00 GMT</pubDate>
<description><![CDATA[<p>${item.text}</p>]]></description>
<media:content url="https://news.example/img/${index}.jpg" medium="image" ${item.imageSize ?? ''}/></item>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>الحل نت</title><link>https://news.example</link>${items}</channel></rss>`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('feeds', () => {
  let t: TestApp;
  let site: SiteFeed;

  beforeAll(async () => {
    t = await startTestApp({ FEED_ALLOW_PRIVATE: 'true' });
    site = await new SiteFeed().start();
  });
  afterAll(async () => {
    await t.close();
    await site.stop();
  });

  const feed = async (id: string) =>
    (await request(t.url).get(`/api/admin/feeds/${id}`).set(auth).expect(200)).body;
  const pollAndWait = async (id: string) => {
    const before = (await feed(id)).lastPolledAt;
    await request(t.url).post(`/api/admin/feeds/${id}/poll`).set(auth).expect(202);
    return waitFor('the poll', async () => {
      const now = await feed(id);
      return now.lastPolledAt !== before && now;
    });
  };

  it('polls a registered feed with the real job: new, then nothing, then the edited item', async () => {
    const created = await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: site.url })
      .expect(201);
    expect(created.body).toMatchObject({ url: site.url, pollMinutes: 10 });
    const first = await waitFor('the first poll', async () => {
      const now = await feed(created.body.id);
      return now.lastStatus === 'ok' && now;
    });
    expect(first).toMatchObject({ title: 'الحل نت', lastNew: 3, lastUpdated: 0, lastError: '' });
    const schedulers = await t.app.get<Queue>(getQueueToken(QUEUES.feeds)).getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toContain(`feed-${created.body.id}`);

    const articles = await request(t.url).get('/api/admin/articles').set(auth).expect(200);
    expect(articles.body.items.map((item: { title: string }) => item.title)).toEqual([
      'النصر على التنظيم في 2017',
      'هجمات “داعش” في #نينوى',
      'تسليم أسلحة إلى #وزارة_الداخلية',
    ]);
    expect(articles.body.items[2]).toMatchObject({
      guid: 'https://news.example/?p=1',
      url: 'https://news.example/article-1',
      imageUrl: 'https://news.example/img/0.jpg',
      imageWidth: 1200,
      imageHeight: 675,
      publishedAt: '2026-11-23T06:00:00.000Z',
      feedId: created.body.id,
    });
    expect(articles.body.items[1]).toMatchObject({ imageWidth: null, imageHeight: null });
    expect(articles.body.items[2].tags).toEqual(
      expect.arrayContaining(['وزارة الداخلية', 'الإعلام الأمني']),
    );
    expect(articles.body.items[2].summary).not.toContain('<p>');

    const again = await pollAndWait(created.body.id);
    expect(again).toMatchObject({ lastStatus: 'not_modified', lastNew: 0 });
    expect(await t.db.getRepository(Article).count()).toBe(3);

    site.items[1].title = 'هجمات “داعش” في #نينوى (محدَّث)';
    site.items[2].imageSize = 'width="800" height="600"';
    site.version += 1;
    const edited = await pollAndWait(created.body.id);
    expect(edited).toMatchObject({ lastStatus: 'ok', lastNew: 0, lastUpdated: 2 });
    expect(await t.db.getRepository(Article).count()).toBe(3);
    const row = await t.db
      .getRepository(Article)
      .findOneByOrFail({ guid: 'https://news.example/?p=2' });
    expect(row.title).toBe('هجمات “داعش” في #نينوى (محدَّث)');
    const resized = await t.db
      .getRepository(Article)
      .findOneByOrFail({ guid: 'https://news.example/?p=3' });
    expect([resized.imageWidth, resized.imageHeight]).toEqual([800, 600]);

    site.mode = 'garbage';
    site.version += 1;
    const broken = await pollAndWait(created.body.id);
    expect(broken.lastStatus).toBe('error');
    expect(broken.lastError).toMatch(/^the feed is not well-formed XML/);
    expect(await t.db.getRepository(Article).count()).toBe(3);
    site.mode = 'rss';
  });

  it('reads a WordPress REST feed', async () => {
    site.mode = 'wordpress';
    const created = await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: `${site.url}?wp`, pollMinutes: 30 })
      .expect(201);
    const polled = await waitFor('the WordPress poll', async () => {
      const now = await feed(created.body.id);
      return now.lastStatus !== 'pending' && now;
    });
    // (A second poll right after the first may report 0 new: the WordPress API sends no ETag.)
    expect(polled.lastStatus).toBe('ok');
    expect(await t.db.getRepository(Article).countBy({ feedId: Number(created.body.id) })).toBe(2);
    const article = await t.db
      .getRepository(Article)
      .findOneByOrFail({ guid: 'https://example.news/?p=5012' });
    expect(JSON.parse(article.tags)).toEqual(expect.arrayContaining(['داعش', 'وزارة الداخلية']));
    site.mode = 'rss';
  });

  it('validates feed registrations', async () => {
    await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: 'ftp://x.example/feed' })
      .expect(422);
    await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: site.url, pollMinutes: 0 })
      .expect(422);
    await request(t.url).post('/api/admin/feeds').set(auth).send({ url: site.url }).expect(409);
    await request(t.url).get('/api/admin/feeds/999').set(auth).expect(404);
  });

  it('pauses, resumes, edits and deletes a feed through the API; its articles stay', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.feeds));
    const scheduler = async (id: string) =>
      (await queue.getJobSchedulers()).find((entry) => entry.key === `feed-${id}`);
    const patch = (id: string, body: unknown) =>
      request(t.url)
        .patch(`/api/admin/feeds/${id}`)
        .set(auth)
        .send(body as object);
    const listed = await request(t.url).get('/api/admin/feeds').set(auth).expect(200);
    const { id } = (listed.body as { id: string; url: string }[]).find(
      (entry) => entry.url === site.url,
    )!;
    expect(await scheduler(id)).toBeDefined();

    const paused = await patch(id, { paused: true }).expect(200);
    expect(paused.body).toMatchObject({ id, paused: true, pollMinutes: 10 });
    expect(await scheduler(id)).toBeUndefined();
    // Even a poll job queued before the pause reads nothing, and a poll on request is refused.
    const before = { requests: site.requests, polledAt: (await feed(id)).lastPolledAt };
    await t.app.get(FeedPoller).poll(Number(id));
    await request(t.url).post(`/api/admin/feeds/${id}/poll`).set(auth).expect(409);
    expect(site.requests).toBe(before.requests);
    expect((await feed(id)).lastPolledAt).toBe(before.polledAt);

    const resumed = await patch(id, { paused: false, pollMinutes: 15 }).expect(200);
    expect(resumed.body).toMatchObject({ paused: false, pollMinutes: 15 });
    expect((await scheduler(id))?.every).toBe(15 * 60_000);
    await waitFor('the poll on resume', () => site.requests > before.requests);

    for (const body of [
      { paused: 'yes' },
      { paused: 1 },
      {},
      { pause: true },
      { pollMinutes: 0 },
      { pollMinutes: 2.5 },
      { url: 'ftp://news.example/feed' },
      { url: 'javascript:alert(1)' },
    ]) {
      const refused = await patch(id, body).expect(422);
      expect(refused.body.message).toEqual(expect.any(String));
    }
    await request(t.url)
      .patch(`/api/admin/feeds/${id}`)
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"paused":')
      .expect(400);
    await patch(id, { url: `${site.url}?wp` }).expect(409);
    await patch('999', { paused: true }).expect(404);
    await patch('abc', { paused: true }).expect(404);
    expect(await feed(id)).toMatchObject({ url: site.url, paused: false, pollMinutes: 15 });

    const articles = await t.db.getRepository(Article).countBy({ feedId: Number(id) });
    expect(articles).toBe(3);
    await request(t.url).delete(`/api/admin/feeds/${id}`).set(auth).expect(204);
    await request(t.url).get(`/api/admin/feeds/${id}`).set(auth).expect(404);
    await request(t.url).delete(`/api/admin/feeds/${id}`).set(auth).expect(404);
    expect(await scheduler(id)).toBeUndefined();
    const kept = await t.db
      .getRepository(Article)
      .findBy({ guid: Like('https://news.example/?p=%') });
    expect(kept.map((article) => article.feedId)).toEqual([null, null, null]);
  });
});

describe('feeds without FEED_ALLOW_PRIVATE', () => {
  it('refuses a feed on a loopback address and says why', async () => {
    const t = await startTestApp();
    const site = await new SiteFeed().start();
    try {
      const created = await request(t.url)
        .post('/api/admin/feeds')
        .set(auth)
        .send({ url: site.url })
        .expect(201);
      const polled = await waitFor('the refused poll', async () => {
        const now = (await request(t.url).get(`/api/admin/feeds/${created.body.id}`).set(auth))
          .body;
        return now.lastStatus !== 'pending' && now;
      });
      expect(polled).toMatchObject({
        lastStatus: 'error',
        lastError: 'refused: 127.0.0.1 is a loopback address',
      });
      expect(site.requests).toBe(0);
    } finally {
      await site.stop();
      await t.close();
    }
  });
});

describe('article push API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const push = (body: unknown) =>
    request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send(body as object);

  it('stores an article once, by guid else by url, and updates an edited one', async () => {
    const first = await push({
      url: 'https://news.example/a',
      title: 'عنوان',
      summary: '<p>ملخص #العراق</p>',
      tags: ['سياسة'],
    }).expect(201);
    expect(first.body).toMatchObject({
      outcome: 'created',
      guid: 'https://news.example/a',
      summary: 'ملخص #العراق',
    });
    expect(first.body.tags).toEqual(['سياسة', 'العراق']);
    expect(
      (
        await push({
          url: 'https://news.example/a',
          title: 'عنوان',
          summary: '<p>ملخص #العراق</p>',
          tags: ['سياسة'],
        }).expect(201)
      ).body.outcome,
    ).toBe('unchanged');
    const edited = await push({ url: 'https://news.example/a', title: 'عنوان معدَّل' }).expect(201);
    expect(edited.body).toMatchObject({
      outcome: 'updated',
      id: first.body.id,
      title: 'عنوان معدَّل',
    });

    const batch = await push([
      {
        guid: 'cms-7',
        url: 'https://news.example/b',
        title: 'ب',
        publishedAt: '2026-11-24T05:00:00+03:00',
      },
      {
        guid: 'cms-7',
        url: 'https://news.example/b',
        title: 'ب',
        publishedAt: '2026-11-24T05:00:00+03:00',
      },
      {
        guid: 'cms-8',
        url: 'https://news.example/c',
        title: 'ج',
        imageUrl: 'https://news.example/c.jpg',
      },
    ]).expect(201);
    expect(batch.body).toMatchObject({ created: 2, updated: 0, unchanged: 1 });
    expect(await t.db.getRepository(Article).count()).toBe(3);
    const page = await request(t.url).get('/api/admin/articles?limit=2').set(auth).expect(200);
    expect(page.body.items).toHaveLength(2);
  });

  it('stores the image size given with an image, and updates it when the article is edited', async () => {
    const article = {
      url: 'https://news.example/sized',
      title: 'صورة بمقاس',
      imageUrl: 'https://news.example/sized.jpg',
    };
    const stored = () =>
      t.db.getRepository(Article).findOneByOrFail({ guid: 'https://news.example/sized' });
    const created = await push({ ...article, imageWidth: 1200, imageHeight: 675 }).expect(201);
    expect(created.body).toMatchObject({ outcome: 'created', imageWidth: 1200, imageHeight: 675 });
    expect(await stored()).toMatchObject({ imageWidth: 1200, imageHeight: 675 });
    const same = await push({ ...article, imageWidth: 1200, imageHeight: 675 }).expect(201);
    expect(same.body.outcome).toBe('unchanged');

    const resized = await push({ ...article, imageWidth: 800, imageHeight: 800 }).expect(201);
    expect(resized.body).toMatchObject({ outcome: 'updated', imageWidth: 800, imageHeight: 800 });
    expect(await stored()).toMatchObject({ imageWidth: 800, imageHeight: 800 });

    // Like every other field, a push without the size says it is unknown now.
    const unsized = await push(article).expect(201);
    expect(unsized.body).toMatchObject({ outcome: 'updated', imageWidth: null, imageHeight: null });
    expect(await stored()).toMatchObject({ imageWidth: null, imageHeight: null });

    const listed = await request(t.url).get('/api/admin/articles').set(auth).expect(200);
    expect(
      listed.body.items.find(
        (item: { guid: string }) => item.guid === 'https://news.example/sized',
      ),
    ).toMatchObject({ imageUrl: 'https://news.example/sized.jpg', imageWidth: null });

    // Without an image there is nothing to measure: the size is dropped, not refused.
    const imageless = await push({
      url: 'https://news.example/imageless',
      title: 'بلا صورة',
      imageWidth: 1200,
      imageHeight: 675,
    }).expect(201);
    expect(imageless.body).toMatchObject({ imageUrl: null, imageWidth: null, imageHeight: null });
    expect(
      await t.db.getRepository(Article).findOneByOrFail({ guid: 'https://news.example/imageless' }),
    ).toMatchObject({ imageWidth: null, imageHeight: null });
  });

  it('documents the image size in the OpenAPI body of the push', async () => {
    const document = (await request(t.url).get('/api/docs/openapi.json').expect(200)).body;
    const body = JSON.stringify(document.paths['/api/admin/articles'].post.requestBody);
    expect(body).toContain('"imageWidth":{"description":"The image width in pixels');
    expect(body).toContain('"imageHeight":{"description":"The image height in pixels');
  });

  it.each([
    [{ imageWidth: 1200 }, 'imageHeight', 'imageHeight: is required with imageWidth'],
    [{ imageHeight: 675 }, 'imageWidth', 'imageWidth: is required with imageHeight'],
    [{ imageWidth: 0, imageHeight: 675 }, 'imageWidth', 'imageWidth: must be at least 1'],
    [{ imageWidth: 1200, imageHeight: 20_001 }, 'imageHeight', 'must be at most 20000'],
    [{ imageWidth: '1200', imageHeight: 675 }, 'imageWidth', 'must be a whole number of pixels'],
    [{ imageWidth: 1200.5, imageHeight: 675 }, 'imageWidth', 'must be a whole number of pixels'],
  ])('refuses the image size %j, naming %s', async (size, field, message) => {
    const article = {
      url: 'https://news.example/x',
      title: 'x',
      imageUrl: 'https://news.example/x.jpg',
      ...size,
    };
    const single = await push(article).expect(422);
    expect(single.body.fields).toEqual({ [field]: expect.any(String) });
    expect(single.body.message).toContain(message);
    const batch = await push([{ url: 'https://news.example/y', title: 'y' }, article]).expect(422);
    expect(Object.keys(batch.body.fields)).toEqual([`1.${field}`]);
    expect(await t.db.getRepository(Article).countBy({ url: 'https://news.example/x' })).toBe(0);
    expect(await t.db.getRepository(Article).countBy({ url: 'https://news.example/y' })).toBe(0);
  });

  it.each([
    [{ url: 'javascript:alert(1)', title: 'x' }],
    [{ url: 'https://news.example/x' }],
    [{ url: 'https://news.example/x', title: 'x', imageUrl: 'data:image/png;base64,AAAA' }],
    [{ url: 'https://news.example/x', title: 'x', publishedAt: 'yesterday' }],
    [{ url: 'https://news.example/x', title: ['x'] }],
    [[]],
  ])('refuses %j with a 422', async (body) => {
    await push(body).expect(422);
    expect(await t.db.getRepository(Article).countBy({ url: 'https://news.example/x' })).toBe(0);
  });
});
