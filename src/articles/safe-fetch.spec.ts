import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowAnyAddress, FetchError, publicAddressesOnly, safeFetch } from './safe-fetch.js';

type Handler = (
  url: string,
  headers: Record<string, string | string[] | undefined>,
  res: ServerResponse,
) => void;

/** Local servers on loopback; tests that need a "public" first hop treat 127.0.0.2 as one. */
async function serve(host: string, handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => handler(req.url ?? '/', req.headers, res));
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, server };
}

const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
const servers: Server[] = [];
afterAll(() =>
  Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))),
);

async function feedServer(handler: Handler) {
  const served = await serve('127.0.0.1', handler);
  servers.push(served.server);
  return served.url;
}

describe('publicAddressesOnly', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['192.168.1.1', 'private'],
    ['172.16.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['::1', 'loopback'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
  ])('refuses %s (%s)', (address, range) => {
    expect(publicAddressesOnly(address)).toContain(range);
  });

  it('allows public unicast addresses', () => {
    expect(publicAddressesOnly('93.184.216.34')).toBeNull();
    expect(publicAddressesOnly('2606:2800:220:1::1')).toBeNull();
  });

  // 127.0.0.1 = 7f00:0001, 10.0.0.1 = 0a00:0001; Teredo keeps the client's address inverted.
  it.each([
    ['::127.0.0.1', '127.0.0.1', 'loopback', 'IPv4-compatible'],
    ['::7f00:1', '127.0.0.1', 'loopback', 'IPv4-compatible'],
    ['::a00:1', '10.0.0.1', 'private', 'IPv4-compatible'],
    ['::ffff:7f00:1', '127.0.0.1', 'loopback', 'IPv4-mapped'],
    ['::ffff:0:a00:1', '10.0.0.1', 'private', 'IPv4-translated'],
    ['64:ff9b::7f00:1', '127.0.0.1', 'loopback', 'NAT64'],
    ['64:ff9b::169.254.169.254', '169.254.169.254', 'linkLocal', 'NAT64'],
    ['2002:7f00:1::', '127.0.0.1', 'loopback', '6to4'],
    ['2002:a9fe:a9fe::1', '169.254.169.254', 'linkLocal', '6to4'],
    ['2001:0:5db8:d822:0:0:80ff:fffe', '127.0.0.1', 'loopback', 'Teredo client'],
    ['2001:0:a00:1::a247:27dd', '10.0.0.1', 'private', 'Teredo server'],
  ])('refuses %s: it carries %s (%s, %s)', (address, _embedded, range) => {
    expect(publicAddressesOnly(address)).toBe(`${address} is a ${range} address`);
  });

  it('allows an IPv6 address that embeds a public IPv4 one (NAT64, 6to4, Teredo)', () => {
    expect(publicAddressesOnly('64:ff9b::5db8:d822')).toBeNull();
    expect(publicAddressesOnly('2002:5db8:d822::1')).toBeNull();
    expect(publicAddressesOnly('2001:0:5db8:d822::a247:27dd')).toBeNull();
    // The local-use NAT64 prefix (RFC 8215) is a network's own, never public.
    expect(publicAddressesOnly('64:ff9b:1::5db8:d822')).toContain('is a rfc6052 address');
  });
});

