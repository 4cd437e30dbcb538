import request from 'supertest';
import { launchChromium } from './helpers/browser.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import { arabicNumber } from '../src/common/arabic-format.js';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { arabicCount, NOUNS } from '../src/common/arabic-count.js';
import { MembershipService } from '../src/subscribers/membership.service.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { createEditor, type EditorAgent, logIn, editorRequests } from './helpers/editors.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** The text of the page's alert, tags dropped. */
const alertOf = (page: string) =>
  /role="alert">([\s\S]*?)<\/p>/
    .exec(page)?.[1]
    .replace(/<[^>]+>/g, '')
    .trim() ?? '';

describe('the campaign pages', () => {
  let t: TestApp;
  let editor: EditorAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
  });
  afterAll(() => t.close());

  const { get, post } = editorRequests(
    () => t,
    () => editor,
  );

  it('tells how many people a draft would go to: confirmed, on its list, not suppressed', async () => {
    const readers = await seedSubscribers(t, 15);
    await seedSubscribers(t, 3, { domain: 'pending.example', confirmed: false });
    for (const reader of readers.slice(0, 2)) {
      await t.app.get(MembershipService).unsubscribe(reader.id, 0);
    }
    await t.app.get(SuppressionService).add(readers[2].email, 'hard_bounce', true);
    // An erased reader's "unsubscribed" entry blocks imports, not someone still on the list.
    await t.app.get(SuppressionService).add(readers[3].email, 'unsubscribed', true);
    await request(t.url)
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'weekly', name: 'النشرة الأسبوعية' })
      .expect(201);
    await seedSubscribers(t, 4, { domain: 'weekly.example', list: 'weekly' });
    const eligible = 15 - 2 - 1;

    const id = await draftCampaign(t, 'daily', 'مسودة العدّ');
    const page = await get(`/admin/campaigns/${id}`).expect(200);
    expect(page.text).toContain(`data-recipients="${eligible}"`);
    expect(page.text).toContain(`ستُرسل إلى ${arabicCount(eligible, NOUNS.subscriber)}`);
    expect(page.text).not.toContain('data-field="sent"');
    const list = await get('/admin/campaigns').expect(200);
    const row = list.text.split('<tr>').find((cells) => cells.includes('مسودة العدّ'))!;
    expect(row).toContain('النشرة اليومية');
    expect(row).not.toMatch(/>\s*daily\s*</);
    expect(row).toContain(`ستُرسل إلى ${arabicCount(eligible, NOUNS.subscriber)}`);

    // The number is the one the send reaches.
    const sent = await post(`/admin/campaigns/${id}/send`, {}).expect(303);
    expect(sent.headers.location).toBe(`/admin/campaigns/${id}?done=campaign-sending`);
    const done = await campaignSent(t, id, 60_000);
    expect(done.total).toBe(eligible);
    // Reloaded with the notice still in its address, the finished campaign reads as sent.
    const after = await get(sent.headers.location).expect(200);
    expect(after.text).not.toContain('بدأ الإرسال');
    expect(after.text).toContain('class="status sent"');
    const twelve = arabicNumber(eligible);
    expect(after.text).toMatch(
      new RegExp(
        `أُرسل <b data-field="sent">${twelve}</b> من\\s+<b data-field="total">${twelve}</b>`,
      ),
    );
    expect(after.text).not.toContain('data-recipients');
  });

  it('keeps the typed address when a test copy is refused, and says why in Arabic', async () => {
    const id = await draftCampaign(t, 'daily', 'تجربة');
    const bad = await post(`/admin/campaigns/${id}/test`, { email: 'desk at example' }).expect(422);
    expect(bad.text).toMatch(/id="test-email"[^>]*value="desk at example"/);
    expect(alertOf(bad.text)).toBe('عنوان البريد غير صالح: تحقّق منه وأعد المحاولة.');

    t.smtp.onRecipient = (address) =>
      address === 'gone@example.com' ? { code: 550, message: '5.1.1 no such user' } : null;
    try {
      const refused = await post(`/admin/campaigns/${id}/test`, {
        email: 'gone@example.com',
      }).expect(422);
      expect(refused.text).toMatch(/id="test-email"[^>]*value="gone@example.com"/);
      expect(alertOf(refused.text)).toContain('رفض خادم البريد هذا العنوان (الرمز 550)');
    } finally {
      t.smtp.onRecipient = () => null;
    }
    expect(t.smtp.to('gone@example.com')).toHaveLength(0);
  });

  it('keeps subject, list and chosen articles when a new draft is refused', async () => {
    const pushed = await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send([
        { url: 'https://news.example/keep/1', title: 'خبر أول للاختيار' },
        { url: 'https://news.example/keep/2', title: 'خبر ثانٍ للاختيار' },
      ])
      .expect(201);
    const [first, second] = (pushed.body.items as { id: string }[]).map((item) => item.id);
    const before = await t.db.getRepository(Campaign).count();
    const form = {
      subject: 'نشرة لن تُنشأ',
      list: 'no-such-list',
      article: [first, second],
      [`order_${second}`]: '1',
    };
    const refused = await post('/admin/campaigns', form).expect(422);
    expect(alertOf(refused.text)).toBe('لم نجد القائمة المختارة. اختر إحدى القوائم المعروضة.');
    expect(refused.text).toContain('value="نشرة لن تُنشأ"');
    for (const article of [first, second]) {
      expect(refused.text).toMatch(
        new RegExp(`value="${article}"\\s+id="article-${article}"\\s+checked`),
      );
    }
    expect(refused.text).toMatch(new RegExp(`name="order_${second}"[^>]*value="1"`));
    // A refusal of the page's own (no subject) keeps the list chosen, the weekly one here.
    const untitled = await post('/admin/campaigns', {
      ...form,
      subject: '',
      list: 'weekly',
    }).expect(422);
    expect(untitled.text).toMatch(/<option value="weekly"\s+selected>النشرة الأسبوعية<\/option>/);
    expect(alertOf(untitled.text)).toBe('اكتب عنوان الرسالة.');
    expect(await t.db.getRepository(Campaign).count()).toBe(before);
  });

  it('answers refused controls and unknown campaigns in Arabic', async () => {
    const id = await draftCampaign(t, 'daily', 'تُلغى');
    await post(`/admin/campaigns/${id}/cancel`, {}).expect(303);
    const again = await post(`/admin/campaigns/${id}/cancel`, {}).expect(409);
    expect(alertOf(again.text)).toBe('لا يمكن إلغاء حملة حالتها «أُلغيت».');
    const send = await post(`/admin/campaigns/${id}/send`, {}).expect(409);
    expect(alertOf(send.text)).toBe('لا يمكن إرسال حملة حالتها «أُلغيت».');
    expect(send.text).toContain('class="status cancelled"');

    const missing = await get('/admin/campaigns/999999').set('Accept', 'text/html').expect(404);
    expect(missing.text).toContain('لا حملة بهذا الرقم.');
    expect(missing.text).not.toMatch(/No campaign/);
    const action = await post(`/admin/campaigns/${id}/explode`, {})
      .set('Accept', 'text/html')
      .expect(404);
    expect(action.text).toContain('لا إجراء بهذا الاسم.');
  });

  it('fit a phone and a laptop in Chromium, with Latin only left to right, and the board loads nothing from elsewhere', async () => {
    const draft = await draftCampaign(t, 'daily', 'مسودة للعرض');
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const [name, value] = editor.cookie.split('=');
      await context.addCookies([{ name, value, url: t.url }]);
      const page = await context.newPage();
      const paths = [
        '/admin',
        '/admin/campaigns',
        '/admin/campaigns/new',
        `/admin/campaigns/${draft}`,
        '/admin/queues',
      ];
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of paths) {
          await page.goto(`${t.url}${path}`);
          expect({ path, width, overflow: await horizontalOverflow(page) }).toEqual({
            path,
            width,
            overflow: 0,
          });
          expect({ path, width, latin: await latinOutsideLtr(page) }).toEqual({
            path,
            width,
            latin: [],
          });
        }
      }

      const hosts = new Set<string>();
      page.on('request', (sent) => hosts.add(new URL(sent.url()).host));
      await page.goto(`${t.url}/admin/queues/board`);
      await page.getByText('campaigns').first().waitFor();
      expect([...hosts]).toEqual([new URL(t.url).host]);
    } finally {
      await browser.close();
    }
  });
});
