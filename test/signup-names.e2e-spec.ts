import request from 'supertest';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * Issue 16, row 7: a confirmation goes to whatever address a stranger typed, so it must not carry
 * what they typed beside it. The name waits for the welcome, once the owner has confirmed.
 */
describe('the name a visitor types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const stored = (email: string) => t.db.getRepository(Subscriber).findOneBy({ email });
  const phishing = [
    'Your account is suspended, verify at http://evil.example/login now',
    'حسابك موقوف، ادخل www.evil.example',
    'verify at evil.example/login',
  ];

  it.each(phishing.map((name) => [name]))(
    'refuses a name with a link (%s): 422 naming the field, nothing stored or sent',
    async (name) => {
      const email = `victim-${phishing.indexOf(name)}@example.com`;
      const response = await request(t.url)
        .post('/api/subscriptions')
        .send({ email, name })
        .expect(422);
      expect(Object.keys((response.body as { fields: object }).fields)).toEqual(['name']);
      await t.settled();
      expect(await stored(email)).toBeNull();
      expect(t.smtp.to(email)).toHaveLength(0);
    },
  );

  it('says so in Arabic on the signup page, keeping what was typed', async () => {
    const response = await request(t.url)
      .post('/api/subscriptions')
      .set('Accept', 'text/html')
      .set('Origin', t.url)
      .type('form')
      .send({ email: 'form-victim@example.com', name: phishing[0], website: '' })
      .expect(422);
    expect(response.text).toContain('لا يقبل حقل الاسم روابط');
    expect(response.text).toContain('value="form-victim@example.com"');
    await t.settled();
    expect(await stored('form-victim@example.com')).toBeNull();
  });

  it('cuts a name at 100 characters', async () => {
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'long-name@example.com', name: 'س'.repeat(150) })
      .expect(202);
    expect((await stored('long-name@example.com'))?.name).toBe('س'.repeat(100));
  });

  it('leaves the name out of the confirmation, and greets by it in the welcome', async () => {
    const email = 'huda@example.com';
    await request(t.url).post('/api/subscriptions').send({ email, name: 'هدى الشامي' }).expect(202);
    const confirmation = await waitFor('the confirmation', () => t.smtp.to(email)[0]);
    expect(confirmation.parsed.text).not.toContain('هدى');
    expect(confirmation.parsed.html).not.toContain('هدى');
    expect(confirmation.parsed.text).toContain('مرحباً،');
    const confirmUrl = /http:\/\/127\.0\.0\.1:\d+\/confirm\/\S+/.exec(
      confirmation.parsed.text ?? '',
    )![0];
    await request(confirmUrl).post('').expect(200);
    const welcome = await waitFor('the welcome', () =>
      t.smtp.to(email).find((mail) => mail.parsed.subject?.includes('أهلاً بك')),
    );
    expect(welcome.parsed.text).toContain('مرحباً هدى الشامي،');
    expect(welcome.parsed.html).toContain('هدى الشامي');
  });
});
