import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import request from 'supertest';
import { devInboxFolder } from '../src/dev-inbox/dev-inbox-folder.js';
import { launchChromium } from './helpers/browser.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** The footer's last line in every email: the site's postal address. */
const SITE_ADDRESS = 'شارع المتنبي، بغداد';
const HEIGHT = 800;

describe('the dev inbox in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let dataDir: string;
  let messagePath: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nashra-dev-inbox-test-'));
    t = await startTestApp({
      SMTP_URL: '',
      NODE_ENV: 'development',
      DEV_INBOX_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      SITE_ADDRESS,
    });
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'reader.with.a.rather.long.address@example.com', name: 'ليلى' })
      .expect(202);
    const [message] = await waitFor('the confirmation', async () => {
      const list = await request(t.url).get('/dev/inbox').set('Accept', 'application/json');
      return (list.body as { id: string }[]).length === 1 && (list.body as { id: string }[]);
    });
    messagePath = `/dev/inbox/${message.id}`;
    browser = await launchChromium();
    // Starting the app and Chromium took more than a minute on a loaded CI machine.
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    const folder = t && devInboxFolder(t.config);
    await t?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fits 390 px and 1280 px, with every Latin address and id left to right', async () => {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: HEIGHT } });
      const page = await context.newPage();
      const views = [
        { path: '/dev/inbox', opened: false },
        { path: messagePath, opened: false },
        // The plain-text part and the headers, folded at first, are judged open too.
        { path: messagePath, opened: true },
      ];
      for (const { path, opened } of views) {
        await page.goto(`${t.url}${path}`);
        if (opened) {
          for (const summary of await page.locator('summary').all()) await summary.click();
          expect(await page.locator('details[open]').count()).toBe(2);
        }
        const seen = { width, path, opened };
        expect({ ...seen, overflow: await horizontalOverflow(page) }).toEqual({
          ...seen,
          overflow: 0,
        });
        expect({ ...seen, latin: await latinOutsideLtr(page) }).toEqual({ ...seen, latin: [] });
      }
      await context.close();
    }
  });

  it('shows the whole email without JavaScript, in its frame and on a page of its own', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: HEIGHT },
    });
    const page = await context.newPage();
    await page.goto(`${t.url}${messagePath}`);

    // Scrolled to, the footer's last line shows inside the frame and inside the window.
    const frame = page.locator('iframe.mail');
    const lastLine = page.frameLocator('iframe.mail').getByText(SITE_ADDRESS);
    await lastLine.scrollIntoViewIfNeeded();
    const frameBox = (await frame.boundingBox())!;
    const lineBox = await shownBox(lastLine);
    expect(lineBox.top).toBeGreaterThanOrEqual(Math.max(0, frameBox.y));
    expect(lineBox.bottom).toBeLessThanOrEqual(Math.min(HEIGHT, frameBox.y + frameBox.height));

    // A plain link opens the email alone, whole, as a page the window scrolls.
    await page.getByRole('link', { name: 'افتح الرسالة وحدها في صفحة كاملة' }).click();
    await page.waitForURL(`${t.url}${messagePath}/html`);
    const alone = page.getByText(SITE_ADDRESS);
    await alone.scrollIntoViewIfNeeded();
    const aloneBox = await shownBox(alone);
    expect(aloneBox.top).toBeGreaterThanOrEqual(0);
    expect(aloneBox.bottom).toBeLessThanOrEqual(HEIGHT);
    await context.close();
  });
});

async function shownBox(locator: Locator): Promise<{ top: number; bottom: number }> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  return { top: box!.y, bottom: box!.y + box!.height };
}
