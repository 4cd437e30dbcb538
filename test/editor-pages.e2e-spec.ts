import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Schedule } from '../src/schedules/entities/schedule.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { createEditor, type EditorAgent, logIn } from './helpers/editors.js';
import { auth, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

const words = readFileSync(join(import.meta.dirname, 'fixtures', 'article-ar.txt'), 'utf8')
  .split(/\s+/)
  .filter(Boolean);
/** Arabic news text of about `length` characters, starting `offset` words in. */
const arabic = (offset: number, length: number) => {
  let text = '';
  for (let i = offset; text.length < length; i++) text += `${words[i % words.length]} `;
  return text.trim();
};

describe('the editors pages behind the forms', () => {
  let t: TestApp;
  let editor: EditorAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'desk@example.com');
    editor = await logIn(t, 'desk@example.com');
  });
  afterAll(() => t.close());

  const post = (path: string) => request(t.url).post(path).set('Cookie', editor.cookie);
  const get = (path: string) => request(t.url).get(path).set('Cookie', editor.cookie);

  it('imports a CSV into a list and reports each refused row by number', async () => {
    const csv =
      'email,name\nfirst@example.com,أول\nnot-an-address,ثانٍ\nfirst@example.com,مكرر\nthird@example.com,ثالث\n';
    const page = await post(
      `/admin/subscribers/import?list=daily&_csrf=${encodeURIComponent(editor.csrf)}`,
    )
      .attach('file', Buffer.from(csv), { filename: 'readers.csv', contentType: 'text/csv' })
      .expect(200);
    expect(page.text).toContain('id="import-report"');
    expect(page.text).toContain('استُورد مشتركان · تُخطّي سطر واحد');
    expect(page.text).toContain('not-an-address');
    expect(await t.db.getRepository(Subscriber).countBy({})).toBe(2);
    // Without the token in the query the upload is refused, and nothing is imported.
    await post('/admin/subscribers/import?list=daily')
      .attach('file', Buffer.from('email\nfourth@example.com\n'), 'x.csv')
      .expect(403);
    expect(await t.db.getRepository(Subscriber).countBy({ email: 'fourth@example.com' })).toBe(0);
  });

  it('searches, filters by list and status, exports and erases', async () => {
    await seedSubscribers(t, 3, { domain: 'search.example' });
    const found = await get(
      '/admin/subscribers?q=search.example&list=daily&status=confirmed',
    ).expect(200);
    // An address may wrap at its dots on a phone: <wbr /> marks where.
    const shown = found.text.replaceAll('<wbr />', '');
    expect(shown.match(/<bdi dir="ltr">reader-\d@search\.example<\/bdi>/g)?.length).toBe(3);
    expect(found.text).not.toContain('first@example.com');
    const none = await get('/admin/subscribers?q=search.example&status=unsubscribed').expect(200);
    expect(none.text.replaceAll('<wbr />', '')).not.toContain('@search.example</bdi>');
    const csv = await get('/admin/subscribers/export?status=confirmed').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('reader-0@search.example');
    const target = await t.db
      .getRepository(Subscriber)
      .findOneByOrFail({ email: 'reader-0@search.example' });
    await post(`/admin/subscribers/${target.id}/erase`)
      .type('form')
      .send({ _csrf: editor.csrf })
      .expect(303);
    expect(await t.db.getRepository(Subscriber).countBy({ id: target.id })).toBe(0);
  });

  it('edits a schedule through the form, and refuses a bad one with a message in Arabic', async () => {
    const created = await request(t.url)
      .post('/api/admin/schedules')
      .set(auth)
      .send({
        list: 'daily',
        cron: '0 7 * * *',
        timezone: 'Asia/Baghdad',
        subject: 'صباح {{date}}',
      })
      .expect(201);
    const form = await get(`/admin/schedules/${created.body.id}/edit`).expect(200);
    expect(form.text).toContain('value="07:00"');
    const fields = {
      _csrf: editor.csrf,
      list: 'daily',
      frequency: 'weekly',
      time: '18:30',
      weekday: '5',
      timezone: 'Africa/Cairo',
      subject: 'نشرة الجمعة {{date}}',
      window: 'hours',
      hours: '168',
      maxArticles: '8',
      minArticles: '2',
      active: 'on',
    };
    await post(`/admin/schedules/${created.body.id}`).type('form').send(fields).expect(303);
    const saved = await t.db
      .getRepository(Schedule)
      .findOneByOrFail({ id: Number(created.body.id) });
    expect(saved).toMatchObject({
      cron: '30 18 * * 5',
      timezone: 'Africa/Cairo',
      sinceHours: 168,
      maxArticles: 8,
    });
    const refused = await post(`/admin/schedules/${created.body.id}`)
      .type('form')
      .send({ ...fields, maxArticles: '2', minArticles: '5' })
      .expect(422);
    expect(refused.text).toContain('role="alert"');
    expect((await t.db.getRepository(Schedule).findOneByOrFail({ id: saved.id })).minArticles).toBe(
      2,
    );
  });

  it('schedules a campaign for a wall-clock time in the site time zone', async () => {
    const articles = await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send({ url: 'https://news.example/?p=70', title: 'خبر للجدولة' })
      .expect(201);
    const created = await post('/admin/campaigns')
      .type('form')
      .send({
        _csrf: editor.csrf,
        list: 'daily',
        subject: 'لاحقاً',
        article: String(articles.body.id),
      })
      .expect(303);
    const id = /campaigns\/(\d+)/.exec(created.headers.location)![1];
    const later = new Date(Date.now() + 3 * 86_400_000);
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Baghdad',
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(later)
      .replace(' ', 'T');
    await post(`/admin/campaigns/${id}/send`)
      .type('form')
      .send({ _csrf: editor.csrf, at: local })
      .expect(303);
    const campaign = await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200);
    expect(campaign.body.status).toBe('scheduled');
    expect(Math.abs(new Date(campaign.body.sendAt).getTime() - later.getTime())).toBeLessThan(
      60_000,
    );
    await post(`/admin/campaigns/${id}/cancel`)
      .type('form')
      .send({ _csrf: editor.csrf })
      .expect(303);
    const cancelled = await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('shows the size of the message as sent, and warns when Gmail would clip it', async () => {
    const push = (count: number, prefix: string) =>
      request(t.url)
        .post('/api/admin/articles')
        .set(auth)
        .send(
          Array.from({ length: count }, (_, i) => ({
            url: `https://news.example/${prefix}/${i}`,
            title: arabic(i * 7, 110),
            summary: arabic(i * 11, 300),
            imageUrl: `https://news.example/${prefix}/${i}.jpg`,
            tags: ['العراق', 'أمن'],
          })),
        )
        .expect(201);
    const draft = async (ids: string[], subject: string) => {
      const created = await request(t.url)
        .post('/api/admin/campaigns')
        .set(auth)
        .send({ list: 'daily', subject, articleIds: ids })
        .expect(201);
      return created.body.id as string;
    };
    const ids = (response: request.Response) =>
      (response.body.items as { id: string }[]).map((item) => item.id);
    const ten = await draft(ids(await push(10, 'ten')), 'عشرة أخبار');
    const fifty = await draft(ids(await push(50, 'fifty')), 'خمسون خبراً');

    const page = await get(`/admin/campaigns/${ten}`).expect(200);
    const shown = /حجم الرسالة كما تُرسَل: ([\d.٫]+) كيلوبايت/.exec(page.text);
    expect(shown).not.toBeNull();
    expect(page.text).not.toContain('data-warning="gmail-clip"');
    // A test copy is built by the campaign's own encoder: its size is the one shown.
    await post(`/admin/campaigns/${ten}/test`)
      .type('form')
      .send({ _csrf: editor.csrf, email: 'desk@example.com' })
      .expect(303);
    const copy = await waitFor('the test copy', () =>
      t.smtp.to('desk@example.com').find((mail) => mail.parsed.subject?.includes('عشرة أخبار')),
    );
    const kilobytes = Number(shown![1].replace('٫', '.'));
    expect(Math.abs(copy.raw.length / 1000 - kilobytes)).toBeLessThan(0.3);
    expect(copy.raw.length).toBeLessThan(90_000);

    const big = await get(`/admin/campaigns/${fifty}`).expect(200);
    expect(big.text).toContain('data-warning="gmail-clip"');
  });
});
