import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeArticle } from './article-input.js';
import { FeedParseError, parseFeed } from './feed-parser.js';

const shared = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../../shared/fixtures/feeds', name), 'utf8');
const local = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../test/fixtures', name), 'utf8');

describe('parseFeed', () => {
  it('reads RSS 2.0 with media:content (The Guardian)', () => {
    const feed = parseFeed(shared('guardian.rss'));
    expect(feed.title).toBe('The Guardian');
    expect(feed.items.length).toBeGreaterThan(20);
    const first = feed.items[0];
    expect(first.title).toBe(
      'Trump State of the Union address promised unity but emphasized discord',
    );
    expect(first.url).toMatch(/^https:\/\/www\.theguardian\.com\/us-news\/2018\/jan\/31\//);
    expect(first.imageUrl).toMatch(/^https:\/\/i\.guim\.co\.uk\//);
    expect(first.publishedAt).toBe('2018-01-31T07:26:05.000Z');
    expect(normalizeArticle(first).summary).not.toMatch(/<p>/);
  });

  it('reads RSS with content:encoded in CDATA (Medium)', () => {
    const feed = parseFeed(shared('content-encoded.rss'));
    const first = feed.items[0];
    expect(first.title).toBe('THE CREATIVE FORAGER');
    expect(first.guid).toBe('https://medium.com/p/125af37d838f');
    expect(first.summary).toMatch(/<h4>Using\sWild\sIngredients\sin\sthe\sKitchen<\/h4>/);
    expect(first.imageUrl).toMatch(/^https:\/\/cdn-images-1\.medium\.com\//);
    expect(first.categories?.length).toBeGreaterThan(0);
  });

  it('reads Atom (heise, FeedBurner)', () => {
    const heise = parseFeed(shared('heise.atom'));
    expect(heise.title).toBe('heise developer neueste Meldungen');
    expect(heise.items[0]).toMatchObject({
      title: 'Java-Anwendungsserver: Red Hat gibt WildFly 10 frei',
      guid: 'http://heise.de/-3088438',
      publishedAt: '2016-02-01T16:22:00.000Z',
    });
    expect(heise.items[0].url).toMatch(/^http:\/\/www\.heise\.de\/developer\/meldung\//);
    const feedburner = parseFeed(shared('feedburner.atom'));
    expect(feedburner.items).toHaveLength(25);
    expect(feedburner.items[0].url).toMatch(/^http:\/\/feedproxy\.google\.com\//);
  });

  it('reads a minimal RSS item', () => {
    expect(parseFeed(shared('instant-article.rss')).items[0]).toMatchObject({
      title: 'My first Instant Article',
      summary: 'Lorem ipsum',
      author: 'tobi',
    });
  });

  it('reads the WordPress REST API with _embed, in Arabic', () => {
    const feed = parseFeed(local('wordpress-posts.json'), 'application/json');
    const [first] = feed.items;
    expect(first).toMatchObject({
      url: 'https://example.news/2026/11/23/iraq-interior-ministry-weapons/',
      guid: 'https://example.news/?p=5012',
      imageUrl: 'https://example.news/wp-content/uploads/2026/11/weapons.jpg',
      publishedAt: '2026-11-23T06:30:00.000Z',
      author: 'فريق التحرير',
      categories: ['العراق'],
      tags: ['داعش', 'الأنبار'],
    });
    const article = normalizeArticle(first);
    expect(article.title).toBe(
      '“التحالف الدولي” يسلّم #وزارة_الداخلية العراقية أسلحة بقيمة 3 ملايين دولار',
    );
    expect(article.tags).toEqual(expect.arrayContaining(['داعش', 'الأنبار', 'وزارة الداخلية']));
    expect(article.summary).toContain('«برنامج صندوق تمويل التدريب والتجهيز');
  });

  it('refuses malformed XML, entity declarations and other documents with a reason', () => {
    expect(() => parseFeed('<rss><channel><item><title>x</item></channel>')).toThrow(
      FeedParseError,
    );
    expect(() =>
      parseFeed('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss/>'),
    ).toThrow('the feed declares XML entities, which are refused');
    expect(() => parseFeed('<html><body>not a feed</body></html>')).toThrow(
      'the document is neither RSS, Atom nor a WordPress posts list',
    );
    expect(() => parseFeed('{"posts": []}', 'application/json')).toThrow(
      'a WordPress feed is a JSON array of posts',
    );
  });
});
