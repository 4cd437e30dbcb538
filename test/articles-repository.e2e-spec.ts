import type { DataSource } from 'typeorm';
import { ArticlesRepository } from '../src/articles/articles.repository.js';
import { Article } from '../src/articles/entities/article.entity.js';
import { Feed } from '../src/articles/entities/feed.entity.js';
import {
  createTestDatabase,
  migratedDataSource,
  type TestDatabase,
} from './helpers/test-database.js';

/** The articles' and feeds' queries on a migrated database of each kind, without the app around them. */
describe('ArticlesRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: ArticlesRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migratedDataSource(database);
    repository = new ArticlesRepository(
      dataSource.getRepository(Article),
      dataSource.getRepository(Feed),
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.getRepository(Article).createQueryBuilder().delete().execute();
    await dataSource.getRepository(Feed).createQueryBuilder().delete().execute();
  });

  const at = (iso: string) => new Date(iso);
  const article = (guid: string, fields: Partial<Article> = {}): Omit<Article, 'id'> => ({
    guid,
    url: `https://news.example/${guid}`,
    title: `خبر ${guid}`,
    summary: '',
    imageUrl: null,
    imageWidth: null,
    imageHeight: null,
    author: '',
    categories: '[]',
    tags: '[]',
    publishedAt: at('2026-11-20T06:00:00Z'),
    dateGuessed: false,
    feedId: null,
    createdAt: at('2026-11-20T06:05:00Z'),
    updatedAt: at('2026-11-20T06:05:00Z'),
    ...fields,
  });

  it('finds an article by its guid, or by a guid that was its URL; by URL only without a guid', async () => {
    const byGuid = await repository.insertArticle(article('a1'));
    const urlAsGuid = await repository.insertArticle(
      article('https://news.example/b', { url: 'https://news.example/b' }),
    );
    const older = await repository.insertArticle(article('c1', { url: 'https://news.example/c' }));
    await repository.insertArticle(article('c2', { url: 'https://news.example/c' }));

    expect(
      (await repository.findStored({ guid: 'a1', url: 'https://elsewhere.example/' }))?.id,
    ).toBe(byGuid?.id);
    expect(
      (await repository.findStored({ guid: 'b-new-guid', url: 'https://news.example/b' }))?.id,
    ).toBe(urlAsGuid?.id);
    // A different guid is a different article, whatever its link.
    expect(await repository.findStored({ guid: 'c3', url: 'https://news.example/c' })).toBeNull();
    // Without a guid of its own (the guid is the URL), the oldest article with that URL.
    expect(
      (
        await repository.findStored({
          guid: 'https://news.example/c',
          url: 'https://news.example/c',
        })
      )?.id,
    ).toBe(older?.id);
    expect(await repository.findStored({ guid: 'd', url: 'https://news.example/d' })).toBeNull();
  });

  it('answers null, not an error, for a guid stored meanwhile, and keeps the first row', async () => {
    expect(await repository.insertArticle(article('same'))).not.toBeNull();
    expect(await repository.insertArticle(article('same', { title: 'الثاني' }))).toBeNull();
    const stored = await dataSource.getRepository(Article).findBy({ guid: 'same' });
    expect(stored.map((row) => row.title)).toEqual(['خبر same']);
  });

  it('takes the newest articles of a window: published since, collected after, at most the limit', async () => {
    const ids: Record<string, number> = {};
    for (const [guid, publishedAt, createdAt] of [
      ['old', '2026-11-19T05:59:59Z', '2026-11-20T08:00:00Z'],
      ['edge', '2026-11-19T06:00:00Z', '2026-11-20T08:00:00Z'],
      ['early-poll', '2026-11-20T05:00:00Z', '2026-11-20T06:59:00Z'],
      ['new', '2026-11-20T07:30:00Z', '2026-11-20T07:31:00Z'],
      ['newest', '2026-11-20T07:45:00Z', '2026-11-20T07:46:00Z'],
    ]) {
      const row = await repository.insertArticle(
        article(guid, { publishedAt: at(publishedAt), createdAt: at(createdAt) }),
      );
      ids[guid] = row!.id;
    }
    const since = at('2026-11-19T06:00:00Z');

    expect(
      await repository.newestIdsIn({ publishedSince: since, collectedAfter: null }, 10),
    ).toEqual([ids.newest, ids.new, ids['early-poll'], ids.edge]);
    expect(
      await repository.newestIdsIn(
        { publishedSince: since, collectedAfter: at('2026-11-20T07:00:00Z') },
        10,
      ),
    ).toEqual([ids.newest, ids.new, ids.edge]);
    expect(
      await repository.newestIdsIn({ publishedSince: since, collectedAfter: null }, 2),
    ).toEqual([ids.newest, ids.new]);
  });

  it('pages the articles newest first, the later id first among equal times', async () => {
    const first = await repository.insertArticle(article('first'));
    const second = await repository.insertArticle(article('second'));
    const latest = await repository.insertArticle(
      article('latest', { publishedAt: at('2026-11-21T06:00:00Z') }),
    );
    const ids = async (limit: number, offset: number) =>
      (await repository.newestArticles(limit, offset)).map((row) => row.id);
    expect(await ids(10, 0)).toEqual([latest!.id, second!.id, first!.id]);
    expect(await ids(1, 1)).toEqual([second!.id]);
  });

  it('records a poll only while the feed still has the address that was polled', async () => {
    const feed = await repository.insertFeed({
      url: 'https://news.example/feed',
      pollMinutes: 10,
      paused: false,
    });
    expect(await repository.feedUrlTaken('https://news.example/feed')).toBe(true);

    await repository.recordPoll(feed, { lastStatus: 'ok', lastNew: 3 });
    expect(await repository.feedById(feed.id)).toMatchObject({ lastStatus: 'ok', lastNew: 3 });

    await repository.updateFeed(feed.id, { url: 'https://news.example/other' });
    await repository.recordPoll(feed, { lastStatus: 'error', lastError: 'HTTP 404' });
    expect(await repository.feedById(feed.id)).toMatchObject({ lastStatus: 'ok', lastError: '' });

    await repository.deleteFeed(feed.id);
    expect(await repository.allFeeds()).toEqual([]);
  });
});
