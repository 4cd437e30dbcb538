/**
 * The README's screenshots of a subject test decided by clicks, the campaign's clicks card, the
 * public /unsubscribe page on a phone, and the overview's SMTP relays card. Starts the built app
 * (dist/) on a fresh SQLite file with its own SMTP servers, seeds it over the admin API, follows
 * some of the links it mailed as readers would, and photographs the pages in headless Chromium.
 * Not a test: npm test does not run it.
 * Needs Redis (REDIS_URL, default localhost) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 *
 *   npm run screenshots -- [out-dir, default docs/screenshots] [scene…, default all]
 *   (builds, compiles this file to dist/scripts/ and runs it)
 *
 * Scenes: subject-test (admin-subject-test, admin-clicks, unsubscribe-request), relays
 * (admin-relays).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { type Browser, type Page, chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

const OUT = resolve(process.argv[2] ?? 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_TOKEN = randomBytes(16).toString('hex');
const EDITOR = { email: 'huda@example.com', password: 'كلمة-سر-للصور-2026', name: 'هدى' };
const SUBJECTS = [
  'نشرة الصباح: أبرز أخبار اليوم',
  'الموازنة الجديدة في خمسة أرقام',
  'ما الذي ينتظر بغداد هذا الأسبوع؟',
];
/** The share of each test group's readers who follow a link: the second subject wins. */
const CLICKING = [0.12, 0.34, 0.2];
/** The address the relays of the relays scene answer "no such user": a refused message. */
const REFUSED = 'no-such-reader@example.net';

interface Mail {
  to: string;
  subject: string;
  html: string;
}

type Sink = Awaited<ReturnType<typeof smtpSink>>;

const SCENES: Record<string, () => Promise<void>> = {
  'subject-test': subjectTestScene,
  relays: relaysScene,
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(3);
  const unknown = chosen.filter((scene) => !SCENES[scene]);
  if (unknown.length) {
    throw new Error(`unknown scene ${unknown.join(', ')}: ${Object.keys(SCENES).join(', ')}`);
  }
  for (const scene of chosen.length ? chosen : Object.keys(SCENES)) await SCENES[scene]();
}

async function subjectTestScene(): Promise<void> {
  const mails: Mail[] = [];
  const smtp = await smtpSink(mails);
  try {
    await withApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, async (url) => {
      const id = await seedDecidedTest(url, mails);
      await withBrowser((browser) => shootSubjectTest(browser, url, id));
    });
  } finally {
    smtp.kill();
  }
}

/**
 * Two relays, the second stopped between two campaigns: the card shows it down until its
 * back-off ends (10 s after the first failure, so the shot follows at once), and each relay's
 * messages, one of them refused.
 */
async function relaysScene(): Promise<void> {
  const mails: Mail[] = [];
  const steady = await smtpSink(mails, 2525);
  const stopped = await smtpSink(mails, 2526);
  const relay = (sink: Sink) => `smtp://127.0.0.1:${sink.port}`;
  try {
    const env = {
      SMTP_URLS: `${relay(steady)}#weight=3&rate=50, ${relay(stopped)}`,
      SEND_BATCH_SIZE: '20',
    };
    await withApp(env, async (url) => {
      await api(url, 'POST', '/api/admin/articles', [
        article(1, 'الحكومة تناقش موازنة العام المقبل', 'جلسة مطوّلة لمجلس الوزراء.'),
        article(2, 'افتتاح معرض بغداد الدولي للكتاب', 'أكثر من ستمئة دار نشر.'),
      ]);
      for (const email of [...readers(80), REFUSED]) {
        await api(url, 'POST', '/api/admin/subscribers', {
          email,
          lists: ['daily'],
          status: 'confirmed',
        });
      }
      await sendAndWait(url, 'نشرة الصباح');
      stopped.kill();
      await sendAndWait(url, 'نشرة المساء');
      // The workers add their counts to Redis every 5 s; the stopped relay is down for 10.
      const count = async (sink: Sink, outcome: string) => {
        const metrics = await (await fetch(`${url}/metrics`)).text();
        const series = `nashra_smtp_relay_messages_total{relay="127.0.0.1:${sink.port}",outcome="${outcome}"} `;
        const line = metrics.split('\n').find((entry) => entry.startsWith(series));
        return Number(line?.slice(series.length) ?? 0);
      };
      await until('the relays’ counts in /metrics', async () => {
        const refused = (await count(steady, 'refused')) + (await count(stopped, 'refused'));
        return (await count(stopped, 'failed')) > 0 && refused > 0;
      });
      await withBrowser((browser) => shootRelays(browser, url));
    });
  } finally {
    steady.kill();
    stopped.kill();
  }
}

