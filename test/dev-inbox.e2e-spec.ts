import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { createHttpApp } from '../src/app.js';
import { type AppConfig, loadConfig } from '../src/config/config.js';
import { devInboxFolder } from '../src/dev-inbox/dev-inbox-folder.js';
import { createTestDatabase } from './helpers/test-database.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

interface Summary {
  id: string;
  receivedAt: string;
  to: string[];
  subject: string;
}

const CONFIRM_SUBJECT = 'أكّد اشتراكك في النشرة البريدية — نشرة';

async function inboxList(url: string): Promise<Summary[]> {
  return (await request(url).get('/dev/inbox').set('Accept', 'application/json').expect(200))
    .body as Summary[];
}

function page(url: string, path: string) {
  return request(url).get(path).set('Accept', 'text/html').expect(200);
}

function titleOf(document: string): string {
  return /<title>([^<]*)<\/title>/.exec(document)![1];
}

describe('the embedded dev inbox (no SMTP_URL)', () => {
  let t: TestApp;
  let dataDir: string;
  let list: Summary[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nashra-dev-inbox-test-'));
    t = await startTestApp({
      SMTP_URL: '',
      NODE_ENV: 'development',
      DEV_INBOX_PORT: String(await freePort()),
      // Not the default zone (Baghdad, UTC+3), so the page can only be right by reading it.
      DIGEST_TIMEZONE: 'Asia/Dubai',
      DATA_DIR: dataDir,
    });
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'first@example.com', name: '<b>أحمد</b>' })
      .expect(202);
    await waitFor('the first message', async () => (await inboxList(t.url)).length === 1);
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'second@example.com' })
      .expect(202);
    list = await waitFor('two messages', async () => {
      const body = await inboxList(t.url);
      return body.length === 2 && body;
    });
  });
  afterAll(async () => {
    const folder = t && devInboxFolder(t.config);
    await t?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('receives every email and shows it, newest first, as it renders', async () => {
    expect(list.map((message) => message.to[0])).toEqual([
      'second@example.com',
      'first@example.com',
    ]);

    const index = await page(t.url, '/dev/inbox');
    expect(index.text).toContain('<html lang="ar" dir="rtl">');
    expect(index.text.indexOf('second@example.com')).toBeLessThan(
      index.text.indexOf('first@example.com'),
    );

    const first = list[1];
    const shown = await page(t.url, `/dev/inbox/${first.id}`);
    const frame = new RegExp(`<iframe[^>]*\\ssandbox\\s[^>]*src="/dev/inbox/${first.id}/html"`);
    expect(shown.text).toMatch(frame);
    // Without JavaScript the frame cannot grow to the email: a plain link opens it whole.
    expect(shown.text).toContain(`<a href="/dev/inbox/${first.id}/html">`);
    // The text part is shown; a confirmation never prints what the visitor typed as a name.
    expect(shown.text).toContain('/confirm/');
    expect(shown.text).not.toContain('أحمد');
    expect(shown.text).toMatch(/Message-ID: &lt;confirm\.\d+\.\d+@127\.0\.0\.1&gt;/);
    const html = await request(t.url).get(`/dev/inbox/${first.id}/html`).expect(200);
    expect(html.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(html.text).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(html.text).not.toContain('<b>أحمد</b>');
  });

  it('shows the subject, sender and headers decoded, never as =?UTF-8?B?…', async () => {
    expect(list[0].subject).toBe(CONFIRM_SUBJECT);
    const index = await page(t.url, '/dev/inbox');
    expect(index.text).toContain(`<bdi>${CONFIRM_SUBJECT}</bdi>`);
    const shown = await page(t.url, `/dev/inbox/${list[0].id}`);
    for (const document of [index.text, shown.text]) {
      expect(document).not.toMatch(/=\?utf-8\?/i);
      // MAIL_FROM's name, then its address isolated left to right.
      expect(document).toContain(
        '<bdi>نشرة</bdi> <bdi dir="ltr">&lt;newsletter@localhost&gt;</bdi>',
      );
    }
    expect(shown.text).toContain(`<h1><bdi>${CONFIRM_SUBJECT}</bdi></h1>`);
    expect(shown.text).toContain(`Subject: ${CONFIRM_SUBJECT}`);
    expect(shown.text).toContain('<bdi dir="ltr">second@example.com</bdi>');
  });

  it('shows when each message came in the site zone (DIGEST_TIMEZONE), in Arabic', async () => {
    const index = await page(t.url, '/dev/inbox');
    const shown = await page(t.url, `/dev/inbox/${list[0].id}`);
    const receivedAt = new Date(list[0].receivedAt);
    // Dubai is UTC+4 all year.
    const hour = (receivedAt.getUTCHours() + 4) % 24;
    const minute = receivedAt.getUTCMinutes();
    for (const document of [index.text, shown.text]) {
      const time = new RegExp(`<time datetime="${list[0].receivedAt}">([^<]+)</time>`).exec(
        document,
      );
      expect(time).not.toBeNull();
      const clock = /(\d{1,2}):(\d{2})\s*([صم])/.exec(westernDigits(time![1]));
      expect(clock).not.toBeNull();
      const [, shownHour, shownMinute, half] = clock!;
      expect((Number(shownHour) % 12) + (half === 'م' ? 12 : 0)).toBe(hour);
      expect(Number(shownMinute)).toBe(minute);
    }
  });

  it('titles a page once with the site name, not «— نشرة — نشرة»', async () => {
    expect(titleOf((await page(t.url, '/dev/inbox')).text)).toBe('صندوق التطوير — نشرة');
    const title = titleOf((await page(t.url, `/dev/inbox/${list[0].id}`)).text);
    expect(title).toBe(`${CONFIRM_SUBJECT} — صندوق التطوير`);
    expect(title.split('— نشرة').length - 1).toBe(1);
  });

  it('offers the message as filed, with its envelope, and refuses ids it does not hold', async () => {
    const raw = await request(t.url)
      .get(`/dev/inbox/${list[1].id}/raw`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);
    expect(raw.headers['content-disposition']).toContain(`${list[1].id}.eml`);
    expect(raw.body as string).toMatch(
      /^Return-Path: <[^>]*>\r\nDelivered-To: first@example.com\r\n/,
    );

    for (const id of ['unknown', '..%2F..%2Fapp-secret', '0000000000000-00000000']) {
      for (const path of [`/dev/inbox/${id}`, `/dev/inbox/${id}/html`, `/dev/inbox/${id}/raw`]) {
        const response = await request(t.url).get(path).set('Accept', 'text/html').expect(404);
        expect(response.text).toContain('لا رسالة بهذا المعرّف في صندوق التطوير');
      }
    }
  });
  it('files mail from any sender: a text-only message, a Latin subject, a blind copy', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: t.config.DEV_INBOX_PORT });
    await transport.sendMail({
      from: '"Build Bot" <bot@example.com>',
      to: 'reader@example.com',
      bcc: 'archive@example.com',
      subject: 'Nightly build',
      text: 'كل شيء على ما يرام: https://ci.example.com/runs/42',
    });
    transport.close();
    const [latest] = await inboxList(t.url);
    expect(latest).toMatchObject({
      subject: 'Nightly build',
      from: 'bot@example.com',
      to: ['reader@example.com', 'archive@example.com'],
    });
    const shown = await page(t.url, `/dev/inbox/${latest.id}`);
    expect(shown.text).not.toContain('<iframe');
    expect(shown.text).toContain('<h1><bdi dir="ltr">Nightly build</bdi></h1>');
    expect(shown.text).toContain(
      '<bdi dir="ltr">Build Bot</bdi> <bdi dir="ltr">&lt;bot@example.com&gt;</bdi>',
    );
    // The blind copy is not in the To header: the page says where the message really went.
    expect(shown.text).toMatch(/<dt>سُلّمت إلى<\/dt>\s*<dd>[^]*archive@example\.com/);
    expect(shown.text).toContain(
      'كل شيء على ما يرام: <bdi dir="ltr">https://ci.example.com/runs/42</bdi>',
    );
    const alone = await request(t.url).get(`/dev/inbox/${latest.id}/html`).expect(200);
    expect(alone.text).toContain('كل شيء على ما يرام: https://ci.example.com/runs/42');
  });
});

