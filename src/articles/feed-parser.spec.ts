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

  it('drops NUL from every field, however the feed carried it', () => {
    // JSON allows "\u0000" in a string; an XML parser may pass a raw NUL byte through.
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 't',
      items: [
        {
          id: 'g\u00001',
          url: 'https://news.example/a1',
          title: 'عنوان\u0000الخبر',
          content_text: 'نص\u0000المقال',
          tags: ['س\u0000ياسة'],
          authors: [{ name: 'كا\u0000تب' }],
        },
      ],
    });
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>
      <title>عنوان\u0000الخبر</title><link>https://news.example/a2</link><guid>g\u00002</guid>
      <description>نص\u0000المقال</description></item></channel></rss>`;
    for (const [body, type] of [
      [json, 'application/feed+json'],
      [rss, 'application/rss+xml'],
    ]) {
      const [item] = parseFeed(Buffer.from(body), type).items;
      expect(item.title).toBe('عنوانالخبر');
      expect(JSON.stringify(item)).not.toContain('\\u0000');
    }
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
      'the document is neither RSS, Atom, JSON Feed nor a WordPress posts list',
    );
    expect(() => parseFeed('{"posts": []}', 'application/json')).toThrow(
      'the JSON is neither a JSON Feed nor a WordPress posts list',
    );
    expect(() => parseFeed('{"items": []}', 'application/feed+json')).toThrow(
      'the JSON Feed has no version of https://jsonfeed.org/version/1.x',
    );
  });
});

describe('parseFeed on the feeds sites really publish', () => {
  const bytes = (name: string) =>
    readFileSync(join(import.meta.dirname, '../../test/fixtures/feeds', name));

  it('decodes ISO-8859-1 by its XML declaration, and reads Portuguese dates', () => {
    const feed = parseFeed(bytes('portuguese-iso-8859-1.rss'), 'application/rss+xml');
    expect(feed.title).toBe('Notícias da Região');
    expect(feed.items.map((item) => [item.title, item.publishedAt])).toEqual([
      ['Mãe e filha reencontram-se após 30 anos', '2018-09-24T22:42:40.000Z'],
      ['Ação solidária arrecada três toneladas de alimentos', '2018-10-02T11:05:00.000Z'],
    ]);
    expect(feed.unknownEncoding).toBeNull();
  });

  it('decodes Arabic in windows-1256, with Arabic month names', () => {
    const feed = parseFeed(bytes('arabic-windows-1256.rss'), {
      contentType: 'text/xml; charset=windows-1256',
      url: 'https://rafidain.example/rss',
    });
    expect(feed.title).toBe('أخبار الرافدين');
    expect(feed.items[0]).toMatchObject({
      title: 'وزارة الداخلية تتسلّم «شحنة» أسلحة جديدة',
      guid: 'rafidain-1001',
      publishedAt: '2026-11-23T06:00:00.000Z',
    });
    expect(normalizeArticle(feed.items[0]).summary).toBe(
      'أعلنت خلية الإعلام الأمني عن استلام ذخيرة وأسلحة بقيمة تناهز ثلاثة ملايين دولار.',
    );
    expect(feed.items[1].publishedAt).toBe('2026-11-22T15:30:00.000Z');
  });

  it('reads Atom in UTF-8 with a BOM: xml:base links, xhtml content, html titles, updated', () => {
    const feed = parseFeed(bytes('arabic-utf8-bom.atom'), {
      contentType: 'application/atom+xml',
      url: 'https://feeds.example/sham.xml',
    });
    expect(feed.title).toBe('شام اليوم');
    const [aleppo, fair] = feed.items;
    expect(aleppo).toMatchObject({
      title: 'حلب: عودة الكهرباء إلى الأحياء الشرقية',
      url: 'https://sham.example/ar/news/77',
      guid: 'tag:sham.example,2026:post-77',
      publishedAt: '2026-11-24T06:00:00.000Z',
      imageUrl: 'https://sham.example/media/aleppo.jpg',
      imageWidth: 800,
      imageHeight: 450,
    });
    expect(normalizeArticle(aleppo).summary).toBe(
      'عادت الكهرباء إلى الأحياء الشرقية في حلب بعد انقطاع دام أسبوعاً.',
    );
    // The entry's own xml:base wins over the feed's.
    expect(fair.url).toBe('https://sham.example/en/news/78');
    expect(normalizeArticle(fair).summary).toBe('More than 200 publishers take part.');
  });

  it('decodes GB2312 by the HTTP charset', () => {
    const feed = parseFeed(bytes('chinese-gb2312.rss'), 'application/rss+xml; charset=gb2312');
    expect(feed.items[0]).toMatchObject({
      title: '北京今日迎来初雪',
      summary: '气象台表示，降雪将持续到明天上午。',
      publishedAt: '2026-11-24T00:00:00.000Z',
    });
  });

  it('reads a feed with a newline before <?xml, relative links, unescaped HTML and long categories', () => {
    const feed = parseFeed(bytes('newline-before-declaration.rss'), {
      contentType: 'application/rss+xml; charset=UTF-8',
      url: 'https://hay.example/blog/feed/',
    });
    const [souq, library, linkless, titleless, javascript] = feed.items;
    expect(souq.url).toBe('https://hay.example/blog/feed/posts/souq-friday');
    expect(souq.categories).toHaveLength(2);
    expect(souq.categories![0].length).toBeLessThanOrEqual(100);
    expect(souq.categories![0]).toMatch(/^تصنيف طويل .*…$/);
    expect(souq.publishedAt).toBeUndefined();
    // The description's elements are HTML, not lost; WordPress's footer goes.
    expect(normalizeArticle(souq).summary).toBe(
      'عاد سوق الجمعة إلى العمل بعد الترميم الذي استمر عامين.',
    );
    expect(library).toMatchObject({
      url: 'https://hay.example/posts/library-hours',
      imageUrl: 'https://hay.example/uploads/library.jpg',
      imageWidth: 1200,
      imageHeight: 800,
    });
    expect(normalizeArticle(library).summary).toBe(
      'تفتح المكتبة أبوابها حتى العاشرة مساءً طوال الشتاء.',
    );
    expect(linkless).toMatchObject({ title: 'عنوان بلا رابط', url: '' });
    expect(titleless).toMatchObject({ title: '', url: 'https://hay.example/posts/no-title' });
    expect(javascript).toMatchObject({ title: 'رابط غير مقبول', url: '' });
  });

  it('keeps podcast episodes apart by guid, and dates what can be dated', () => {
    const feed = parseFeed(bytes('podcast-shared-links.rss'), 'application/rss+xml');
    expect(feed.items.map((item) => [item.guid, item.url, item.publishedAt])).toEqual([
      ['ep-1', 'https://podcast.example/', '2018-11-05T07:00:00.000Z'],
      ['ep-2', 'https://podcast.example/', '2018-11-13T06:00:00.000Z'],
      ['ep-3', 'https://podcast.example/', '2018-11-20T07:00:00.000Z'],
      ['ep-4', 'https://podcast.example/', undefined],
      ['ep-5', 'https://podcast.example/', undefined],
    ]);
    // The audio enclosure is not an image; the episode's artwork is.
    expect(feed.items[0].imageUrl).toBe('https://podcast.example/art/ep-1.jpg');
  });

  it('reads JSON Feed 1.1, by its content type or its version', () => {
    const body = bytes('json-feed.json');
    for (const contentType of ['application/feed+json', 'application/json', '']) {
      const feed = parseFeed(body, { contentType, url: 'https://madina.example/feed.json' });
      expect(feed.title).toBe('نشرة المدينة');
      expect(feed.items).toHaveLength(2);
    }
    const [bridge, water] = parseFeed(body, {
      contentType: 'application/feed+json',
      url: 'https://madina.example/feed.json',
    }).items;
    expect(bridge).toMatchObject({
      guid: 'madina-501',
      url: 'https://madina.example/news/501',
      title: 'افتتاح جسر المدينة الجديد',
      imageUrl: 'https://madina.example/img/bridge.jpg',
      publishedAt: '2026-11-25T03:00:00.000Z',
      author: 'سارة أحمد',
      tags: ['بنية تحتية', 'نقل'],
    });
    expect(normalizeArticle(bridge).summary).toBe('افتُتح الجسر الجديد أمام حركة السير صباح اليوم.');
    // No title: its first words stand for one.
    expect(water).toMatchObject({
      guid: '502',
      url: 'https://madina.example/news/502',
      imageUrl: 'https://madina.example/img/water.jpg',
      publishedAt: '2026-11-26T08:15:00.000Z',
    });
    expect(water.title).toMatch(/^انقطاع المياه عن حي النخيل يوم السبت/);
  });

  it('notes a charset nobody knows and reads the feed as UTF-8', () => {
    const feed = parseFeed(bytes('unknown-charset.rss'), 'application/rss+xml; charset=x-klingon');
    expect(feed.unknownEncoding).toBe('x-klingon');
    expect(feed.items[0]).toMatchObject({
      title: 'خبر بترميز غير معروف',
      publishedAt: '2026-11-24T07:30:00.000Z',
    });
  });

  it('cuts an over-long field at a word instead of losing the item', () => {
    const long = (words: number) => Array.from({ length: words }, () => 'كلمة').join(' ');
    const [item] = parseFeed(
      `<rss version="2.0"><channel><title>x</title><item><title>${long(150)}</title>
