import { loadConfig } from './config.js';
import { parseRelayUrls } from './relay-urls.js';

describe('parseRelayUrls', () => {
  it('reads each relay with its weight and rate, and names it by host:port', () => {
    expect(
      parseRelayUrls(
        'smtp://user:secret@a.example:2525#weight=3&rate=50, smtps://b.example,smtp://[::1]',
      ),
    ).toEqual([
      { url: 'smtp://user:secret@a.example:2525', weight: 3, rate: 50, label: 'a.example:2525' },
      { url: 'smtps://b.example', weight: 1, rate: 0, label: 'b.example:465' },
      { url: 'smtp://[::1]', weight: 1, rate: 0, label: '[::1]:587' },
    ]);
    expect(parseRelayUrls('smtp://a.example#rate=0.5')[0]).toMatchObject({ weight: 1, rate: 0.5 });
  });

  it.each([
    ['smtp://a.example,smtp://u:pw@b.example#weight=0', /^entry 2 \(b\.example:587\): weight/],
    ['smtp://u:pw@a.example#weight=1.5', /weight must be a whole number/],
    ['smtp://u:pw@a.example#weight=', /weight must be a whole number/],
    ['smtp://u:pw@a.example#rate=-1', /^entry 1 \(a\.example:587\): rate must be/],
    ['smtp://u:pw@a.example#rate=fast', /rate must be/],
    ['smtp://u:pw@a.example#wieght=3', /unknown option wieght/],
    ['http://u:pw@a.example', /^entry 1 must start with smtp:\/\/ or smtps:\/\//],
    ['smtp//u:pw@a.example', /^entry 1 is not a URL/],
    [
      'smtp://u:pw@a.example, smtp://v:pw2@a.example:587',
      /^entry 2 \(a\.example:587\) names a relay given before/,
    ],
    [' , ', /names no relay/],
  ])('refuses %s, naming the entry', (value, reason) => {
    expect(() => parseRelayUrls(value)).toThrow(reason);
  });

  it('fails the boot on a bad entry without printing its password', () => {
    const attempt = () =>
      loadConfig({ SMTP_URLS: 'smtp://a.example, smtp://user:hunter2@b.example#weight=x' });
    expect(attempt).toThrow(/^ {2}SMTP_URLS: entry 2 \(b\.example:587\): weight must be/m);
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => loadConfig({ SMTP_URLS: 'smtp//user:hunter2@b.example' })).not.toThrow(/hunter2/);
  });

  it('overrides SMTP_URL: the dev inbox stays off, and production takes it instead', () => {
    const relays = 'smtp://a.example#weight=2,smtp://b.example';
    const config = loadConfig({ SMTP_URLS: relays, APP_SECRET: 's'.repeat(40) });
    expect(config.devInbox).toBe(false);
    expect(config.SMTP_URLS?.map((relay) => relay.label)).toEqual([
      'a.example:587',
      'b.example:587',
    ]);
    const production = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: 's'.repeat(40),
      METRICS_TOKEN: 'm'.repeat(20),
      SMTP_URLS: relays,
    });
    expect(production.SMTP_URLS).toHaveLength(2);
  });
});