describe('safeFetch', () => {
  it.each([
    ['http://127.0.0.1/feed', 'refused: 127.0.0.1 is a loopback address'],
    ['http://10.0.0.8/feed', 'refused: 10.0.0.8 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a linkLocal address'],
    ['http://[::1]/feed', 'refused: ::1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]/feed', 'is a loopback address'],
    ['http://[::7f00:1]/feed', 'refused: ::7f00:1 is a loopback address'],
    ['http://[64:ff9b::a9fe:a9fe]/latest/', 'refused: 64:ff9b::a9fe:a9fe is a linkLocal address'],
    ['http://0x7f000001/feed', 'refused: 127.0.0.1 is a loopback address'],
    ['http://localhost/feed', 'refused: localhost resolves to 127.0.0.1 is a loopback address'],
    ['file:///etc/passwd', 'refused: only http and https, not file:'],
    ['gopher://example.com/', 'refused: only http and https'],
  ])('refuses %s', async (url, reason) => {
    await expect(safeFetch(url)).rejects.toThrow(reason);
  });

  it('refuses a redirect to a private address, checked on the redirect itself', async () => {
    const inside = await feedServer((_url, _headers, res) =>
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss),
    );
    const outside = await serve('127.0.0.2', (_url, _headers, res) =>
      res.writeHead(302, { Location: `${inside}/secret` }).end(),
    );
    servers.push(outside.server);
    const policy = (address: string) =>
      address === '127.0.0.2' ? null : publicAddressesOnly(address);
    await expect(safeFetch(`${outside.url}/feed`, { addressPolicy: policy })).rejects.toThrow(
      'refused: 127.0.0.1 is a loopback address',
    );
  });

  it('follows a redirect to the feed and reports where it ended', async () => {
    const url = await feedServer((path, _headers, res) => {
      if (path === '/old') return res.writeHead(301, { Location: '/new' }).end();
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss);
    });
    const result = await safeFetch(`${url}/old`, { addressPolicy: allowAnyAddress });
    expect(result).toMatchObject({ status: 'ok', url: `${url}/new`, body: Buffer.from(rss) });
  });

  it('follows at most 5 redirects', async () => {
    const url = await feedServer((path, _headers, res) => {
      const hop = Number(path.slice(1)) || 0;
      res.writeHead(301, { Location: `/${hop + 1}` }).end();
    });
    await expect(safeFetch(`${url}/0`, { addressPolicy: allowAnyAddress })).rejects.toThrow(
      'more than 5 redirects',
    );
  });

  it('sends the validators and reports not-modified', async () => {
    const url = await feedServer((_path, headers, res) => {
      if (headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res
        .writeHead(200, {
          'Content-Type': 'application/rss+xml',
          ETag: '"v1"',
          'Last-Modified': 'Tue, 24 Nov 2026 07:00:00 GMT',
        })
        .end(rss);
    });
    const first = await safeFetch(url, { addressPolicy: allowAnyAddress });
    expect(first).toMatchObject({
      status: 'ok',
      etag: '"v1"',
      lastModified: 'Tue, 24 Nov 2026 07:00:00 GMT',
      body: Buffer.from(rss),
    });
    const second = await safeFetch(url, { addressPolicy: allowAnyAddress, etag: '"v1"' });
    expect(second.status).toBe('not_modified');
  });

  it('gives up after the timeout', async () => {
    const url = await feedServer(() => undefined);
    await expect(
      safeFetch(url, { addressPolicy: allowAnyAddress, timeoutMs: 300 }),
    ).rejects.toThrow(/timed out/);
  });

  it('refuses a body over the size cap, declared or not', async () => {
    const big = 'x'.repeat(2048);
    const declared = await feedServer((_p, _h, res) =>
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': big.length }).end(big),
    );
    await expect(
      safeFetch(declared, { addressPolicy: allowAnyAddress, maxBytes: 1024 }),
    ).rejects.toThrow('too large: 2048 bytes');
    const chunked = await feedServer((_p, _h, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write(big);
      res.end(big);
    });
    await expect(
      safeFetch(chunked, { addressPolicy: allowAnyAddress, maxBytes: 1024 }),
    ).rejects.toThrow(/too large/);
  });

  it('takes the x- feed types servers still send', async () => {
    for (const type of ['application/x-rss+xml', 'application/x-atom+xml', 'text/rss+xml']) {
      const url = await feedServer((_p, _h, res) =>
        res.writeHead(200, { 'Content-Type': type }).end('<rss version="2.0"></rss>'),
      );
      const fetched = await safeFetch(url, { addressPolicy: allowAnyAddress });
      expect(fetched).toMatchObject({ status: 'ok', contentType: type });
    }
  });

  it('refuses a wrong content type', async () => {
    const url = await feedServer((_p, _h, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>'),
    );
    await expect(safeFetch(url, { addressPolicy: allowAnyAddress })).rejects.toThrow(
      'wrong content type: text/html',
    );
  });

  it('reports HTTP errors by status', async () => {
    const url = await feedServer((_p, _h, res) => res.writeHead(404).end());
    const attempt = safeFetch(url, { addressPolicy: allowAnyAddress });
    await expect(attempt).rejects.toBeInstanceOf(FetchError);
    await expect(safeFetch(url, { addressPolicy: allowAnyAddress })).rejects.toThrow('HTTP 404');
  });
});
