import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { ArticlesRepository } from '../src/articles/articles.repository.js';
import { Article } from '../src/articles/entities/article.entity.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures/feeds', name));

/** Each path's fixture, sent as its bytes with the Content-Type a real server would give it. */
const ROUTES: Record<string, [file: string, contentType: string]> = {
  '/pt.rss': ['portuguese-iso-8859-1.rss', 'application/rss+xml'],
  '/ar-1256.rss': ['arabic-windows-1256.rss', 'text/xml; charset=windows-1256'],
  '/sham.atom': ['arabic-utf8-bom.atom', 'application/atom+xml'],
  '/zh.rss': ['chinese-gb2312.rss', 'application/rss+xml; charset=gb2312'],
  '/blog/feed/': ['newline-before-declaration.rss', 'application/rss+xml; charset=UTF-8'],
  '/podcast.rss': ['podcast-shared-links.rss', 'application/rss+xml'],
  '/feed.json': ['json-feed.json', 'application/feed+json'],
  '/unknown.rss': ['unknown-charset.rss', 'application/rss+xml; charset=x-klingon'],
};

/** The feeds of issue 15 through the real fetch, poller and repository, on either database. */
describe('feeds as sites really publish them', () => {
  let t: TestApp;
  let server: Server;
  let origin = '';

  beforeAll(async () => {
    t = await startTestApp({ FEED_ALLOW_PRIVATE: 'true' });
    server = createServer((req, res) => {
      // A moved blog: relative links are read against where the feed ended up.
      if (req.url === '/old/blog/feed/')
        return res.writeHead(301, { Location: '/blog/feed/' }).end();
      const route = ROUTES[req.url ?? ''];
      if (!route) return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': route[1] }).end(fixture(route[0]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const feed = async (id: string) =>
    (await request(t.url).get(`/api/admin/feeds/${id}`).set(auth).expect(200)).body;
  /** Registers a feed (which polls it at once) and waits for that first poll. */
  const register = async (path: string) => {
    const created = await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: `${origin}${path}` })
      .expect(201);
    const polled = await waitFor(`the first poll of ${path}`, async () => {
      const now = await feed(created.body.id);
      return now.lastStatus !== 'pending' && now;
    });
    return polled as { id: string; lastStatus: string; lastError: string; lastNew: number };
  };
  const articlesOf = (feedId: string) =>
    t.db.getRepository(Article).find({ where: { feedId: Number(feedId) }, order: { id: 'ASC' } });

  it('decodes ISO-8859-1, windows-1256, GB2312 and UTF-8 with a BOM by header, declaration or mark', async () => {
    const expected: [string, string, string[]][] = [
      [
        '/pt.rss',
        'Notícias da Região',
        [
          'Mãe e filha reencontram-se após 30 anos',
          'Ação solidária arrecada três toneladas de alimentos',
        ],
      ],
      [
        '/ar-1256.rss',
        'أخبار الرافدين',
        ['وزارة الداخلية تتسلّم «شحنة» أسلحة جديدة', 'افتتاح معرض بغداد الدولي للكتاب'],
      ],
      ['/zh.rss', '新闻中心', ['北京今日迎来初雪']],
      [
        '/sham.atom',
        'شام اليوم',
        ['حلب: عودة الكهرباء إلى الأحياء الشرقية', 'Damascus book fair opens'],
      ],
    ];
    for (const [path, title, titles] of expected) {
      const polled = await register(path);
      expect(polled).toMatchObject({
        lastStatus: 'ok',
        lastError: '',
        title,
        lastNew: titles.length,
      });
      expect((await articlesOf(polled.id)).map((article) => article.title)).toEqual(titles);
    }
    const [mae] = await t.db.getRepository(Article).findBy({ guid: 'noticias-1842' });
    expect(mae.publishedAt.toISOString()).toBe('2018-09-24T22:42:40.000Z');
    expect(mae.dateGuessed).toBe(false);
    const aleppo = await t.db
      .getRepository(Article)
      .findOneByOrFail({ guid: 'tag:sham.example,2026:post-77' });
    expect(aleppo).toMatchObject({
      url: 'https://sham.example/ar/news/77',
      summary: 'عادت الكهرباء إلى الأحياء الشرقية في حلب بعد انقطاع دام أسبوعاً.',
      imageUrl: 'https://sham.example/media/aleppo.jpg',
    });
  });

  it('reads a feed with a newline before <?xml after a redirect, and counts what it skipped by reason', async () => {
    const polled = await register('/old/blog/feed/');
    expect(polled).toMatchObject({
      lastStatus: 'ok',
      lastNew: 2,
      lastError: '2 items without a link were skipped; 1 item without a title was skipped',
    });
    const [souq, library] = await articlesOf(polled.id);
    expect(souq).toMatchObject({
      url: `${origin}/blog/feed/posts/souq-friday`,
      summary: 'عاد سوق الجمعة إلى العمل بعد الترميم الذي استمر عامين.',
    });
    // The 101-character category was cut, not a reason to lose the article.
    const categories = JSON.parse(souq.categories) as string[];
    expect(categories).toHaveLength(2);
    expect(categories[0].length).toBeLessThanOrEqual(100);
    expect(library).toMatchObject({
      url: `${origin}/posts/library-hours`,
      imageUrl: `${origin}/uploads/library.jpg`,
      summary: 'تفتح المكتبة أبوابها حتى العاشرة مساءً طوال الشتاء.',
      dateGuessed: true,
    });
  });

  it('keeps episodes that share a link apart, and keeps undated and old ones out of a digest', async () => {
    const before = new Date(Date.now() - 1000);
    const polled = await register('/podcast.rss');
    expect(polled).toMatchObject({ lastStatus: 'ok', lastNew: 5 });
    const episodes = await articlesOf(polled.id);
    expect(episodes.map((episode) => [episode.guid, episode.url, episode.dateGuessed])).toEqual([
      ['ep-1', 'https://podcast.example/', false],
      ['ep-2', 'https://podcast.example/', false],
      ['ep-3', 'https://podcast.example/', false],
      ['ep-4', 'https://podcast.example/', true],
      ['ep-5', 'https://podcast.example/', true],
    ]);
    expect(episodes[1].publishedAt.toISOString()).toBe('2018-11-13T06:00:00.000Z');
    const firstSeen = episodes[4].publishedAt.getTime();
    expect(firstSeen).toBeGreaterThanOrEqual(before.getTime());

    // A digest "since the last one" takes what was collected since, by its own date: the 2018
    // episodes, collected just now, are not new; the undated ones count from when they were seen.
    const window = {
      publishedSince: new Date(Date.now() - 7 * 86_400_000),
      collectedAfter: before,
    };
    const ids = await t.app.get(ArticlesRepository).newestIdsIn(window, 100);
    const picked = episodes.filter((episode) => ids.includes(episode.id)).map((e) => e.guid);
    expect(picked.sort()).toEqual(['ep-4', 'ep-5']);

    // Polled again, an undated episode keeps the time it was first seen.
    await request(t.url).post(`/api/admin/feeds/${polled.id}/poll`).set(auth).expect(202);
    const again = await waitFor('the second poll', async () => {
      const now = await feed(polled.id);
      return (
        now.lastPolledAt !== (polled as unknown as { lastPolledAt: string }).lastPolledAt && now
      );
    });
    expect(again).toMatchObject({ lastStatus: 'ok', lastNew: 0, lastUpdated: 0 });
    const reread = await t.db.getRepository(Article).findOneByOrFail({ guid: 'ep-5' });
    expect(reread.publishedAt.getTime()).toBe(firstSeen);
  });

  it('reads JSON Feed 1.1', async () => {
    const polled = await register('/feed.json');
    expect(polled).toMatchObject({ lastStatus: 'ok', lastNew: 2, title: 'نشرة المدينة' });
    const [bridge, water] = await articlesOf(polled.id);
    expect(bridge).toMatchObject({
      guid: 'madina-501',
      title: 'افتتاح جسر المدينة الجديد',
      summary: 'افتُتح الجسر الجديد أمام حركة السير صباح اليوم.',
      author: 'سارة أحمد',
    });
    expect(JSON.parse(bridge.tags)).toEqual(['بنية تحتية', 'نقل']);
    expect(bridge.publishedAt.toISOString()).toBe('2026-11-25T03:00:00.000Z');
    // A relative link is read against where the feed was fetched.
    expect(water).toMatchObject({ guid: '502', url: `${origin}/news/502` });
  });

  it('reads a feed in an unknown encoding as UTF-8 and says so', async () => {
    const polled = await register('/unknown.rss');
    expect(polled).toMatchObject({
      lastStatus: 'ok',
      lastNew: 1,
      lastError: 'unknown encoding "x-klingon", read as UTF-8',
    });
    expect((await articlesOf(polled.id))[0].title).toBe('خبر بترميز غير معروف');
  });

  it('takes a guid over for an article stored by its URL, then keeps a second guid apart', async () => {
    const push = (body: object) =>
      request(t.url).post('/api/admin/articles').set(auth).send(body).expect(201);
    const url = 'https://radio.example/live';
    const first = await push({ url, title: 'البث المباشر' });
    expect(first.body).toMatchObject({ outcome: 'created', guid: url, dateGuessed: true });
    const adopted = await push({ guid: 'show-1', url, title: 'البث المباشر' });
    expect(adopted.body).toMatchObject({ outcome: 'updated', id: first.body.id, guid: 'show-1' });
    const second = await push({ guid: 'show-2', url, title: 'البث المباشر: الحلقة الثانية' });
    expect(second.body.outcome).toBe('created');
    expect(second.body.id).not.toBe(first.body.id);
  });
});
