import request from 'supertest';
import { In } from 'typeorm';
import { Article } from '../src/articles/entities/article.entity.js';
import { Delivery } from '../src/delivery/entities/delivery.entity.js';
import { createEditor, type EditorAgent, logIn } from './helpers/editors.js';
import { auth, campaignSent, campaignStatus, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';
import { visibleText } from './helpers/visible-text.js';

// What a feed or the CMS may well say, pushed through the API as it is.
const TITLES = [
  'عاجل: {{x}} في بغداد',
  '[[unsubscribe_url]]',
  'قالب {{> head}} ونهاية }} وحدها',
  '<mj-section><mj-column><mj-text>خبر</mj-text></mj-column></mj-section>',
  '[[x]]',
];
const SUMMARIES = [
  'ملخص فيه {{unknown_value}} و{{{articles}}} وسط الكلام',
  'رابط [[preferences_url]] ثم [[to]] في الملخص',
  'قوسان }} وحدهما و{{ وحدهما',
  '{{site_name}}',
  '[[x]]',
];

async function pushArticles(t: TestApp, prefix: string, titles: string[], summaries: string[]) {
  const response = await request(t.url)
    .post('/api/admin/articles')
    .set(auth)
    .send(
      titles.map((title, index) => ({
        url: `https://news.example/${prefix}/${index}`,
        title,
        summary: summaries[index],
        publishedAt: new Date(Date.now() - (index + 1) * 60_000).toISOString(),
      })),
    )
    .expect(201);
  return (response.body.items as { id: string }[]).map((item) => item.id);
}

async function draft(t: TestApp, list: string, subject: string, articleIds: string[]) {
  const created = await request(t.url)
    .post('/api/admin/campaigns')
    .set(auth)
    .send({ list, subject, articleIds })
    .expect(201);
  return created.body.id as string;
}

describe('article text is data', () => {
  let t: TestApp;
  let editor: EditorAgent;
  beforeAll(async () => {
    t = await startTestApp({ SEND_BATCH_SIZE: '2' });
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
  });
  afterAll(() => t.close());

  const page = (path: string) => request(t.url).get(path).set('Cookie', editor.cookie);

  it('previews, test-sends and sends a digest whose articles are full of template syntax', async () => {
    await request(t.url)
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'syntax', name: 'نشرة {{list_name}} و[[to]]' })
      .expect(201);
    const readers = await seedSubscribers(t, 3, { list: 'syntax', domain: 'syntax.example' });
    const ids = await pushArticles(t, 'syntax', TITLES, SUMMARIES);
    const subject = 'نشرة {{subject}} و[[unsubscribe_url]]';
    const id = await draft(t, 'syntax', subject, ids);

    const preview = await request(t.url)
      .get(`/api/admin/campaigns/${id}/preview`)
      .set(auth)
      .expect(200);
    const previewText = await request(t.url)
      .get(`/api/admin/campaigns/${id}/preview?format=text`)
      .set(auth)
      .expect(200);
    for (const [index, title] of TITLES.entries()) {
      expect(visibleText(preview.text)).toContain(title);
      expect(visibleText(preview.text)).toContain(SUMMARIES[index]);
      expect(previewText.text).toContain(`■ ${title}\n${SUMMARIES[index]}\n`);
    }
    await page(`/admin/campaigns/${id}/preview`).expect(200);

    await request(t.url)
      .post(`/api/admin/campaigns/${id}/test`)
      .set(auth)
      .send({ email: 'desk@example.com' })
      .expect(202);
    const test = await waitFor(
      'the test copy',
      async () => t.smtp.to('desk@example.com')[0],
      10_000,
    );
    expect(test.parsed.subject).toBe(`[تجربة] ${subject}`);

    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    const done = await campaignSent(t, id, 30_000);
    expect(done).toMatchObject({ total: 3, sent: 3, failed: 0, pending: 0 });

    for (const mail of [test, ...readers.map((reader) => t.smtp.to(reader.email)[0])]) {
      const html = String(mail.parsed.html);
      const text = String(mail.parsed.text).replace(/\r\n/g, '\n');
      for (const [index, title] of TITLES.entries()) {
        expect(visibleText(html)).toContain(title);
        expect(visibleText(html)).toContain(SUMMARIES[index]);
        expect(text).toContain(`■ ${title}\n${SUMMARIES[index]}\n`);
      }
      expect(visibleText(html)).toContain('نشرة {{list_name}} و[[to]]');
      expect(text).toContain('نشرة {{list_name}} و[[to]]');
      // Each reader's own links stand where the footer put them, once in each part, and nowhere
      // else: no title or summary became a slot.
      const unsubscribe = /<(http[^>]+)>/.exec(mail.header('List-Unsubscribe'))![1];
      expect(html.split(`href="${unsubscribe.replace(/&/g, '&amp;')}"`)).toHaveLength(2);
      expect(text.split(unsubscribe)).toHaveLength(2);
      expect(text).not.toContain(mail.to[0]);
    }
    const reader = t.smtp.to(readers[1].email)[0];
    expect(reader.parsed.subject).toBe(subject);
    expect(reader.parsed.html).toContain(`/unsubscribe/`);
  });

  it('fails a campaign whose digest cannot be rendered, visibly, instead of leaving it sending', async () => {
    await seedSubscribers(t, 3, { domain: 'gone.example' });
    const ids = await pushArticles(t, 'gone', ['خبر سيُحذف', 'وآخر'], ['ملخص', 'ملخص']);
    const id = await draft(t, 'daily', 'نشرة لن تصل', ids);
    // The articles vanish between the draft and the send (an operator's purge, say).
    await t.db.getRepository(Article).delete({ id: In(ids.map(Number)) });

    const preview = await request(t.url)
      .get(`/api/admin/campaigns/${id}/preview`)
      .set(auth)
      .expect(422);
    expect(preview.body.message).toBe('The articles of this campaign no longer exist.');
    await request(t.url)
      .post(`/api/admin/campaigns/${id}/test`)
      .set(auth)
      .send({ email: 'desk@example.com' })
      .expect(422);
    await page(`/admin/campaigns/${id}/preview`).expect(422);
    const before = t.smtp.messages.length;

    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    const failed = await waitFor(
      `campaign ${id} to fail`,
      async () => {
        const status = await campaignStatus(t, id);
        return status.status !== 'sending' && status;
      },
      20_000,
    );
    expect(failed).toMatchObject({
      status: 'failed',
      failureReason: 'The articles of this campaign no longer exist.',
      sent: 0,
      pending: 0,
    });
    expect((failed as unknown as { finishedAt: string | null }).finishedAt).not.toBeNull();
    expect(await t.db.getRepository(Delivery).countBy({ campaignId: Number(id) })).toBe(0);
    expect(t.smtp.messages.length).toBe(before);

    const detail = await page(`/admin/campaigns/${id}`).expect(200);
    expect(detail.text).toContain('فشلت');
    expect(detail.text).toContain('data-field="failure"');
    expect(detail.text).toContain('The articles of this campaign no longer exist.');
    expect(detail.text).toContain('مقالات هذه الحملة لم تعد موجودة');
    const list = await page('/admin/campaigns').expect(200);
    expect(list.text).toContain('فشلت');

    const filtered = await request(t.url)
      .get('/api/admin/campaigns?status=failed')
      .set(auth)
      .expect(200);
    expect(filtered.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    // A failed campaign is over: it is not sent again or cancelled.
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(409);
    await request(t.url).post(`/api/admin/campaigns/${id}/cancel`).set(auth).send({}).expect(409);
  });
});
