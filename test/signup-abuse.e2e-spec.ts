import request from 'supertest';
import { SubscriberAdminService } from '../src/admin/subscriber-admin.service.js';
import { Consent } from '../src/subscribers/entities/consent.entity.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { MembershipService } from '../src/subscribers/membership.service.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { TokenService } from '../src/tokens/token.service.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait-for.js';

describe('signup: no enumeration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNUP_LIMIT_PER_IP: '1000' });
  });
  afterAll(() => t.close());

  it('answers new, pending, confirmed, unsubscribed and suppressed addresses alike', async () => {
    const daily = await t.db.getRepository(MailingList).findOneByOrFail({ slug: 'daily' });
    const admin = t.app.get(SubscriberAdminService);
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'pending@example.com' })
      .expect(202);
    await waitFor('the first confirmation', () => t.smtp.to('pending@example.com').length === 1);
    await admin.add({ email: 'confirmed@example.com', name: '' }, [daily], true, '127.0.0.1');
    const leaving = await admin.add(
      { email: 'left@example.com', name: '' },
      [daily],
      true,
      '127.0.0.1',
    );
    await t.app.get(MembershipService).unsubscribe(leaving.id, 0);
    await t.app.get(SuppressionService).add('bounced@example.com', 'hard_bounce', true);

    const kinds = [
      'new@example.com',
      'pending@example.com',
      'confirmed@example.com',
      'left@example.com',
      'bounced@example.com',
    ];
    const answers = [];
    for (const email of kinds) {
      const response = await request(t.url).post('/api/subscriptions').send({ email });
      answers.push({
        status: response.status,
        body: response.text,
        type: response.headers['content-type'],
      });
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toEqual({
      status: 202,
      body: '{"status":"pending"}',
      type: 'application/json; charset=utf-8',
    });

    await t.settled();
    // What each address receives is decided out of sight: a confirmation for the new and the
    // returning reader, nothing for the rest (the pending one had its confirmation < 10 min ago).
    expect(t.smtp.to('new@example.com')).toHaveLength(1);
    expect(t.smtp.to('pending@example.com')).toHaveLength(1);
    expect(t.smtp.to('confirmed@example.com')).toHaveLength(0);
    expect(t.smtp.to('left@example.com')).toHaveLength(1);
    expect(t.smtp.to('bounced@example.com')).toHaveLength(0);
  });
});