<link>https://news.example/a</link><guid>${'g'.repeat(1500)}</guid><author>${long(60)}</author>
<category>${long(30)}</category><content:encoded><![CDATA[<p>${long(5000)} <a rel="tag" href="/tag/x">اقتصاد</a></p>]]></content:encoded>
</item></channel></rss>`.replace(
        '<rss version="2.0">',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
      ),
    ).items;
    expect(item.title.length).toBeLessThanOrEqual(500);
    expect(item.title.endsWith('كلمة…')).toBe(true);
    expect(item.guid).toHaveLength(1000);
    expect(item.author!.length).toBeLessThanOrEqual(200);
    expect(item.categories![0].length).toBeLessThanOrEqual(100);
    expect(item.summary!.length).toBeLessThanOrEqual(20_000);
    expect(normalizeArticle(item).summary).not.toContain('<p>');
  });

  it('resolves RSS links against xml:base on the channel and the item; only http(s) survive', () => {
    const items = parseFeed(
      `<rss version="2.0" xml:base="https://a.example/root/"><channel xml:base="section/"><title>x</title>
<item><title>1</title><link>one</link></item>
<item xml:base="https://b.example/"><title>2</title><link>/two</link></item>
<item><title>3</title><guid>https://c.example/three</guid></item>
<item><title>4</title><guid>42</guid></item>
<item><title>5</title><link>ftp://a.example/five</link></item>
</channel></rss>`,
      { url: 'https://feeds.example/feed' },
    ).items.map((item) => item.url);
    expect(items).toEqual([
      'https://a.example/root/section/one',
      'https://b.example/two',
      'https://c.example/three',
      '',
      '',
    ]);
  });
});