/** The app on a fresh SQLite file and queue prefix, with the editor made, for `run`. */
async function withApp(extra: Record<string, string>, run: (url: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-shots-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prefix = `nashra-shots-${randomBytes(4).toString('hex')}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_URL: `sqlite:${join(dir, 'nashra.sqlite')}`,
    DATA_DIR: dir,
    QUEUE_PREFIX: prefix,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_TOKEN,
    TRACK_CLICKS: 'per-subscriber',
    // The sweeper makes a choice left to clicks once the wait is over.
    SWEEP_SECONDS: '2',
    LOG_LEVEL: 'error',
    NASHRA_PASSWORD: EDITOR.password,
    ...extra,
  };
  const app = spawn(process.execPath, ['dist/main.js'], { env, stdio: 'inherit' });
  try {
    await until('the app to answer', async () => (await fetch(`${url}/health`)).ok);
    await promisify(execFile)(
      process.execPath,
      ['dist/cli/main.js', 'editors:create', EDITOR.email, '--name', EDITOR.name],
      { env },
    );
    await run(url);
  } finally {
    await stop(app);
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

/** A campaign of three subjects whose readers' clicks chose the second; returns its id. */
async function seedDecidedTest(url: string, mails: Mail[]): Promise<string> {
  await api(url, 'POST', '/api/admin/articles', [
    article(1, 'الحكومة تناقش موازنة العام المقبل', 'جلسة مطوّلة لمجلس الوزراء حول أبواب الإنفاق.'),
    article(2, 'افتتاح معرض بغداد الدولي للكتاب', 'أكثر من ستمئة دار نشر تشارك في دورة هذا العام.'),
    article(3, 'أسعار النفط ترتفع للأسبوع الثالث', 'برنت يقترب من أعلى مستوياته منذ الربيع.'),
    article(4, 'منتخب الشباب إلى نصف النهائي', 'فوز بهدفين في مباراة حسمها الشوط الثاني.'),
  ]);
  for (let n = 0; n < 240; n += 1) {
    await api(url, 'POST', '/api/admin/subscribers', {
      email: `reader-${n}@example.net`,
      name: `قارئ ${n}`,
      lists: ['daily'],
      status: 'confirmed',
    });
  }
  const { id } = (await api(url, 'POST', '/api/admin/campaigns', {
    list: 'daily',
    subjects: SUBJECTS,
    subjectTest: { sharePercent: 12, waitMinutes: 0.75, choose: 'clicks' },
    sinceHours: 24,
  })) as { id: string };
  await api(url, 'POST', `/api/admin/campaigns/${id}/send`, {});
  const campaign = () => api(url, 'GET', `/api/admin/campaigns/${id}`) as Promise<CampaignBody>;

  const waiting = await until('the test groups to be sent', async () => {
    const body = await campaign();
    return body.subjectTest?.phase === 'waiting' && body;
  });
  const tested = waiting.subjectTest!.subjects.reduce((sum, row) => sum + row.sent, 0);
  await until('the test groups’ mail', () => mails.length >= tested);
  for (const [index, subject] of SUBJECTS.entries()) {
    const group = mails.filter((mail) => mail.subject === subject);
    await follow(group.slice(0, Math.round(group.length * CLICKING[index])));
  }
  await until('the clicks to choose', async () => (await campaign()).status === 'sent', 180_000);
  // The rest of the list reads the winner too, for the clicks card.
  const rest = mails.filter((mail) => !mails.slice(0, tested).includes(mail));
  await follow(rest.slice(0, Math.round(rest.length * 0.3)), true);
  await new Promise((done) => setTimeout(done, 7000)); // the web process flushes clicks every 5 s
  return id;
}

interface CampaignBody {
  status: string;
  subjectTest: { phase: string; subjects: { sent: number }[] } | null;
}

/**
 * Readers following their message's tracked links, as readers do: most open the first article,
 * fewer each one after it; with `twice`, some come back for another or open the same again.
 */
async function follow(readers: Mail[], twice = false): Promise<void> {
  for (const [n, mail] of readers.entries()) {
    const tracked = [...new Set(mail.html.match(/https?:\/\/[^"'\s<>]+\/r\/[^"'\s<>]+/g) ?? [])];
    const picks = [[0, 0, 0, 1, 1, 2, 3][n % 7]];
    if (twice && n % 3 === 0) picks.push((picks[0] + 1) % tracked.length);
    if (twice && n % 4 === 0) picks.push(picks[0]); // opened again: a click, not a new reader
    for (const pick of picks) {
      const link = tracked[pick];
      if (link) await fetch(link.replace(/&amp;/g, '&'), { redirect: 'manual' });
    }
  }
}

async function withBrowser(run: (browser: Browser) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}

/** A 1280 px wide page, logged in as the editor. */
async function deskPage(browser: Browser, url: string): Promise<Page> {
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await desk.goto(`${url}/admin/login`);
  await desk.fill('input[name="email"]', EDITOR.email);
  await desk.fill('input[name="password"]', EDITOR.password);
  await Promise.all([
    desk.waitForURL(/\/admin(\/|$)/),
    desk.press('input[name="password"]', 'Enter'),
  ]);
  return desk;
}

async function shootSubjectTest(browser: Browser, url: string, id: string): Promise<void> {
  const desk = await deskPage(browser, url);
  await desk.goto(`${url}/admin/campaigns/${id}`);
  // From the page's top (title, state, progress) down to the end of the test card.
  const card = await box(desk, '[data-section="subject-test"]');
  await desk.screenshot({
    path: join(OUT, 'admin-subject-test.png'),
    clip: { x: 0, y: 0, width: 1280, height: card.y + card.height + 24 },
  });
  await shootAround(desk, '[data-field="clicks"]', 'admin-clicks.png');

  const phone = await browser.newPage({ viewport: { width: 390, height: 760 } });
  await phone.goto(`${url}/unsubscribe`);
  await phone.screenshot({ path: join(OUT, 'unsubscribe-request.png') });
}

async function shootRelays(browser: Browser, url: string): Promise<void> {
  const desk = await deskPage(browser, url);
  await desk.goto(`${url}/admin`);
  if ((await desk.locator('[data-section="relays"] tr[data-status="down"]').count()) !== 1) {
    throw new Error('the stopped relay is not down on /admin: its back-off ended before the shot');
  }
  await shootAround(desk, '[data-section="relays"]', 'admin-relays.png');
}

/** The element and a 12 px margin, wherever it is on the page. */
async function shootAround(page: Page, selector: string, file: string): Promise<void> {
  const found = await box(page, selector);
  await page.screenshot({
    path: join(OUT, file),
    clip: { x: found.x - 12, y: found.y - 12, width: found.width + 24, height: found.height + 24 },
    fullPage: true,
  });
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not on ${page.url()}`);
  // Page coordinates, not the viewport's: clips with fullPage are measured from the page's top.
  const scrolled = await page.evaluate(() => window.scrollY);
  return { ...found, y: found.y + scrolled };
}

