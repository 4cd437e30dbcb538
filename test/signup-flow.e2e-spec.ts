import request from 'supertest';
import { Consent } from '../src/subscribers/entities/consent.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { Subscription } from '../src/subscribers/entities/subscription.entity.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

/** The visitor's whole path over HTTP, reading the real mail the SMTP server received. */
describe('signup → confirm → welcome → one-click unsubscribe', () => {
  let t: TestApp;
  // The domain is lower-cased; the local part keeps its case (RFC 5321 leaves it to the mailbox).
  const email = 'Sara@example.com';

  beforeAll(async () => {
    t = await startTestApp({ UNSUBSCRIBE_MAILTO: 'unsubscribe@news.example' });
  });
  afterAll(() => t.close());

  const subscriber = () => t.db.getRepository(Subscriber).findOneByOrFail({ email });

  it('walks the whole path', async () => {
    const signup = await request(t.url)
      .post('/api/subscriptions')
      .send({ email: '  Sara@EXAMPLE.com ', name: 'سارة' })
      .expect(202);
    expect(signup.body).toEqual({ status: 'pending' });

    const confirmation = await waitFor('the confirmation email', () => t.smtp.to(email)[0]);
    expect(confirmation.parsed.subject).toContain('أكّد اشتراكك');
    expect(confirmation.parsed.html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(confirmation.header('Auto-Submitted')).toBe('auto-generated');
    expect(confirmation.parsed.text).toContain('مرحباً،'); // no name before confirmation (issue 16)
    const confirmUrl = /http:\/\/127\.0\.0\.1:\d+\/confirm\/\S+/.exec(
      confirmation.parsed.text ?? '',
    )![0];
    expect(confirmation.parsed.html).toContain(`href="${confirmUrl}"`);

    // GET shows a button and changes nothing: mail scanners fetch links.
    const page = await request(confirmUrl).get('').expect(200);
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect(page.text).toMatch(/<form method="post" action="\/confirm\//);
    expect((await subscriber()).status).toBe('pending');

    await request(confirmUrl).post('').expect(200);
    const confirmed = await subscriber();
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.confirmedAt).not.toBeNull();
    const subscriptions = await t.db
      .getRepository(Subscription)
      .findBy({ subscriberId: confirmed.id });
    expect(subscriptions.map((row) => row.status)).toEqual(['active']);
    const consent = await t.db
      .getRepository(Consent)
      .findOneByOrFail({ subscriberId: confirmed.id });
    expect(consent.confirmedAt).not.toBeNull();
    expect(consent.ip).toBe('127.0.0.1');
    expect(consent.source).toBe('api');

    // Confirming twice is harmless and sends no second welcome.
    const again = await request(confirmUrl).post('').expect(200);
    expect(again.text).toContain('اشتراكك مؤكَّد');

    const welcome = await waitFor('the welcome email', () =>
      t.smtp.to(email).find((mail) => mail.parsed.subject?.includes('أهلاً بك')),
    );
    const listUnsubscribe = welcome.header('List-Unsubscribe');
    const unsubscribeUrl = /<(http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[^>]+)>/.exec(
      listUnsubscribe,
    )![1];
    expect(listUnsubscribe).toMatch(
      /, <mailto:unsubscribe\+u-[0-9a-z]+-0-[0-9a-f]{20}@news\.example\?subject=unsubscribe>$/,
    );
    expect(welcome.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(welcome.header('List-Id')).toMatch(/ <daily\.127\.0\.0\.1>$/);
    expect(welcome.header('Auto-Submitted')).toBe('auto-generated');
    expect(welcome.header('Message-ID')).toMatch(/^<welcome\.\d+\.\d+@127\.0\.0\.1>$/);
    expect(welcome.parsed.html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(welcome.parsed.html).toContain(`href="${unsubscribeUrl}"`);
    expect(welcome.parsed.text).toMatch(/\/preferences\/\S+/);

    // RFC 8058 one-click: 200, no redirect, no cookie; repeating it changes nothing more.
    const oneClick = await request(unsubscribeUrl)
      .post('')
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(oneClick.headers.location).toBeUndefined();
    expect(oneClick.headers['set-cookie']).toBeUndefined();
    const left = await subscriber();
    expect(left.status).toBe('unsubscribed');
    expect(left.unsubscribedAt).not.toBeNull();
    await request(unsubscribeUrl).post('').field('List-Unsubscribe', 'One-Click').expect(200);
    expect((await subscriber()).unsubscribedAt).toEqual(left.unsubscribedAt);
    const rows = await t.db.getRepository(Subscription).findBy({ subscriberId: left.id });
    expect(rows.map((row) => row.status)).toEqual(['unsubscribed']);

    await t.settled();
    expect(t.smtp.to(email)).toHaveLength(2);
  });

  it('offers the signup page, in Arabic and right to left', async () => {
    const page = await request(t.url).get('/subscribe').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect(page.text).toContain('اشترك بنشرتنا البريدية');
    expect(page.text).toContain('name="website"');
    // "no-referrer" would make browsers post this form with Origin: null.
    expect(page.headers['referrer-policy']).toBe('same-origin');
  });

  it('answers a browser form post with a page', async () => {
    const response = await request(t.url)
      .post('/api/subscriptions')
      .set('Accept', 'text/html')
      .set('Origin', t.url) // what a browser sends from /subscribe itself
      .type('form')
      .send({ email: 'form@example.com', website: '' })
      .expect(202);
    expect(response.text).toContain('تحقّق من بريدك');
    await waitFor(
      'the confirmation of the form signup',
      () => t.smtp.to('form@example.com').length === 1,
    );
  });
});
