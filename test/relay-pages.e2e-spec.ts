import request from 'supertest';
import { arabicNumber, arabicTime } from '../src/common/arabic-format.js';
import { relayDownKey } from '../src/delivery/relays/relay-recorder.js';
import { REDIS, type RedisClient } from '../src/redis/redis-token.js';
import { launchChromium } from './helpers/browser.js';
import { createEditor, type EditorAgent, logIn } from './helpers/editors.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { RelayServer } from './helpers/relay-server.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** A cell's text as read: tags gone, spaces folded. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

interface RelayRow {
  status: string;
  cells: string[];
  /** The <time datetime> of a relay down. */
  until: string | null;
}

/** The overview's relay rows by label, as an editor gets them. */
async function relayRows(t: TestApp, cookie: string): Promise<Map<string, RelayRow>> {
  const page = await request(t.url).get('/admin').set('Cookie', cookie).expect(200);
  const rows = new Map<string, RelayRow>();
  const pattern = /<tr\s+data-relay="([^"]+)"\s+data-status="(\w+)"\s*>([\s\S]*?)<\/tr>/g;
  for (const [, label, status, body] of page.text.matchAll(pattern)) {
    rows.set(label!, {
      status: status!,
      cells: [...body!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => text(cell[1]!)),
      until: /<time datetime="([^"]+)"/.exec(body!)?.[1] ?? null,
    });
  }
  return rows;
}

async function sendCampaign(t: TestApp, subject: string): Promise<void> {
  const id = await draftCampaign(t, 'daily', subject);
  await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
  expect(await campaignSent(t, id, 60_000)).toMatchObject({ failed: 0, pending: 0 });
}

describe('the overview’s SMTP relays card (SMTP_URLS)', () => {
  let t: TestApp;
  let heavy: RelayServer;
  let light: RelayServer;
  let editor: EditorAgent;

  beforeAll(async () => {
    heavy = await new RelayServer().start();
    light = await new RelayServer().start();
    t = await startTestApp({
      SMTP_URLS: `${heavy.url}#weight=3&rate=50, ${light.url}`,
      SEND_BATCH_SIZE: '10',
    });
  });

  afterAll(async () => {
    await t?.close();
    heavy?.stop();
    light?.stop();
  });

  it('shows both relays, the one stopped down until its back-off ends, and their messages', async () => {
    await createEditor(t, 'relays.desk@example.com');
    editor = await logIn(t, 'relays.desk@example.com');
    const { cookie } = editor;
    await seedSubscribers(t, 20);

    await sendCampaign(t, 'نشرة الصباح');
    expect(light.accepted.length).toBeGreaterThan(0);
    const before = await relayRows(t, cookie);
    expect(before.get(heavy.label)?.status).toBe('up');
    expect(before.get(light.label)?.status).toBe('up');

    light.kill();
    await sendCampaign(t, 'نشرة المساء');
    // Read at once: the first back-off is 10 s.
    const rows = await relayRows(t, cookie);
    expect([...rows.keys()]).toEqual([heavy.label, light.label]);
    const heavyRow = rows.get(heavy.label)!;
    expect(heavyRow.status).toBe('up');
    expect(heavyRow.cells.slice(0, 4)).toEqual([
      heavy.label,
      arabicNumber(3),
      `${arabicNumber(50)} رسالة في الثانية`,
      'يعمل',
    ]);

    const lightRow = rows.get(light.label)!;
    expect(lightRow.status).toBe('down');
    const recorded = await t.app
      .get<RedisClient>(REDIS)
      .hget(relayDownKey(t.config.QUEUE_PREFIX), light.label);
    const downUntil = new Date(Number(recorded));
    expect(downUntil.getTime()).toBeGreaterThan(Date.now());
    expect(lightRow.until).toBe(downUntil.toISOString());
    expect(lightRow.cells.slice(0, 4)).toEqual([
      light.label,
      arabicNumber(1),
      'بلا حد',
      `متوقف حتى ${arabicTime(downUntil, t.config.DIGEST_TIMEZONE)}`,
    ]);

    // Every message went out once; the workers add their counts to Redis every 5 s.
    expect(heavy.accepted.length + light.accepted.length).toBe(40);
    const counted = await waitFor('the relay counts on the overview', async () => {
      const latest = await relayRows(t, cookie);
      const sent = (label: string) => latest.get(label)?.cells[4];
      return (
        sent(heavy.label) === arabicNumber(heavy.accepted.length) &&
        sent(light.label) === arabicNumber(light.accepted.length) &&
        latest
      );
    });
    expect(counted.get(heavy.label)!.cells.slice(5)).toEqual([arabicNumber(0), arabicNumber(0)]);
    const [refused, failed] = counted.get(light.label)!.cells.slice(5);
    expect(refused).toBe(arabicNumber(0));
    // The stopped relay's first message failed and went to the other.
    expect(failed).not.toBe(arabicNumber(0));
  });

  it('fits a phone and a laptop in Chromium, its host names left to right', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const [name, value] = editor.cookie.split('=');
      await context.addCookies([{ name: name!, value: value!, url: t.url }]);
      const page = await context.newPage();
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${t.url}/admin`);
        expect(await page.locator('[data-section="relays"] tr[data-relay]').count()).toBe(2);
        expect({ width, overflow: await horizontalOverflow(page) }).toEqual({ width, overflow: 0 });
        expect({ width, latin: await latinOutsideLtr(page) }).toEqual({ width, latin: [] });
      }
    } finally {
      await browser.close();
    }
  });
});

describe('the overview without SMTP_URLS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has no relays card', async () => {
    await createEditor(t, 'one.server@example.com');
    const { cookie } = await logIn(t, 'one.server@example.com');
    const page = await request(t.url).get('/admin').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('آخر الحملات');
    expect(page.text).not.toContain('خوادم الإرسال');
    expect(page.text).not.toContain('data-relay=');
  });
});
