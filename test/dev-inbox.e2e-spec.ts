import request from 'supertest';
import { freePort, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

describe('the embedded dev inbox (no SMTP_URL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      SMTP_URL: '',
      NODE_ENV: 'development',
      DEV_INBOX_PORT: String(await freePort()),
    });
  });
  afterAll(() => t.close());

  it('receives every email and shows it, newest first, as it renders', async () => {
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'first@example.com', name: '<b>أحمد</b>' })
      .expect(202);
    await waitFor(
      'the first message',
      async () =>
        (await request(t.url).get('/dev/inbox').set('Accept', 'application/json')).body.length ===
        1,
    );
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'second@example.com' })
      .expect(202);
    const list = await waitFor('two messages', async () => {
      const body = (await request(t.url).get('/dev/inbox').set('Accept', 'application/json'))
        .body as { id: string; to: string[] }[];
      return body.length === 2 && body;
    });
    expect(list.map((message) => message.to[0])).toEqual([
      'second@example.com',
      'first@example.com',
    ]);

    const index = await request(t.url).get('/dev/inbox').set('Accept', 'text/html').expect(200);
    expect(index.text).toContain('<html lang="ar" dir="rtl">');
    expect(index.text.indexOf('second@example.com')).toBeLessThan(
      index.text.indexOf('first@example.com'),
    );

    const first = list[1];
    const page = await request(t.url)
      .get(`/dev/inbox/${first.id}`)
      .set('Accept', 'text/html')
      .expect(200);
    const frame = new RegExp(`<iframe[^>]*\\ssandbox\\s[^>]*src="/dev/inbox/${first.id}/html"`);
    expect(page.text).toMatch(frame);
    expect(page.text).toContain('&lt;b&gt;أحمد&lt;/b&gt;'); // the text part, escaped
    expect(page.text).toMatch(/Message-ID: &lt;confirm\.\d+\.\d+@127\.0\.0\.1&gt;/);
    const html = await request(t.url).get(`/dev/inbox/${first.id}/html`).expect(200);
    expect(html.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(html.text).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(html.text).not.toContain('<b>أحمد</b>');
    await request(t.url).get('/dev/inbox/unknown').expect(404);
  });
});

describe('production', () => {
  it('never mounts the dev inbox', async () => {
    const t = await startTestApp({ NODE_ENV: 'production' });
    try {
      await request(t.url).get('/dev/inbox').expect(404);
    } finally {
      await t.close();
    }
  });
});