/** Creates a campaign of the last day's articles for the daily list, sends it, waits till sent. */
async function sendAndWait(url: string, subject: string): Promise<void> {
  const { id } = (await api(url, 'POST', '/api/admin/campaigns', {
    list: 'daily',
    subject,
    sinceHours: 24,
  })) as { id: string };
  await api(url, 'POST', `/api/admin/campaigns/${id}/send`, {});
  await until(`“${subject}” to be sent`, async () => {
    const body = (await api(url, 'GET', `/api/admin/campaigns/${id}`)) as CampaignBody;
    return body.status === 'sent';
  });
}

function readers(count: number): string[] {
  return Array.from({ length: count }, (_, n) => `reader-${n}@example.net`);
}

function article(n: number, title: string, summary: string) {
  return { url: `https://news.example/2026/${n}`, title, summary };
}

async function api(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * An SMTP server that keeps what it receives and answers 550 for REFUSED. On `port` when it is
 * free (steady host names in the pictures), else on any. `kill` closes it and drops every
 * connection at once, as a relay that dies.
 */
async function smtpSink(mails: Mail[], port = 0) {
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (address.address !== REFUSED) return callback();
      callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          for (const to of session.envelope.rcptTo) {
            mails.push({ to: to.address, subject: parsed.subject ?? '', html: parsed.html || '' });
          }
          callback();
        })
        .catch(callback);
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const listen = (at: number) =>
    new Promise<void>((done, fail) => {
      server.server.once('error', fail);
      server.listen(at, '127.0.0.1', () => {
        server.server.off('error', fail);
        done();
      });
    });
  await listen(port).catch(() => listen(0));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    kill(): void {
      server.server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  ms = 60_000,
): Promise<Truthy<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
