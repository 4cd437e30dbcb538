/// <reference lib="dom" />
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { launchChromium } from './helpers/browser.js';
import { createEditor, EDITOR_PASSWORD } from './helpers/editors.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * A newcomer's and an editor's first hour, in Chromium: every page of the dashboard on a phone
 * and on a laptop, in Arabic with nothing turned around, and the two jobs that used to fail
 * without a word (signing up on another host name, importing confirmed readers).
 */
describe('the first hour, walked in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let editor: BrowserContext;

  beforeAll(async () => {
    // No SMTP_URL: mail lands in the embedded dev inbox, as on a newcomer's first start.
    t = await startTestApp({ SMTP_URL: '' });
    browser = await launchChromium();
    await createEditor(t, 'desk.editor@example.com', 'admin');
    editor = await browser.newContext();
    const page = await editor.newPage();
    await page.goto(`${t.url}/admin/login`);
    await page.fill('#email', 'desk.editor@example.com');
    await page.fill('#password', EDITOR_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.url}/admin`);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs a visitor up on a host name other than PUBLIC_URL’s, and keeps a mistyped address', async () => {
    const otherHost = t.url.replace('127.0.0.1', 'localhost');
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${otherHost}/subscribe`);
    await page.fill('#email', 'not-an-address@');
    await page.fill('#name', 'سلمى');
    // The browser's own check would stop the mistake before it is sent; the server's is the one tested.
    await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    expect(new URL(page.url()).host).toBe(new URL(otherHost).host);
    expect(await page.inputValue('#email')).toBe('not-an-address@');
    expect(await page.inputValue('#name')).toBe('سلمى');

    await page.fill('#email', 'other.host@example.com');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=تحقّق من بريدك');
    await waitFor('the confirmation in the dev inbox', async () => {
      const inbox = await request(t.url).get('/dev/inbox').expect(200);
      return JSON.stringify(inbox.body).includes('other.host@example.com');
    });
    await visitor.close();
  });

  it('imports a CSV of readers who already confirmed, and sends them no confirmation', async () => {
    const page = await editor.newPage();
    await page.goto(`${t.url}/admin/subscribers`);
    const form = page.locator('form[enctype="multipart/form-data"]').first();
    await form.locator('input[type=file]').setInputFiles({
      name: 'readers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'email,name\nimported.one@example.com,أمل\nimported.two@example.com,سامي\n',
      ),
    });
    await form.locator('input[type=checkbox][name=confirmed]').check();
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#import-report');
    const imported = await t.db.getRepository(Subscriber).find({
      where: [{ email: 'imported.one@example.com' }, { email: 'imported.two@example.com' }],
    });
    expect(imported.map((reader) => reader.status)).toEqual(['confirmed', 'confirmed']);
    const inbox = await request(t.url).get('/dev/inbox').expect(200);
    expect(JSON.stringify(inbox.body)).toContain('other.host@example.com');
    expect(JSON.stringify(inbox.body)).not.toContain('imported.one@example.com');
    await page.close();
  });

  it('shows every page in Arabic, right to left, without sideways scrolling at 390 and 1280 px', async () => {
    await seedSubscribers(t, 12, { domain: 'a-rather-long-newsroom-domain-name.example' });
    const draft = await draftCampaign(t);
    const sent = await draftCampaign(t, 'daily', 'نشرة المساء');
    await request(t.url).post(`/api/admin/campaigns/${sent}/send`).set(auth).expect(202);
    await campaignSent(t, sent, 60_000);
    const schedule = await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send({ list: 'daily', cron: '0 7 * * *', timezone: 'Asia/Baghdad', subject: 'نشرة الصباح' })
      .expect(201);
    // A feed whose host does not exist: its error must read in Arabic.
    await request(t.url)
      .post('/api/admin/feeds')
      .set(auth)
      .send({ url: 'https://feeds.nashra-test.invalid/rss', pollMinutes: 10 })
      .expect(201);
    await waitFor('the feed poll to fail', async () => {
      const feeds = await request(t.url).get('/api/admin/feeds').set(auth).expect(200);
      return (feeds.body as { lastStatus: string }[]).every((feed) => feed.lastStatus === 'error');
    });
    const message = /href="\/dev\/inbox\/([^"]+)"/.exec(
      (await request(t.url).get('/dev/inbox').set('Accept', 'text/html').expect(200)).text,
    )?.[1];
    expect(message).toBeDefined();

    const pages = [
      '/admin',
      '/admin/campaigns',
      '/admin/campaigns/new',
      `/admin/campaigns/${draft}`,
      `/admin/campaigns/${sent}`,
      '/admin/schedules',
      '/admin/schedules/new',
      `/admin/schedules/${schedule.body.id}/edit`,
      '/admin/articles',
      '/admin/subscribers',
      '/admin/account',
      '/admin/editors',
      '/admin/queues',
      '/dev/inbox',
      `/dev/inbox/${message}`,
      '/subscribe',
    ];
    const problems: string[] = [];
    for (const width of [390, 1280]) {
      const page = await editor.newPage();
      await page.setViewportSize({ width, height: 800 });
      for (const path of pages) {
        const response = await page.goto(`${t.url}${path}`);
        if (response?.status() !== 200)
          problems.push(`${path} @${width}: HTTP ${response?.status()}`);
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) problems.push(`${path} @${width}: ${overflow} px sideways`);
        for (const text of await latinOutsideLtr(page))
          problems.push(`${path} @${width}: «${text}»`);
      }
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it('reads a cron expression left to right', async () => {
    const page = await editor.newPage();
    await page.goto(`${t.url}/admin/schedules`);
    const crons = await page.locator('[dir=ltr]', { hasText: '* * *' }).allInnerTexts();
    expect(crons).toContain('0 7 * * *');
    await page.close();
  });
});