describe('signup: hostile and malformed requests', () => {
  let t: TestApp;
  let tokens: TokenService;
  let pendingId: number;
  let consentId: number;

  beforeAll(async () => {
    t = await startTestApp({
      SIGNUP_LIMIT_PER_IP: '1000',
      ALLOWED_ORIGINS: 'https://news.example',
    });
    tokens = t.app.get(TokenService);
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'victim@example.com' })
      .expect(202);
    await t.settled();
    const victim = await t.db
      .getRepository(Subscriber)
      .findOneByOrFail({ email: 'victim@example.com' });
    pendingId = victim.id;
    consentId = (await t.db.getRepository(Consent).findOneByOrFail({ subscriberId: victim.id })).id;
  });
  afterAll(() => t.close());

  const post = (body: string | object, type = 'application/json') =>
    request(t.url)
      .post('/api/subscriptions')
      .set('Content-Type', type)
      .send(body as object);

  const cases: [string, () => request.Test, number][] = [
    [
      'CRLF in the name',
      () => post({ email: 'a@example.com', name: 'x\r\nBcc: evil@example.com' }),
      422,
    ],
    ['CRLF in the email', () => post({ email: 'a@example.com\r\nBcc: b@example.com' }), 422],
    [
      'a 10 MB body',
      () => post(JSON.stringify({ email: 'a@example.com', name: 'x'.repeat(10 * 1024 * 1024) })),
      413,
    ],
    ['text/plain', () => post('email=a@example.com', 'text/plain'), 415],
    ['XML', () => post('<email>a@example.com</email>', 'application/xml'), 415],
    ['no content type', () => request(t.url).post('/api/subscriptions'), 415],
    ['malformed JSON', () => post('{"email":'), 400],
    ['a bare JSON string', () => post('"a@example.com"'), 400],
    ['a JSON array', () => post([{ email: 'a@example.com' }]), 422],
    ['email as an array', () => post({ email: ['a@example.com'] }), 422],
    ['email as an object', () => post({ email: { $ne: '' } }), 422],
    ['name as an array', () => post({ email: 'a@example.com', name: ['x'] }), 422],
    ['lists as an object', () => post({ email: 'a@example.com', lists: { daily: true } }), 422],
    [
      'SQL in lists',
      () => post({ email: 'a@example.com', lists: ["daily'; DROP TABLE subscribers;--"] }),
      422,
    ],
    ['an unknown list', () => post({ email: 'a@example.com', lists: ['nope'] }), 422],
    ['too many lists', () => post({ email: 'a@example.com', lists: Array(21).fill('daily') }), 422],
    ['no email', () => post({ name: 'x' }), 422],
    ['fullwidth @ lookalike', () => post({ email: 'a＠example.com' }), 422],
    ['Cyrillic lookalike domain', () => post({ email: 'a@gmаil.com' }), 422],
    ['SQL in the email', () => post({ email: "a'@example.com' OR 1=1--" }), 422],
    ['HTML in the email', () => post({ email: '<script>@example.com' }), 422],
    [
      'a name over 200 characters',
      () => post({ email: 'a@example.com', name: 'ن'.repeat(201) }),
      422,
    ],
    ['an email over 320 characters', () => post({ email: `${'a'.repeat(320)}@example.com` }), 422],
    [
      'control characters in source',
      () => post({ email: 'a@example.com', source: 'x\u0000y' }),
      422,
    ],
    ['a line separator in the name', () => post({ email: 'a@example.com', name: 'x\u2028y' }), 422],
    [
      'form field email[]',
      () => post('email[]=a@example.com', 'application/x-www-form-urlencoded'),
      422,
    ],
    [
      'a foreign origin',
      () => post({ email: 'a@example.com' }).set('Origin', 'https://evil.example'),
      403,
    ],
    [
      'a forged confirmation token',
      () =>
        request(t.url).post(
          `/confirm/c.${pendingId.toString(36)}.${consentId.toString(36)}.0.AAAA`,
        ),
      400,
    ],
    [
      'an expired confirmation token',
      () =>
        request(t.url).post(
          `/confirm/${tokens.sign({ purpose: 'confirm', subscriberId: pendingId, ref: consentId, expiresAt: 1 })}`,
        ),
      410,
    ],
    [
      'an unsubscribe token used to confirm',
      () =>
        request(t.url).post(
          `/confirm/${tokens.sign({ purpose: 'unsubscribe', subscriberId: pendingId, ref: consentId, expiresAt: 0 })}`,
        ),
      400,
    ],
    [
      'a confirmation token used to unsubscribe',
      () =>
        request(t.url).post(
          `/unsubscribe/${tokens.sign({ purpose: 'confirm', subscriberId: pendingId, ref: 0, expiresAt: 0 })}`,
        ),
      400,
    ],
    [
      'a garbage preferences token',
      () => request(t.url).post('/preferences/%3Cscript%3E').type('form').send('lists=daily'),
      400,
    ],
    ['SQL as a token', () => request(t.url).post("/unsubscribe/1' OR '1'='1"), 400],
  ];

  it.each(cases)(
    'refuses %s with a 4xx, writing and sending nothing',
    async (_name, send, status) => {
      const before = await counts();
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.status).toBeLessThan(500);
      await t.settled();
      expect(await counts()).toEqual(before);
      const victim = await t.db.getRepository(Subscriber).findOneByOrFail({ id: pendingId });
      expect(victim.status).toBe('pending');
    },
  );

  it('names the field and the reason in a 422', async () => {
    const response = await post({ email: 'not-an-address' }).expect(422);
    expect(response.body.fields).toEqual({ email: 'email must look like name@example.com' });
  });

  async function counts() {
    return {
      subscribers: await t.db.getRepository(Subscriber).count(),
      consents: await t.db.getRepository(Consent).count(),
      mails: t.smtp.messages.length,
    };
  }
});

describe('signup: rate limits and the honeypot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNUP_LIMIT_PER_IP: '3', SIGNUP_LIMIT_PER_EMAIL: '2' });
  });
  afterAll(() => t.close());

  it('limits one address, then one IP, with 429 and Retry-After', async () => {
    const send = (email: string) => request(t.url).post('/api/subscriptions').send({ email });
    await send('same@example.com').expect(202);
    await send('same@example.com').expect(202);
    const perAddress = await send('same@example.com').expect(429);
    expect(Number(perAddress.headers['retry-after'])).toBeGreaterThan(0);
    const perIp = await send('other@example.com').expect(429);
    expect(Number(perIp.headers['retry-after'])).toBeGreaterThan(0);
    expect(perIp.body.message).toMatch(/try again in \d+ seconds/);
  });

  it('answers a filled honeypot as usual and does nothing else', async () => {
    const fresh = await startTestApp();
    try {
      const response = await request(fresh.url)
        .post('/api/subscriptions')
        .type('form')
        .send({ email: 'bot@example.com', website: 'https://spam.example' })
        .expect(202);
      expect(response.body).toEqual({ status: 'pending' });
      await fresh.settled();
      await sleep(200);
      expect(await fresh.db.getRepository(Subscriber).count()).toBe(0);
      expect(fresh.smtp.messages).toHaveLength(0);
    } finally {
      await fresh.close();
    }
  });
});
