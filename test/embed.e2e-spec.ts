import request from 'supertest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('the embeddable signup box', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: 'https://news.example, https://www.news.example' });
  });
  afterAll(() => t.close());

  it('serves a script that posts to this service', async () => {
    const script = await request(t.url).get('/embed/subscribe.js').expect(200);
    expect(script.headers['content-type']).toMatch(/application\/javascript/);
    expect(script.text).toContain(JSON.stringify(t.url));
    expect(script.text).toContain('/api/subscriptions');
    expect(script.text).toContain('dir="rtl"');
  });

  it('answers the CORS preflight of an allowed origin only', async () => {
    const allowed = await request(t.url)
      .options('/api/subscriptions')
      .set('Origin', 'https://news.example')
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://news.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    const refused = await request(t.url)
      .options('/api/subscriptions')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts a cross-origin signup from an allowed origin and refuses the others', async () => {
    const ok = await request(t.url)
      .post('/api/subscriptions')
      .set('Origin', 'https://www.news.example')
      .send({ email: 'embed@example.com', source: 'embed:www.news.example' })
      .expect(202);
    expect(ok.headers['access-control-allow-origin']).toBe('https://www.news.example');
    await request(t.url)
      .post('/api/subscriptions')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ email: 'x@example.com' })
      .expect(403);
    await request(t.url)
      .post('/api/subscriptions')
      .set('Origin', 'null')
      .send({ email: 'x@example.com' })
      .expect(403);
  });
});