describe('the dev inbox across a restart', () => {
  const apps: INestApplication[] = [];
  let config: AppConfig;
  let dropDatabase: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const port = await freePort();
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'nashra-dev-inbox-test-'));
    config = loadConfig({
      NODE_ENV: 'development',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: `nashra-test-${randomBytes(4).toString('hex')}`,
      DEV_INBOX_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error',
    });
  });
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await dropDatabase?.();
    if (config) {
      rmSync(devInboxFolder(config)!, { recursive: true, force: true });
      const redis = new Redis(config.REDIS_URL);
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<INestApplication> {
    const app = await createHttpApp(config);
    apps.push(app);
    await app.listen(config.PORT, '127.0.0.1');
    return app;
  }

  it('keeps its messages beside the database, the newest 500', async () => {
    const url = config.PUBLIC_URL;
    const first = await start();
    await request(url).post('/api/subscriptions').send({ email: 'kept@example.com' }).expect(202);
    const [sent] = await waitFor('the confirmation', async () => {
      const body = await inboxList(url);
      return body.length === 1 && body;
    });
    await first.close();

    // Older messages filed before, more than the inbox keeps, and a write cut short by a crash.
    const folder = devInboxFolder(config)!;
    const oldest = Date.parse('2025-01-01T00:00:00Z');
    for (let index = 0; index < 500; index++) {
      const id = `${oldest + index * 1000}-${index.toString(16).padStart(8, '0')}`;
      const eml = `Return-Path: <old@localhost>\r\nDelivered-To: old${index}@example.com\r\nSubject: old ${index}\r\n\r\nold\r\n`;
      writeFileSync(join(folder, `${id}.eml`), eml);
    }
    writeFileSync(join(folder, `${Date.now()}-ffffffff.eml.partial`), 'Subject: half');

    await start();
    const kept = await inboxList(url);
    expect(kept).toHaveLength(500);
    expect(kept[0]).toMatchObject({
      id: sent.id,
      to: ['kept@example.com'],
      subject: CONFIRM_SUBJECT,
    });
    expect(kept[499].to).toEqual(['old1@example.com']);
    const files = readdirSync(folder);
    expect(files).toHaveLength(500);
    expect(files).not.toContain(`${oldest}-00000000.eml`);
    expect(files.filter((name) => name.endsWith('.partial'))).toEqual([]);
    const shown = await page(url, `/dev/inbox/${sent.id}`);
    expect(shown.text).toContain(`<h1><bdi>${CONFIRM_SUBJECT}</bdi></h1>`);
    expect((await request(url).get(`/dev/inbox/${sent.id}/html`).expect(200)).text).toContain(
      'dir="rtl"',
    );
  });
});

describe('production', () => {
  it('never mounts the dev inbox', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', METRICS_PUBLIC: 'true' });
    try {
      await request(t.url).get('/dev/inbox').expect(404);
    } finally {
      await t.close();
    }
  });
});

function westernDigits(text: string): string {
  return text.replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));
}
