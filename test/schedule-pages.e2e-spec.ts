/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Schedule } from '../src/schedules/entities/schedule.entity.js';
import { SchedulesService } from '../src/schedules/schedules.service.js';
import { launchChromium } from './helpers/browser.js';
import { createEditor, type EditorAgent, logIn } from './helpers/editors.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { auth } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Digits as the pages write them (`Intl.NumberFormat('ar')`); the words are the point. */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);

/** The page's text as a reader sees it: tags gone, spaces collapsed. */
const visibleText = (page: string) =>
  page
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

const daily = {
  list: 'daily',
  cron: '0 7 * * *',
  timezone: 'Asia/Baghdad',
  subject: 'نشرة الصباح {{date}}',
};

/** What the new-schedule form sends for a custom cron. */
const customForm = (csrf: string, cron: string) => ({
  _csrf: csrf,
  list: 'daily',
  frequency: 'custom',
  time: '07:00',
  weekday: '0',
  cron,
  timezone: 'Africa/Cairo',
  subject: 'نشرة الظهيرة {{date}}',
  window: 'hours',
  hours: '12',
  maxArticles: '7',
  minArticles: '2',
  active: 'on',
});

describe('the schedules pages', () => {
  let t: TestApp;
  let editor: EditorAgent;
  let browser: Browser | undefined;
  const scheduleCount = () => t.db.getRepository(Schedule).count();

  beforeAll(async () => {
    t = await startTestApp({ SCHEDULE_MIN_INTERVAL_SECONDS: '600' });
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const get = (path: string) => request(t.url).get(path).set('Cookie', editor.cookie);
  const post = (path: string) =>
    request(t.url).post(path).set('Cookie', editor.cookie).type('form');

  it('lays out each schedule’s facts under their own labels: the list by name, the zone in Arabic, the cron left to right', async () => {
    await request(t.url).post('/api/admin/schedules').set(auth).send(daily).expect(201);
    await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send({ ...daily, cron: '30 18 * * 5', timezone: 'Asia/Ulaanbaatar', minArticles: 3 })
      .expect(201);
    const page = await get('/admin/schedules').expect(200);
    const text = visibleText(page.text);

    expect(page.text).toContain('<dt>القائمة</dt>');
    expect(page.text).toMatch(/<dt>القائمة<\/dt>\s*<dd>النشرة اليومية<\/dd>/);
    expect(page.text).toMatch(/<dt>التوقيت<\/dt>\s*<dd>بغداد \(العراق\)<\/dd>/);
    expect(page.text).toContain('<bdi dir="ltr">0 7 * * *</bdi>');
    expect(text).toContain(`كل يوم الساعة ${n(7)}:${n(0)}${n(0)}`);
    expect(text).toContain(`كل يوم جمعة الساعة ${n(18)}:${n(30)}`);
    expect(text).toContain(`${n(10)} مقالات على الأكثر، ومقالة واحدة على الأقل`);
    expect(text).toContain(`و${n(3)} مقالات على الأقل`);
    // A zone without an Arabic name is shown by its id, left to right.
    expect(page.text).toMatch(/<dd><bdi dir="ltr">Asia\/Ulaanbaatar<\/bdi><\/dd>/);
    // The slug and the English words are gone from what the editor reads.
    expect(text).not.toMatch(/\bdaily\b/);
    expect(text).not.toContain('Asia/Baghdad');
    expect(page.text).toContain('<bdi dir="ltr">{{date}}</bdi>');
  });

  it('offers the zones by Arabic name, the Arab world first, and the cron field left to right', async () => {
    const page = await get('/admin/schedules/new').expect(200);
    const options = [
      ...page.text.matchAll(/<option\s+value="([^"]+)"[^>]*>\s*([^<]*?)\s*<\/option>/g),
    ]
      .map((match) => [match[1], match[2]])
      .filter(([value]) => value.includes('/') || value === 'UTC');
    expect(options[0]).toEqual(['Asia/Baghdad', `بغداد (العراق) — ت ع م+${n(3)}`]);
    expect(options).toContainEqual([
      'Africa/Casablanca',
      expect.stringMatching(/^الدار البيضاء \(المغرب\) — ت ع م/),
    ]);
    expect(options).toContainEqual(['UTC', 'التوقيت العالمي المنسّق — ت ع م']);
    const ids = options.map(([value]) => value);
    expect(ids.indexOf('Indian/Comoro')).toBeLessThan(ids.indexOf('UTC'));
    expect(ids.indexOf('UTC')).toBeLessThan(ids.indexOf('Europe/London'));
    for (const [, label] of options) expect(label).not.toMatch(/[A-Za-z]/);
    expect(page.text).toMatch(/<input\s+id="cron"[^>]*dir="ltr"/);
    expect(page.text).toMatch(/<option\s+value="Asia\/Baghdad"\s+selected/);
    expect(page.text).toMatch(/id="minArticles"[^>]*min="1"/);
  });

  it('refuses a cron that runs too often in Arabic, and keeps everything the editor typed', async () => {
    const before = await scheduleCount();
    const refused = await post('/admin/schedules')
      .send(customForm(editor.csrf, '*/5 * * * *'))
      .expect(422);
    const text = visibleText(refused.text);
    expect(refused.text).toContain('role="alert"');
    expect(text).toContain(`أقصر فاصل بين نشرتين في هذا الجدول ${n(5)} دقائق`);
    expect(text).toContain(`وأقل فاصل يسمح به الخادم ${n(10)} دقائق`);
    expect(refused.text).toContain('(<bdi dir="ltr">SCHEDULE_MIN_INTERVAL_SECONDS</bdi>)');
    expect(refused.text).not.toContain('runs every');
    // What was typed is all there.
    expect(refused.text).toContain('value="*/5 * * * *"');
    expect(refused.text).toContain('value="نشرة الظهيرة {{date}}"');
    expect(refused.text).toMatch(/<option value="custom"\s+selected/);
    expect(refused.text).toMatch(/<option\s+value="Africa\/Cairo"\s+selected/);
    expect(refused.text).toMatch(/name="window" value="hours" checked/);
    expect(refused.text).toMatch(/name="hours"[^>]*value="12"/);
    expect(refused.text).toMatch(/id="maxArticles"[^>]*value="7"/);
    expect(await scheduleCount()).toBe(before);

    // The API keeps answering its clients in English, with the field named.
    const api = await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send({ ...daily, cron: '*/5 * * * *' })
      .expect(422);
    expect(api.body.fields.cron).toMatch(/runs every 300 s.*SCHEDULE_MIN_INTERVAL_SECONDS/);
  });

  it('says every other refusal in Arabic, quoting the value left to right', async () => {
    const before = await scheduleCount();
    const cases: [Record<string, string>, string][] = [
      [{ cron: '0 7 * *' }, 'لا يتكوّن من خمسة حقول'],
      [
        { cron: '0 25 * * *' },
        'تعذّر فهم تعبير <bdi dir="ltr">cron</bdi> <bdi dir="ltr">0 25 * * *</bdi>',
      ],
      [
        { timezone: 'Mars/Olympus' },
        'المنطقة الزمنية <bdi dir="ltr">Mars/Olympus</bdi> غير معروفة',
      ],
      [{ subject: 'نشرة {{name}}' }, 'يحوي عنوان الرسالة <bdi dir="ltr">{{name}}</bdi>'],
      [
        { maxArticles: '2', minArticles: '5' },
        `أقل عدد من المقالات (${n(5)}) أكبر من أكبر عدد (${n(2)})`,
      ],
      [{ minArticles: '0' }, `أقل عدد من المقالات عدد صحيح من ${n(1)} إلى ${n(50)}`],
      [{ list: 'nope' }, 'القائمة <bdi dir="ltr">nope</bdi> غير موجودة'],
      [{ cron: '' }, 'اكتب تعبير <bdi dir="ltr">cron</bdi>'],
    ];
    for (const [change, reason] of cases) {
      const refused = await post('/admin/schedules').send({
        ...customForm(editor.csrf, '0 6 * * *'),
        ...change,
      });
      expect([change, refused.status]).toEqual([change, 422]);
      const alert = (
        /<p class="error" role="alert">([\s\S]*?)<\/p>/.exec(refused.text)?.[1] ?? ''
      ).replace(/\s+/g, ' ');
      expect([change, alert]).toEqual([change, expect.stringContaining(reason)]);
      // Outside the left-to-right values, the reason is Arabic only.
      expect(visibleText(alert.replace(/<bdi dir="ltr">[^<]*<\/bdi>/g, ''))).not.toMatch(
        /[A-Za-z]/,
      );
    }
    expect(await scheduleCount()).toBe(before);
  });

  it('holds minArticles to one bound in the form, the API and the service', async () => {
    await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send({ ...daily, minArticles: 0 })
      .expect(422);
    await expect(
      t.app.get(SchedulesService).create({ ...daily, minArticles: 0 }),
    ).rejects.toMatchObject({ problem: { field: 'minArticles', code: 'out-of-range', min: 1 } });
    await post('/admin/schedules')
      .send({ ...customForm(editor.csrf, '0 6 * * *'), minArticles: '0' })
      .expect(422);
    const saved = await post('/admin/schedules')
      .send({ ...customForm(editor.csrf, '0 6 * * *'), minArticles: '1' })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/schedules?done=schedule-saved');
    expect(await t.db.getRepository(Schedule).findOneByOrFail({ cron: '0 6 * * *' })).toMatchObject(
      { minArticles: 1, timezone: 'Africa/Cairo', sinceHours: 12 },
    );
  });

  it('reads right in Chromium at 390 px: no sideways scroll, no stray Latin, the cron as typed', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const [name, value] = editor.cookie.split('=');
    await context.addCookies([{ name, value, url: t.url }]);
    const page = await context.newPage();
    const edit = await t.db.getRepository(Schedule).findOneByOrFail({ cron: '0 6 * * *' });
    for (const path of [
      '/admin/schedules',
      '/admin/schedules/new',
      `/admin/schedules/${edit.id}/edit`,
    ]) {
      expect((await page.goto(`${t.url}${path}`))?.status()).toBe(200);
      expect([path, await horizontalOverflow(page)]).toEqual([path, 0]);
      expect([path, await latinOutsideLtr(page)]).toEqual([path, []]);
    }

    // On the edit page the custom cron sits in a left-to-right field.
    expect(await page.inputValue('#cron')).toBe('0 6 * * *');
    expect(await page.locator('#cron').evaluate((field) => getComputedStyle(field).direction)).toBe(
      'ltr',
    );

    // In the list, «0 7 * * *» is drawn left to right: its characters, ordered by where they
    // appear on screen from the left, spell the expression (turned around it would be «* * * 7 0»).
    await page.goto(`${t.url}/admin/schedules`);
    const cron = page.locator('.cron bdi[dir=ltr]', { hasText: '0 7 * * *' });
    expect(await cron.innerText()).toBe('0 7 * * *');
    const drawn = await cron.evaluate((element) => {
      const text = element.firstChild as Text;
      const glyphs: { char: string; x: number }[] = [];
      for (let i = 0; i < text.length; i++) {
        if (text.data[i] === ' ') continue;
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        glyphs.push({ char: text.data[i], x: range.getBoundingClientRect().left });
      }
      return glyphs
        .sort((a, b) => a.x - b.x)
        .map((glyph) => glyph.char)
        .join('');
    });
    expect(drawn).toBe('07***');
    await context.close();
  });
});
