import request from 'supertest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './helpers/test-app.js';

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('digest drafts: preview and test send', () => {
  let t: TestApp;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp({ SITE_NAME: 'الحل نت' });
    const now = Date.now();
    const pushed = await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send([
        {
          url: 'https://news.example/1',
          title: 'تسليم أسلحة إلى #وزارة_الداخلية',
          summary: 'ملخص أول',
          publishedAt: new Date(now - 3600_000).toISOString(),
          imageUrl: 'https://news.example/1.jpg',
        },
        {
          url: 'https://news.example/2',
          title: '<script>alert(1)</script>',
          summary: 'ملخص ثانٍ',
          publishedAt: new Date(now - 7200_000).toISOString(),
        },
        {
          url: 'https://news.example/old',
          title: 'خبر قديم',
          publishedAt: new Date(now - 72 * 3600_000).toISOString(),
        },
      ])
      .expect(201);
    ids = pushed.body.items.map((item: { id: string }) => item.id);
  });
  afterAll(() => t.close());

  it('makes a draft of the last hours and previews exactly what a subscriber gets', async () => {
    const created = await request(t.url)
      .post('/api/admin/campaigns')
      .set(auth)
      .send({ list: 'daily', subject: 'نشرة الصباح', sinceHours: 24 })
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      list: 'daily',
      subject: 'نشرة الصباح',
      articleIds: [ids[0], ids[1]],
    });
    expect(typeof created.body.id).toBe('string');
    const status = await request(t.url)
      .get(`/api/admin/campaigns/${created.body.id}`)
      .set(auth)
      .expect(200);
    expect(status.body).toMatchObject({
      id: created.body.id,
      status: 'draft',
      total: 0,
      sent: 0,
      failed: 0,
      pending: 0,
    });

    const preview = await request(t.url)
      .get(`/api/admin/campaigns/${created.body.id}/preview`)
      .set(auth)
      .expect(200);
    expect(preview.headers['content-type']).toMatch(/text\/html/);
    expect(preview.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(preview.text).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(preview.text).toContain('تسليم أسلحة إلى وزارة الداخلية');
    expect(preview.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(preview.text).not.toContain('خبر قديم');
    const unsubscribe = /href="(http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[^"]+)"/.exec(
      preview.text,
    )![1];
    await request(unsubscribe).get('').expect(200); // the sample link opens the real page
    await request(unsubscribe).post('').expect(400); // and unsubscribes nobody

    const text = await request(t.url)
      .get(`/api/admin/campaigns/${created.body.id}/preview?format=text`)
      .set(auth)
      .expect(200);
    expect(text.headers['content-type']).toMatch(/text\/plain/);
    expect(text.text).toContain('■ تسليم أسلحة إلى وزارة الداخلية');
  });

  it('keeps the editor order of chosen articles and sends a test copy through the mailer', async () => {
    const created = await request(t.url)
      .post('/api/admin/campaigns')
      .set(auth)
      .send({ list: 'daily', subject: 'مختارات', articleIds: [ids[2], ids[0]] })
      .expect(201);
    expect(created.body.articleIds).toEqual([ids[2], ids[0]]);
    await request(t.url)
      .post(`/api/admin/campaigns/${created.body.id}/test`)
      .set(auth)
      .send({ email: 'editor@news.example' })
      .expect(202);
    const [mail] = t.smtp.to('editor@news.example');
    expect(mail.parsed.subject).toBe('[تجربة] مختارات');
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.parsed.html).toMatch(/<html[^>]*dir="rtl"/);
    const html = mail.parsed.html as string;
    expect(html.indexOf('خبر قديم')).toBeLessThan(html.indexOf('تسليم أسلحة'));
    expect(mail.parsed.text).toContain('■ خبر قديم');
  });

  it.each([
    [{ list: 'nope', subject: 'x', sinceHours: 24 }, 'list'],
    [{ list: 'daily', subject: '', sinceHours: 24 }, 'subject'],
    [{ list: 'daily', subject: 'x\r\nBcc: a@b.c', sinceHours: 24 }, 'subject'],
    [{ list: 'daily', subject: 'x', articleIds: ['999999'] }, 'articleIds'],
    [{ list: 'daily', subject: 'x', articleIds: ['1'], sinceHours: 3 }, 'articleIds'],
    [{ list: 'daily', subject: 'x', sinceHours: 0.001 }, 'sinceHours'],
  ])('refuses %j naming %s', async (body, field) => {
    const response = await request(t.url)
      .post('/api/admin/campaigns')
      .set(auth)
      .send(body)
      .expect(422);
    expect(Object.keys(response.body.fields)).toContain(field);
  });

  it('refuses bad test sends and unknown campaigns', async () => {
    await request(t.url)
      .post('/api/admin/campaigns/1/test')
      .set(auth)
      .send({ email: 'not an address' })
      .expect(422);
    await request(t.url).get('/api/admin/campaigns/999/preview').set(auth).expect(404);
    await request(t.url).get('/api/admin/campaigns/1/preview?format=pdf').set(auth).expect(422);
  });
});

describe('previews and test copies with TRACK_CLICKS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRACK_CLICKS: 'true' });
  });
  afterAll(() => t.close());

  it("link straight to the articles, so the editor's checks are never counted as clicks", async () => {
    const url = 'https://news.example/tracked';
    await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send({ url, title: 'خبر يُنقر عليه', summary: 'ملخص' })
      .expect(201);
    const created = await request(t.url)
      .post('/api/admin/campaigns')
      .set(auth)
      .send({ list: 'daily', subject: 'نشرة', sinceHours: 24 })
      .expect(201);
    const id = created.body.id as string;

    const preview = await request(t.url)
      .get(`/api/admin/campaigns/${id}/preview`)
      .set(auth)
      .expect(200);
    expect(preview.text).toContain(`href="${url}"`);
    expect(preview.text).not.toContain('/r/');
    await request(t.url)
      .post(`/api/admin/campaigns/${id}/test`)
      .set(auth)
      .send({ email: 'editor@news.example' })
      .expect(202);
    const [copy] = t.smtp.to('editor@news.example');
    expect(String(copy.parsed.html)).toContain(`href="${url}"`);
    expect(String(copy.parsed.html)).not.toContain('/r/');
    expect(copy.parsed.text).not.toContain('/r/');
  });
});
