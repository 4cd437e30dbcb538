import request from 'supertest';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { arabicNumber } from '../src/common/arabic-format.js';
import { Delivery } from '../src/delivery/entities/delivery.entity.js';
import { launchChromium } from './helpers/browser.js';
import { createEditor, type EditorAgent, logIn, editorRequests } from './helpers/editors.js';
import { horizontalOverflow, latinOutsideLtr } from './helpers/page-judges.js';
import {
  auth,
  campaignSent,
  draftCampaign,
  seedSubscribers,
  subjectsByRecipient,
} from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** The text of the page's alert, tags dropped. */
const alertOf = (page: string) =>
  /role="alert">([\s\S]*?)<\/p>/
    .exec(page)?.[1]
    .replace(/<[^>]+>/g, '')
    .trim() ?? '';

/** The subject test card of a campaign page, or '' when it has none. */
const cardOf = (page: string) =>
  /<section class="card" data-section="subject-test"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';

/** Its words as read: tags gone, spaces folded. */
const words = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([،.])/g, '$1')
    .trim();

const FIRST = 'نشرة الصباح: الموازنة';
const SECOND = 'الموازنة الجديدة في عشرة أرقام';

describe('the subject test pages', () => {
  let t: TestApp;
  let editor: EditorAgent;
  let articleIds: string[];
  beforeAll(async () => {
    t = await startTestApp({ SEND_BATCH_SIZE: '25' });
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
    const pushed = await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send([
        { url: 'https://news.example/ab/1', title: 'الموازنة في البرلمان', summary: 'ملخص' },
        { url: 'https://news.example/ab/2', title: 'أسعار النفط', summary: 'ملخص ثانٍ' },
      ])
      .expect(201);
    articleIds = (pushed.body.items as { id: string }[]).map((item) => item.id);
  });
  afterAll(() => t.close());

  const { get, post } = editorRequests(
    () => t,
    () => editor,
  );

  /** The compose form as an editor fills it for a test of FIRST against SECOND. */
  const testForm = (fields: Record<string, string | string[]> = {}) => ({
    list: 'daily',
    subject: FIRST,
    subject_2: SECOND,
    share: '10',
    wait: '4',
    choose: 'editor',
    article: articleIds,
    ...fields,
  });

  const campaignCount = () => t.db.getRepository(Campaign).count();

  it('composes a test through the form, and the campaign page shows its plan', async () => {
    const compose = await get('/admin/campaigns/new').expect(200);
    expect(compose.text).toContain('<summary>اختبار العنوان</summary>');
    for (const name of ['subject_2', 'subject_3', 'subject_4', 'share', 'wait']) {
      expect(compose.text).toContain(`name="${name}"`);
    }
    // Without unique readers the choice by clicks is offered disabled, with the reason.
    expect(compose.text).toMatch(/value="clicks"[^>]*disabled/);
    expect(compose.text).toContain('data-note="clicks-not-tracked"');

    const created = await post(
      '/admin/campaigns',
      testForm({ subject_2: '', subject_3: ` ${SECOND} `, share: '20', wait: '0.5' }),
    ).expect(303);
    const id = /^\/admin\/campaigns\/(\d+)\?done=campaign-created$/.exec(
      created.headers.location,
    )?.[1];
    expect(id).toBeDefined();
    const stored = await t.db.getRepository(Campaign).findOneByOrFail({ id: Number(id) });
    expect(stored.subject).toBe(FIRST);
    expect(JSON.parse(stored.subjectTest ?? 'null')).toEqual({
      subjects: [FIRST, SECOND],
      sharePercent: 20,
      waitMinutes: 30,
      choose: 'editor',
    });

    const page = await get(`/admin/campaigns/${id}`).expect(200);
    const card = cardOf(page.text);
    expect(card).toContain('data-phase="draft"');
    expect(words(card)).toContain(
      `حين تُرسل الحملة يذهب كل عنوان إلى ${arabicNumber(20)}٪ من القائمة، وبعد ${arabicNumber(30)} دقيقة من إرسال رسائل الاختبار يختار المحرّر العنوان الفائز`,
    );
    expect(card).toMatch(/<tr data-subject="0"\s*>\s*<td>نشرة الصباح: الموازنة/);
    expect(card).toMatch(/<tr data-subject="1"\s*>\s*<td>الموازنة الجديدة في عشرة أرقام/);
    expect(card).not.toContain('/winner');
  });

  it('refuses a bad test with a 422 in Arabic and keeps what was typed', async () => {
    const before = await campaignCount();

    const repeated = await post('/admin/campaigns', testForm({ subject_2: ` ${FIRST}` })).expect(
      422,
    );
    expect(alertOf(repeated.text)).toBe('تكرّر عنوان في الاختبار: اجعل كل عنوان مختلفاً عن غيره.');
    expect(repeated.text).toMatch(/<details data-section="subject-test"\s+open>/);
    expect(repeated.text).toMatch(/id="subject_2"[^>]*value="نشرة الصباح: الموازنة"/);

    const crowded = await post(
      '/admin/campaigns',
      testForm({ subject_3: 'عنوان ثالث', share: '45', choose: 'editor' }),
    ).expect(422);
    expect(alertOf(crowded.text)).toContain(`لا تتجاوز الأنصبة معاً ${arabicNumber(90)}٪`);
    expect(crowded.text).toMatch(/id="share"[^>]*value="45"/);
    expect(crowded.text).toMatch(/id="subject_3"[^>]*value="عنوان ثالث"/);

    const garbage = await post('/admin/campaigns', testForm({ share: 'عشرة' })).expect(422);
    expect(alertOf(garbage.text)).toContain('نصيب كل عنوان عدد صحيح');
    expect(garbage.text).toMatch(/id="share"[^>]*value="عشرة"/);

    for (const wait of ['soon', '0', '1000']) {
      const refused = await post('/admin/campaigns', testForm({ wait })).expect(422);
      expect(alertOf(refused.text)).toBe(
        `مدة الانتظار قبل اختيار العنوان أكثر من صفر وحتى ${arabicNumber(168)} ساعة.`,
      );
      expect(refused.text).toMatch(new RegExp(`id="wait"[^>]*value="${wait}"`));
    }

    const byClicks = await post('/admin/campaigns', testForm({ choose: 'clicks' })).expect(422);
    expect(alertOf(byClicks.text)).toContain('لا يُختار العنوان بنقرات القرّاء');
    expect(alertOf(byClicks.text)).not.toMatch(/[A-Za-z]/);

    expect(await campaignCount()).toBe(before);
  });

  it('chooses the winner from the campaign page once the test is sent; a second choice is a 409 page', async () => {
    await request(t.url)
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'ab-pages', name: 'نشرة الاختبار' })
      .expect(201);
    const readers = await seedSubscribers(t, 60, { list: 'ab-pages', domain: 'ab.example' });
    const created = await post('/admin/campaigns', testForm({ list: 'ab-pages', share: '25' }));
    expect(created.status).toBe(303);
    const id = /\/admin\/campaigns\/(\d+)/.exec(created.headers.location)![1];

    // Not started: nothing to choose yet.
    const early = await post(`/admin/campaigns/${id}/winner`, { subject: '1' }).expect(409);
    expect(alertOf(early.text)).toBe('لم يبدأ الاختبار بعد: يُختار العنوان بعد بدء الإرسال.');

    await post(`/admin/campaigns/${id}/send`, {}).expect(303);
    const waiting = await waitFor(
      `campaign ${id}'s test groups to be sent`,
      async () => {
        const page = await get(`/admin/campaigns/${id}`).expect(200);
        return cardOf(page.text).includes('data-phase="waiting"') && page.text;
      },
      60_000,
    );
    const card = cardOf(waiting);
    // The sink may keep a message a moment after the server's reply marked its row sent.
    const testRows = await t.db
      .getRepository(Delivery)
      .countBy({ campaignId: Number(id), status: 'sent' });
    const tested = await waitFor('the test groups’ mail', () => {
      const received = subjectsByRecipient(t, id);
      return received.size === testRows && received;
    });
    const rest = readers.length - tested.size;
    expect(tested.size).toBeGreaterThan(0);
    expect(rest).toBeGreaterThan(0);
    for (const subjects of tested.values()) expect(subjects).toHaveLength(1);
    expect(words(card)).toContain(`سائر القائمة: ${arabicNumber(rest)}`);
    expect(card).toContain(`<b data-field="rest-held">${arabicNumber(rest)}</b>`);
    expect(waiting).toContain(`<b data-field="held">${arabicNumber(rest)}</b>`);
    const forms = card.match(/<form[\s\S]*?<\/form>/g) ?? [];
    expect(forms).toHaveLength(2);
    forms.forEach((form, index) => {
      expect(form).toContain(`action="/admin/campaigns/${id}/winner"`);
      expect(form).toContain(`name="_csrf" value="${editor.csrf}"`);
      expect(form).toContain(`name="subject" value="${index}"`);
    });
    // Each group's figures: what it was sent, as the mail server received it.
    const sentTo = (subject: string) =>
      [...tested.values()].filter((subjects) => subjects[0] === subject).length;
    for (const [index, subject] of [FIRST, SECOND].entries()) {
      const row = card.split(`<tr data-subject="${index}"`)[1].split('</tr>')[0];
      const sent = arabicNumber(sentTo(subject));
      expect(row).toContain(`<td data-field="sent">${sent}</td>`);
      expect(row).toContain(`<td data-field="recipients">${sent}</td>`);
    }

    await fitsPhoneAndLaptop(`/admin/campaigns/${id}`);

    // A subject that is none of its own is refused; the choice stays open.
    const forged = await post(`/admin/campaigns/${id}/winner`, { subject: '9' }).expect(422);
    expect(alertOf(forged.text)).toBe('اختر أحد عناوين الاختبار المعروضة في الجدول.');
    expect(cardOf(forged.text)).toContain('data-phase="waiting"');

    const chosen = await post(`/admin/campaigns/${id}/winner`, { subject: '1' }).expect(303);
    expect(chosen.headers.location).toBe(`/admin/campaigns/${id}?done=subject-chosen`);
    const after = await request(t.url)
      .get(chosen.headers.location as string)
      .set('Cookie', editor.cookie)
      .expect(200);
    expect(after.text).toContain('اعتُمد العنوان، ويُرسل الآن إلى بقية القائمة.');
    await campaignSent(t, id, 60_000);
    await waitFor('all the mail', () => subjectsByRecipient(t, id).size === readers.length);

    // Everyone got exactly one message: the test groups theirs, the rest the chosen subject.
    const all = subjectsByRecipient(t, id);
    expect(all.size).toBe(readers.length);
    for (const reader of readers) {
      const subjects = all.get(reader.email) ?? [];
      expect(subjects).toHaveLength(1);
      expect(subjects[0]).toBe(tested.get(reader.email)?.[0] ?? SECOND);
    }

    const decided = cardOf((await get(`/admin/campaigns/${id}`).expect(200)).text);
    expect(decided).toContain('data-phase="decided"');
    expect(words(decided)).toContain(`فاز العنوان «${SECOND}» باختيار المحرّر، واختير`);
    expect(decided).toMatch(
      /<tr data-subject="1" data-winner>\s*<td>[^<]*<span class="status sent">الفائز<\/span>/,
    );
    expect(decided).not.toContain('/winner');
    expect(decided).toContain(`<b data-field="rest-sent">${arabicNumber(rest)}</b>`);

    const again = await post(`/admin/campaigns/${id}/winner`, { subject: '0' }).expect(409);
    expect(alertOf(again.text)).toBe(
      `اختير العنوان الفائز من قبل: «${SECOND}»، ولا يُغيَّر بعد اختياره.`,
    );
    expect(again.text).toContain('class="status sent"');
    expect(subjectsByRecipient(t, id).size).toBe(readers.length);
  });

  it('answers a choice on a campaign with one subject with a 409 page, not a 500', async () => {
    const id = await draftCampaign(t, 'daily', 'عنوان وحيد');
    const page = await get(`/admin/campaigns/${id}`).expect(200);
    expect(cardOf(page.text)).toBe('');
    const refused = await post(`/admin/campaigns/${id}/winner`, { subject: '0' }).expect(409);
    expect(alertOf(refused.text)).toBe('لهذه الحملة عنوان واحد، فلا اختبار يُختار فيه.');
    const missing = await post('/admin/campaigns/999999/winner', { subject: '0' })
      .set('Accept', 'text/html')
      .expect(404);
    expect(missing.text).toContain('لا حملة بهذا الرقم.');
  });

  /**
   * The campaign page and the compose form at a phone's and a laptop's width: nothing wider than
   * the screen, Latin only left to right.
   */
  async function fitsPhoneAndLaptop(path: string) {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const [name, value] = editor.cookie.split('=');
      await context.addCookies([{ name, value, url: t.url }]);
      const page = await context.newPage();
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        for (const at of [path, '/admin/campaigns/new']) {
          await page.goto(`${t.url}${at}`);
          // The compose form's test fields are folded away: judge them unfolded.
          if (at.endsWith('/new')) await page.getByText('اختبار العنوان').click();
          expect({ at, width, overflow: await horizontalOverflow(page) }).toEqual({
            at,
            width,
            overflow: 0,
          });
          expect({ at, width, latin: await latinOutsideLtr(page) }).toEqual({
            at,
            width,
            latin: [],
          });
        }
      }
    } finally {
      await browser.close();
    }
  }
});
