import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'nashra-config-'));

  it('applies the documented defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:3000',
      DATABASE_URL: 'sqlite:./data/nashra.sqlite',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'nashra',
      MAIL_FROM: 'نشرة <newsletter@localhost>',
      ROLE: 'all',
      devInbox: true,
      database: { type: 'sqlite', path: './data/nashra.sqlite' },
    });
    // Outside production the secret is generated once and kept beside the data.
    expect(config.APP_SECRET).toBe(readFileSync(join(dir, 'app-secret'), 'utf8'));
    expect(loadConfig({ DATA_DIR: dir }).APP_SECRET).toBe(config.APP_SECRET);
  });

  it('names every variable at fault', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ROLE: 'boss' });
    expect(attempt).toThrow(/^ {2}PORT: /m);
    expect(attempt).toThrow(/^ {2}DATABASE_URL: must start with sqlite: or postgres:\/\/$/m);
    expect(attempt).toThrow(/^ {2}ROLE: /m);
  });

  it('requires APP_SECRET and SMTP_URL in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'APP_SECRET: required when NODE_ENV=production\n  SMTP_URL: required when NODE_ENV=production',
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtps://user:pass@mail.example:465',
    });
    expect(config.devInbox).toBe(false);
  });

  it('reads a PostgreSQL URL, a trailing slash on PUBLIC_URL and a list of origins', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://u:p@db:5432/nashra',
      PUBLIC_URL: 'https://news.example/',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://u:p@db:5432/nashra' });
    expect(config.PUBLIC_URL).toBe('https://news.example');
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('refuses a short APP_SECRET and a PUBLIC_URL that is not http(s)', () => {
    expect(() => loadConfig({ APP_SECRET: 'short' })).toThrow(/APP_SECRET: must be at least 32/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });
});
