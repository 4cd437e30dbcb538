import { loadConfig } from '../config/config.js';
import { Links } from './links.js';
import { TokenService } from './token.service.js';

const links = (env: Record<string, string> = {}) => {
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: 'a'.repeat(40),
    PUBLIC_URL: 'https://news.example',
    ...env,
  });
  return new Links(config, new TokenService(config));
};

describe('the signed unsubscribe mailto address', () => {
  const withMailto = links({ UNSUBSCRIBE_MAILTO: 'Leave@News.Example' });

  it('is built from UNSUBSCRIBE_MAILTO and read back to the subscriber and list it signs', () => {
    const address = withMailto.unsubscribeMailto(345, 2)!;
    expect(address).toMatch(/^Leave\+u-9l-2-[0-9a-f]{20}@news\.example$/);
    expect(withMailto.readUnsubscribeMailto(address)).toEqual({ subscriberId: 345, listId: 2 });
    expect(withMailto.readUnsubscribeMailto(address.toLowerCase())).toEqual({
      subscriberId: 345,
      listId: 2,
    });
  });

  it('tells a forged tag from addresses that are not requests to leave at all', () => {
    const address = withMailto.unsubscribeMailto(345, 0)!;
    expect(withMailto.readUnsubscribeMailto(address.replace('9l-0', '9m-0'))).toBe('forged');
    expect(withMailto.readUnsubscribeMailto('leave+u-garbage@news.example')).toBe('forged');
    // The bare address, other tags (a shared mailbox's VERP) and other domains: not ours to read.
    expect(withMailto.readUnsubscribeMailto('leave@news.example')).toBeNull();
    expect(
      withMailto.readUnsubscribeMailto('leave+b.c1.s345.0123456789ab@news.example'),
    ).toBeNull();
    expect(withMailto.readUnsubscribeMailto(address.replace('news.example', 'evil.example'))).toBe(
      null,
    );
  });

  it('is absent when UNSUBSCRIBE_MAILTO is unset', () => {
    const without = links();
    expect(without.unsubscribeMailto(345)).toBeNull();
    expect(without.readUnsubscribeMailto(withMailto.unsubscribeMailto(345)!)).toBeNull();
  });

  it('leaves the link sent on request to expire in a day, and old links never', () => {
    const now = Date.UTC(2026, 10, 30);
    const tokens = new TokenService({ APP_SECRET: 'a'.repeat(40) });
    const token = (url: string) => url.slice(url.lastIndexOf('/') + 1);
    const expiring = token(withMailto.expiringUnsubscribe(345, now));
    expect(tokens.verify(expiring, 'unsubscribe', now)?.expiresAt).toBe(now / 1000 + 24 * 3600);
    expect(tokens.verify(expiring, 'unsubscribe', now + 25 * 3600_000)).toBeNull();
    expect(tokens.verify(token(withMailto.unsubscribe(345)), 'unsubscribe')?.expiresAt).toBe(0);
  });
});
