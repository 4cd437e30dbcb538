import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeArticle } from './article-input.js';
import { FeedParseError, parseFeed } from './feed-parser.js';

const shared = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../test/fixtures/feeds', name), 'utf8');
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

  it('takes the image size from media:content and media:thumbnail only when both sides are sane', () => {
    const item = (media: string, content = '') =>
      `<item><title>t</title><link>https://news.example/a</link>${media}${content}</item>`;
    const rss = (...items: string[]) =>
      `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>x</title>${items.join('')}</channel></rss>`;
    const image = (attributes: string) =>
      `<media:content url="https://news.example/a.jpg" medium="image" ${attributes}/>`;
    const sizes = parseFeed(
      rss(
        item(image('width="1200" height="675"')),
        item(
          '<media:content url="https://news.example/a.mp4" type="video/mp4" width="1920" height="1080"/>' +
            '<media:thumbnail url="https://news.example/a.jpg" width="640" height="360"/>',
        ),
        item(image('width="1200"')),
        item(image('width="0" height="675"')),
        item(image('width="100%" height="675"')),
        item(image('width="1200" height="50000"')),
        item(image('width="wide" height="tall"')),
        // The image is the media element's, so the <img>'s size is not its size.
        item(
          image(''),
          '<content:encoded><![CDATA[<img src="https://news.example/b.jpg" width="300" height="200">]]></content:encoded>',
        ),
      ),
    ).items.map(({ imageUrl, imageWidth, imageHeight }) => [imageUrl, imageWidth, imageHeight]);
    expect(sizes).toEqual([
      ['https://news.example/a.jpg', 1200, 675],
      ['https://news.example/a.jpg', 640, 360],
      ['https://news.example/a.jpg', null, null],
      ['https://news.example/a.jpg', null, null],
      ['https://news.example/a.jpg', null, null],
      ['https://news.example/a.jpg', null, null],
      ['https://news.example/a.jpg', null, null],
      ['https://news.example/a.jpg', null, null],
    ]);
    // The Guardian gives a width alone.
    expect(parseFeed(shared('guardian.rss')).items[0]).toMatchObject({
      imageWidth: null,
      imageHeight: null,
    });
  });

  it('takes the size of the <img> when the image comes from the HTML', () => {
    const rss = (html: string) =>
      parseFeed(
        `<rss version="2.0"><channel><title>x</title><item><title>t</title><link>https://news.example/a</link><description><![CDATA[${html}]]></description></item></channel></rss>`,
      ).items[0];
    expect(
      rss(
        '<p>نص</p><img alt="width=9 height=9" data-width="1" class=lead width=800 height=\'450\' src="https://news.example/a.jpg"/>',
      ),
    ).toMatchObject({ imageUrl: 'https://news.example/a.jpg', imageWidth: 800, imageHeight: 450 });
    expect(
      rss('<img src="https://news.example/a.jpg" width="600px" height="400px">'),
    ).toMatchObject({
      imageUrl: 'https://news.example/a.jpg',
      imageWidth: null,
      imageHeight: null,
    });
    expect(rss('<img src="https://news.example/a.jpg">')).toMatchObject({
      imageWidth: null,
      imageHeight: null,
    });
    expect(rss('<p>بلا صورة</p>')).toMatchObject({
      imageUrl: null,
      imageWidth: null,
      imageHeight: null,
    });
  });

  it("takes the size of an Atom entry's media:thumbnail (FeedBurner)", () => {
    const entry = parseFeed(shared('feedburner.atom')).items[12];
    expect(entry).toMatchObject({
      imageUrl: expect.stringMatching(/^https:\/\/lh3\.googleusercontent\.com\//),
      imageWidth: 72,
      imageHeight: 72,
    });
  });

  it('takes the size of the WordPress featured image from media_details', () => {
    const post = (details: object | undefined) => ({
      link: 'https://news.example/a',
      title: { rendered: 't' },
      _embedded: {
        'wp:featuredmedia': [
          { source_url: 'https://news.example/a.jpg', ...(details && { media_details: details }) },
        ],
      },
    });
    const items = parseFeed(
      JSON.stringify([
        post({ width: 1600, height: 900, sizes: { thumbnail: { width: 150, height: 150 } } }),
        post({ width: '1600', height: '900' }),
        post({ width: 1600 }),
        post({ width: 0, height: 0 }),
        post({ width: 'big', height: 900 }),
        post(undefined),
      ]),
      'application/json',
    ).items.map(({ imageWidth, imageHeight }) => [imageWidth, imageHeight]);
    expect(items).toEqual([
      [1600, 900],
      [1600, 900],
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(parseFeed(local('wordpress-posts.json'), 'application/json').items[0]).toMatchObject({
      imageWidth: null,
      imageHeight: null,
    });
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
