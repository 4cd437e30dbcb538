/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { launchChromium } from './helpers/browser.js';
import { createEditor, EDITOR_PASSWORD } from './helpers/editors.js';
import { auth, seedSubscribers } from './helpers/seed.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const paragraphs = readFileSync(join(import.meta.dirname, 'fixtures/article-ar.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim());

const ARTICLES = [
  {
    url: 'https://news.example/?p=11',
    title: 'تسليم أسلحة إلى وزارة الداخلية',
    summary: paragraphs[0],
  },
  { url: 'https://news.example/?p=12', title: 'هجمات في نينوى', summary: paragraphs[1] },
  { url: 'https://news.example/?p=13', title: 'النصر على التنظيم في 2017', summary: paragraphs[2] },
];

describe('an editor in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let site: Server;
  let siteOrigin: string;

  beforeAll(async () => {
    const sitePort = await freePort();
    siteOrigin = `http://127.0.0.1:${sitePort}`;
    t = await startTestApp({ ALLOWED_ORIGINS: siteOrigin, SEND_BATCH_SIZE: '10' });
    // A page of the news site, on another origin, with the embedded signup box.
    site = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="ar" dir="rtl"><body><h1>خبر</h1>
        <div id="nashra-signup"></div><script src="${t.url}/embed/subscribe.js" async></script>
        </body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
    browser = await launchChromium();
    await createEditor(t, 'editor@example.com', 'editor');
    await request(t.url).post('/api/admin/articles').set(auth).send(ARTICLES).expect(201);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  it('logs in, schedules the daily digest, composes, previews, tests and sends a campaign', async () => {
    const readers = await seedSubscribers(t, 25);
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    await page.goto(`${t.url}/admin/campaigns/new`);
    expect(page.url()).toContain('/admin/login');
    await page.fill('#email', 'editor@example.com');
    await page.fill('#password', EDITOR_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.url}/admin/campaigns/new`);

    // A schedule: every day at 07:00, Baghdad time; the next five runs are shown in that zone.
    await page.goto(`${t.url}/admin/schedules/new`);
    await page.selectOption('#frequency', 'daily');
    await page.fill('#time', '07:00');
    await page.selectOption('#timezone', 'Asia/Baghdad');
    await page.fill('#subject', 'نشرة الصباح {{date}}');
    await page.click('form.card button[type=submit]');
    await page.locator('.notice', { hasText: 'حُفظ الجدول' }).waitFor();
    const runs = await page.locator('ol.next-runs li').allTextContents();
    expect(runs).toHaveLength(5);
    for (const run of runs) expect(run).toMatch(/ 07:00$/);

    // Compose from recent articles, in the editor's order.
    await page.goto(`${t.url}/admin/campaigns/new`);
    await page.fill('#subject', 'أبرز أخبار اليوم');
    const ids = await page
      .locator('input[name=article]')
      .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
    await page.check(`#article-${ids[0]}`);
    await page.check(`#article-${ids[2]}`);
    await page.fill(`input[name=order_${ids[2]}]`, '1');
    await page.fill(`input[name=order_${ids[0]}]`, '2');
    await page.click('form.card button[type=submit]');
    await page.locator('.notice', { hasText: 'أُنشئت المسودة' }).waitFor();
    const campaignId = /campaigns\/(\d+)/.exec(page.url())![1];
    const campaign = await request(t.url).get(`/api/admin/campaigns/${campaignId}`).set(auth);
    expect(campaign.body.articleIds).toEqual([ids[2], ids[0]]);

    // The preview frames are sandboxed: the email's HTML runs no script in this session.
    for (const frame of ['iframe.phone', 'iframe.desktop']) {
      expect(await page.locator(frame).getAttribute('sandbox')).toBe('');
      const text = await page.frameLocator(frame).locator('body').innerText();
      expect(text).toContain(ARTICLES[2].title);
    }

    await page.fill('#test-email', 'proof@example.com');
    await page.click('text=أرسل نسخة تجريبية');
    await page.locator('.notice', { hasText: 'أُرسلت نسخة تجريبية' }).waitFor();
    await waitFor('the test copy', () => t.smtp.to('proof@example.com').length === 1);

    await page.click('text=أرسل الآن');
    // A small list may be sent before the page is drawn: then it shows «أُرسلت», not the banner.
    await page.locator('.status.sending, .status.sent').first().waitFor();
    // The page follows the send on its own and shows it finished.
    await page.waitForFunction(
      () => {
        const bar = document.querySelector('progress');
        return bar !== null && bar.max > 1 && bar.value === bar.max;
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForSelector('.status.sent', { timeout: 30_000 });
    const recipients = new Set(t.smtp.messages.flatMap((mail) => mail.to));
    for (const reader of readers) expect(recipients).toContain(reader.email);
    expect(t.smtp.messages.filter((mail) => mail.to.includes(readers[0].email))).toHaveLength(1);
    await page.close();
  });

  it('lets a visitor subscribe on /subscribe and through the box on the site', async () => {
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${t.url}/subscribe`);
    await page.fill('input[type=email]', 'hosted@example.com');
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    await waitFor(
      'the confirmation from /subscribe',
      () => t.smtp.to('hosted@example.com').length === 1,
    );

    await page.goto(`${siteOrigin}/`);
    const box = page.locator('#nashra-signup');
    await box.locator('input[type=email]').fill('embedded@example.com');
    await box.locator('button[type=submit]').click();
    await box.locator('.msg', { hasText: 'شكراً' }).waitFor();
    await waitFor(
      'the confirmation from the box',
      () => t.smtp.to('embedded@example.com').length === 1,
    );
    await visitor.close();
  });
});
