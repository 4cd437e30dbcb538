import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedParseError, parseFeed } from '../../articles/feed-parser.js';
import { allowAnyAddress, FetchError, safeFetch } from '../../articles/safe-fetch.js';
import { feedErrorInArabic } from './feed-error.js';

/** The reason the poller would store: the message of what safeFetch or the parser threw. */
async function reasonOf(attempt: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await attempt();
  } catch (error) {
    if (error instanceof FetchError || error instanceof FeedParseError) return error.message;
    throw error;
  }
  throw new Error('expected a failure');
}

/** Latin letters an editor would see outside the left-to-right quotes. */
function latinOutsideLtr(markup: string): string[] {
  const outside = markup
    .replace(/<bdi dir="ltr">[^<]*<\/bdi>/g, ' ')
    .replace(/<[^>]*>|&#?\w+;/g, ' ');
  return outside.match(/[A-Za-z][\w.:/-]*/g) ?? [];
}

const servers: Server[] = [];
afterAll(() =>
  Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))),
);

async function serve(handler: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((_req, res) => handler(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
}

const fetchAny = (url: string, timeoutMs?: number) =>
  safeFetch(url, { addressPolicy: allowAnyAddress, timeoutMs });

describe('a feed error in Arabic', () => {
  it('explains a refused loopback address and how to allow a feed on the own network', async () => {
    const reason = await reasonOf(() => safeFetch('http://127.0.0.1:9/feed'));
    expect(reason).toBe('refused: 127.0.0.1 is a loopback address');
    const markup = feedErrorInArabic(reason).value;
    expect(markup).toContain('رُفضت القراءة');
    expect(markup).toContain('<bdi dir="ltr">127.0.0.1</bdi>');
    expect(markup).toContain('<bdi dir="ltr">FEED_ALLOW_PRIVATE=true</bdi>');
    expect(latinOutsideLtr(markup)).toEqual([]);
  });

  it('gives the same hint for a private address, and for a name that resolves to one', async () => {
    const privateAddress = feedErrorInArabic(
      await reasonOf(() => safeFetch('http://10.0.0.8/feed')),
    ).value;
    expect(privateAddress).toContain('شبكة داخلية');
    expect(privateAddress).toContain('FEED_ALLOW_PRIVATE=true');
    const named = feedErrorInArabic(
      await reasonOf(() => safeFetch('http://localhost:9/feed')),
    ).value;
    expect(named).toContain('<bdi dir="ltr">localhost</bdi>');
    expect(named).toContain('FEED_ALLOW_PRIVATE=true');
  });

  it.each([
    ['a missing feed', () => serve((res) => res.writeHead(404).end()).then(fetchAny), '404'],
    [
      "a site's home page",
      () =>
        serve((res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>')).then(
          fetchAny,
        ),
      'صفحة ويب',
    ],
    [
      'a server that never answers',
      () => serve(() => undefined).then((url) => fetchAny(url, 1000)),
      'ثانية واحدة',
    ],
    ['a closed port', () => fetchAny('http://127.0.0.1:9/feed'), 'رفض الخادم'],
    ['broken XML', () => parseFeed('<rss><channel><item>'), 'ليست'],
    ['a document that is no feed', () => parseFeed('<html><body/></html>'), 'ووردبريس'],
    ['broken JSON', () => parseFeed('{"posts": ', 'application/json'), 'تالفاً'],
    ['JSON that is no feed', () => parseFeed('{"posts": []}', 'application/json'), 'ووردبريس'],
    [
      'a JSON Feed without its version',
      () => parseFeed('{"items": []}', 'application/feed+json'),
      'نسختها',
    ],
  ])('explains %s', async (_case, attempt, words) => {
    const reason = await reasonOf(attempt);
    const markup = feedErrorInArabic(reason).value;
    expect(markup).toContain(words);
    expect(markup).not.toContain('التفاصيل التقنية');
    expect(latinOutsideLtr(markup)).toEqual([]);
  });

  it('explains a host that does not exist', async () => {
    const reason = await reasonOf(() => safeFetch('http://feeds.nashra-test.invalid/rss'));
    const markup = feedErrorInArabic(reason).value;
    expect(markup).toContain('<bdi dir="ltr">feeds.nashra-test.invalid</bdi>');
    expect(latinOutsideLtr(markup)).toEqual([]);
  });

  it('shows an unknown reason as a technical detail, left to right', () => {
    const markup = feedErrorInArabic('something <new> happened').value;
    expect(markup).toContain('تعذّرت قراءة الخلاصة');
    expect(markup).toContain('<bdi dir="ltr">something &lt;new&gt; happened</bdi>');
  });
});
