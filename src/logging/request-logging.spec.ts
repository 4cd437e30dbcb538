import { describe, expect, it } from '@jest/globals';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { requestLogging, safeUrl } from './request-logging.js';

describe('safeUrl', () => {
  it('hides the signed token of an email link, and any query string', () => {
    expect(safeUrl('/unsubscribe/eyJhbGciOi.abc')).toBe('/unsubscribe/:token');
    expect(safeUrl('/confirm/tok123?x=1')).toBe('/confirm/:token?…');
    expect(safeUrl('/api/admin/campaigns/4')).toBe('/api/admin/campaigns/4');
  });

  it('hides it whatever the case and percent-encoding of the path, as routing accepts them', () => {
    const token = 'eyJhbGciOi.abc';
    for (const url of [
      `/UNSUBSCRIBE/${token}`,
      `/Confirm/${token}`,
      `/%75nsubscribe/${token}`,
      `/%55NSUBSCRIBE/${token}`,
      `/%2575nsubscribe/${token}`,
      `/pre%66erences/${token}`,
      `//unsubscribe/${token}`,
      `/unsubscribe%2F${token}`,
      `/unsubscribe/${token}/more`,
      `/unsubscribe/%${token}`,
    ]) {
      expect(safeUrl(url)).not.toContain(token);
      expect(safeUrl(`${url}?x=1`)).not.toContain(token);
    }
    expect(safeUrl(`/UNSUBSCRIBE/${token}`)).toBe('/unsubscribe/:token');
    expect(safeUrl('/unsubscribe')).toBe('/unsubscribe');
    expect(safeUrl('/confirmed/x')).toBe('/confirmed/x');
  });
});

describe('requestLogging', () => {
  it('writes no token into the log line of a request, however its path is spelled', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const middleware = requestLogging(pino(sink));
    const server = createServer((req, res) => middleware(req, res, () => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = 'eyJzdWIiOjQyfQ.c2lnbmF0dXJl';
    try {
      for (const path of [`/UNSUBSCRIBE/${token}`, `/%75nsubscribe/${token}`, `/r/${token}`]) {
        await new Promise<void>((resolve, reject) =>
          request({ host: '127.0.0.1', port, path }, (res) => res.resume().on('end', resolve))
            .on('error', reject)
            .end(),
        );
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Two lines: a reader's click (/r/) is not logged at all.
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(JSON.parse(line)).toMatchObject({ req: { url: '/unsubscribe/:token' } });
    }
  });
});
