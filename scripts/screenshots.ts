/**
 * The README's screenshots of a subject test decided by clicks, the campaign's clicks card and the
 * public /unsubscribe page on a phone. Starts the built app (dist/) on a fresh SQLite file with
 * its own SMTP server, seeds it over the admin API, follows some of the links it mailed as readers
 * would, and photographs the pages in headless Chromium. Not a test: npm test does not run it.
 * Needs Redis (REDIS_URL, default localhost) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 *
 *   npm run build
 *   npx tsc --module nodenext --target es2022 --skipLibCheck --types node \
 *     --outDir dist/scripts scripts/screenshots.ts
 *   node dist/scripts/screenshots.js [out-dir, default docs/screenshots]
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { type Page, chromium } from 'playwright-core';
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

interface Mail {
  to: string;
  subject: string;
  html: string;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-shots-'));
  const mails: Mail[] = [];
  const smtp = await smtpSink(mails);
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
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_TOKEN,
    TRACK_CLICKS: 'per-subscriber',
    // The sweeper makes a choice left to clicks once the wait is over.
    SWEEP_SECONDS: '2',
    LOG_LEVEL: 'error',
    NASHRA_PASSWORD: EDITOR.password,
  };
  const app = spawn(process.execPath, ['dist/main.js'], { env, stdio: 'inherit' });
  try {
    await until('the app to answer', async () => (await fetch(`${url}/health`)).ok);
    await promisify(execFile)(
      process.execPath,
      ['dist/cli/main.js', 'editors:create', EDITOR.email, '--name', EDITOR.name],
      { env },
    );
    const id = await seedDecidedTest(url, mails);
    await shoot(url, id);
  } finally {
    await stop(app);
    smtp.server.close();
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

async function shoot(url: string, id: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await desk.goto(`${url}/admin/login`);
    await desk.fill('input[name="email"]', EDITOR.email);
    await desk.fill('input[name="password"]', EDITOR.password);
    await Promise.all([
      desk.waitForURL(/\/admin(\/|$)/),
      desk.press('input[name="password"]', 'Enter'),
    ]);
    await desk.goto(`${url}/admin/campaigns/${id}`);
    // From the page's top (title, state, progress) down to the end of the test card.
    const card = await box(desk, '[data-section="subject-test"]');
    await desk.screenshot({
      path: join(OUT, 'admin-subject-test.png'),
      clip: { x: 0, y: 0, width: 1280, height: card.y + card.height + 24 },
    });
    const clicks = await box(desk, '[data-field="clicks"]');
    await desk.screenshot({
      path: join(OUT, 'admin-clicks.png'),
      clip: {
        x: clicks.x - 12,
        y: clicks.y - 12,
        width: clicks.width + 24,
        height: clicks.height + 24,
      },
      fullPage: true,
    });

    const phone = await browser.newPage({ viewport: { width: 390, height: 760 } });
    await phone.goto(`${url}/unsubscribe`);
    await phone.screenshot({ path: join(OUT, 'unsubscribe-request.png') });
  } finally {
    await browser.close();
  }
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not on ${page.url()}`);
  // Page coordinates, not the viewport's: clips with fullPage are measured from the page's top.
  const scrolled = await page.evaluate(() => window.scrollY);
  return { ...found, y: found.y + scrolled };
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

function smtpSink(mails: Mail[]): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
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
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      done({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
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
