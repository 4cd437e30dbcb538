import request from 'supertest';
import { emailHash } from '../src/common/email-hash.js';
import { MembershipService } from '../src/subscribers/membership.service.js';
import { Consent } from '../src/subscribers/entities/consent.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { Subscription } from '../src/subscribers/entities/subscription.entity.js';
import { Suppression } from '../src/subscribers/entities/suppression.entity.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

describe('admin API', () => {
  let t: TestApp;
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const api = () => request(t.url);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses every admin route without the bearer token', async () => {
    const document = (await api().get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const adminRoutes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => [method, path.replace(/\{\w+\}/g, '1')]),
      );
    expect(adminRoutes.length).toBeGreaterThanOrEqual(11);
    for (const [method, path] of adminRoutes) {
      for (const header of [undefined, 'Bearer wrong-token-0123456789', `Basic ${ADMIN_TOKEN}`]) {
        const call = api()[method as 'get'](path);
        if (header) call.set('Authorization', header);
        const response = await call;
        expect([method, path, response.status]).toEqual([method, path, 401]);
      }
    }
  });

  it('documents every route at /api/docs', async () => {
    const page = await api().get('/api/docs').expect(200);
    expect(page.text).toContain('swagger');
    const { paths } = (await api().get('/api/docs/openapi.json')).body as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/subscriptions',
        '/confirm/{token}',
        '/unsubscribe/{token}',
        '/preferences/{token}',
        '/api/admin/lists',
        '/api/admin/subscribers',
        '/api/admin/subscribers/import',
        '/api/admin/subscribers/export',
        '/api/admin/subscribers/{id}',
        '/api/admin/campaigns',
        '/api/admin/schedules',
        '/api/admin/schedules/{id}',
        '/api/admin/suppressions',
        '/api/webhooks/bounces',
        '/api/webhooks/dsn',
        '/health',
      ]),
    );
  });

  it('creates, reads, renames and deletes lists', async () => {
    const created = await api()
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'weekly', name: 'نشرة الأسبوع', description: 'كل أحد' })
      .expect(201);
    expect(created.body).toMatchObject({
      slug: 'weekly',
      name: 'نشرة الأسبوع',
      isDefault: false,
      isPublic: true,
    });
    expect(typeof created.body.id).toBe('string');
    await api().post('/api/admin/lists').set(auth).send({ slug: 'weekly', name: 'x' }).expect(409);
    const bad = await api()
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'Bad Slug!', name: 'x' })
      .expect(422);
    expect(bad.body.fields.slug).toBeTruthy();
    const renamed = await api()
      .patch(`/api/admin/lists/${created.body.id}`)
      .set(auth)
      .send({ name: 'الأسبوعية' })
      .expect(200);
    expect(renamed.body.name).toBe('الأسبوعية');
    const unchanged = await api()
      .patch(`/api/admin/lists/${created.body.id}`)
      .set(auth)
      .send({})
      .expect(200);
    expect(unchanged.body.name).toBe('الأسبوعية');
    const all = await api().get('/api/admin/lists').set(auth).expect(200);
    expect(all.body.map((list: { slug: string }) => list.slug)).toEqual(['daily', 'weekly']);
    await api().delete(`/api/admin/lists/${created.body.id}`).set(auth).expect(204);
    await api().get(`/api/admin/lists/${created.body.id}`).set(auth).expect(404);
    await api().get('/api/admin/lists/abc').set(auth).expect(404);
  });

  it('adds a subscriber with recorded consent (contract shape)', async () => {
    const response = await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'huda@example.com', name: 'هدى', lists: ['daily'], status: 'confirmed' })
      .expect(201);
    expect(response.body).toMatchObject({
      email: 'huda@example.com',
      name: 'هدى',
      status: 'confirmed',
      lists: ['daily'],
    });
    expect(typeof response.body.id).toBe('string');
    const consent = await t.db
      .getRepository(Consent)
      .findOneByOrFail({ subscriberId: Number(response.body.id) });
    expect(consent.source).toBe('admin');
    expect(consent.confirmedAt).not.toBeNull();
    const one = await api().get(`/api/admin/subscribers/${response.body.id}`).set(auth).expect(200);
    expect(one.body.lists).toEqual(['daily']);
    await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'huda@example.com', lists: ['daily'] })
      .expect(409);
    await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'x@example.com', lists: ['nope'] })
      .expect(422);
    await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'x@example.com', lists: ['daily'], status: 'unsubscribed' })
      .expect(422);
    await t.settled();
    expect(t.smtp.to('huda@example.com')).toHaveLength(0);
  });

  it('sends a confirmation to a subscriber added without consent', async () => {
    const response = await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'omar@example.com', lists: ['daily'] })
      .expect(201);
    expect(response.body.status).toBe('pending');
    const mail = await waitFor('the confirmation', () => t.smtp.to('omar@example.com')[0]);
    expect(mail.parsed.subject).toContain('أكّد اشتراكك');
  });

  it('refuses to add a suppressed address', async () => {
    await t.app.get(SuppressionService).add('bounced@example.com', 'hard_bounce', true);
    await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'bounced@example.com', lists: ['daily'], status: 'confirmed' })
      .expect(409);
  });

  it('pages newest first and searches by email', async () => {
    for (const name of ['ali1', 'ali2', 'zaid']) {
      await api()
        .post('/api/admin/subscribers')
        .set(auth)
        .send({ email: `${name}@page.example`, lists: ['daily'], status: 'confirmed' })
        .expect(201);
    }
    const found = await api()
      .get('/api/admin/subscribers?search=ALI&limit=1')
      .set(auth)
      .expect(200);
    expect(found.body.items.map((row: { email: string }) => row.email)).toEqual([
      'ali2@page.example',
    ]);
    const next = await api()
      .get(`/api/admin/subscribers?search=ali&limit=1&before=${found.body.next}`)
      .set(auth)
      .expect(200);
    expect(next.body.items.map((row: { email: string }) => row.email)).toEqual([
      'ali1@page.example',
    ]);
    const wildcard = await api().get('/api/admin/subscribers?search=%25').set(auth).expect(200);
    expect(wildcard.body.items).toEqual([]);
    await api().get('/api/admin/subscribers?limit=100000').set(auth).expect(422);
    await api().get('/api/admin/subscribers?status=gone').set(auth).expect(422);
  });

  it('imports a CSV, row by row, and reports what it did', async () => {
    await t.app.get(SuppressionService).add('blocked@import.example', 'complaint', true);
    const csv = [
      'email,name',
      'one@import.example,واحد',
      'not-an-address,خطأ',
      'two@import.example,"اثنان, مع فاصلة"',
      'one@import.example,مكرر',
      'huda@example.com,موجودة',
      'blocked@import.example,محظور',
      '',
    ].join('\n');
    const response = await api()
      .post('/api/admin/subscribers/import?list=daily&confirmed=true')
      .set(auth)
      .attach('file', Buffer.from(csv), 'subscribers.csv')
      .expect(201);
    expect(response.body).toEqual({
      imported: 2,
      skipped: 3,
      errors: [
        { row: 3, email: 'not-an-address', reason: 'email must look like name@example.com' },
      ],
    });
    const two = await t.db
      .getRepository(Subscriber)
      .findOneByOrFail({ email: 'two@import.example' });
    expect(two).toMatchObject({ name: 'اثنان, مع فاصلة', status: 'confirmed' });
    expect(
      await t.db.getRepository(Subscription).countBy({ subscriberId: two.id, status: 'active' }),
    ).toBe(1);
    await t.settled();
    expect(t.smtp.to('two@import.example')).toHaveLength(0);

    await api()
      .post('/api/admin/subscribers/import?list=daily')
      .set(auth)
      .attach('file', Buffer.from('name\nx'), 'x.csv')
      .expect(422);
    await api()
      .post('/api/admin/subscribers/import?list=nope')
      .set(auth)
      .attach('file', Buffer.from(csv), 'x.csv')
      .expect(422);
    await api()
      .post('/api/admin/subscribers/import?list=daily')
      .set(auth)
      .send({ email: 'x' })
      .expect(415);
    await api()
      .post('/api/admin/subscribers/import')
      .set(auth)
      .attach('file', Buffer.from(csv), 'x.csv')
      .expect(422);
  });

  it('imports unconfirmed people as pending, without mailing them', async () => {
    const response = await api()
      .post('/api/admin/subscribers/import?list=daily')
      .set(auth)
      .attach('file', Buffer.from('email\npending@import.example\n'), 'p.csv')
      .expect(201);
    expect(response.body).toEqual({ imported: 1, skipped: 0, errors: [] });
    const row = await t.db
      .getRepository(Subscriber)
      .findOneByOrFail({ email: 'pending@import.example' });
    expect(row.status).toBe('pending');
  });

  it('exports CSV with formulas neutralised', async () => {
    await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({
        email: 'formula@example.com',
        name: '=HYPERLINK("x")',
        lists: ['daily'],
        status: 'confirmed',
      })
      .expect(201);
    const response = await api()
      .get('/api/admin/subscribers/export?status=confirmed')
      .set(auth)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toBe('id,email,name,status,created_at,confirmed_at');
    expect(response.text).toContain(`formula@example.com,"'=HYPERLINK(""x"")",confirmed`);
    expect(response.text).not.toContain('pending@import.example');
    await api().get('/api/admin/subscribers/export?status=bogus').set(auth).expect(422);
  });

  it('erases personal data, keeping a hashed suppression for someone who had left', async () => {
    const added = await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'leaver@example.com', name: 'ليلى', lists: ['daily'], status: 'confirmed' })
      .expect(201);
    const id = Number(added.body.id);
    await t.app.get(MembershipService).unsubscribe(id, 0);
    await api().delete(`/api/admin/subscribers/${id}`).set(auth).expect(204);
    expect(await t.db.getRepository(Subscriber).findOneBy({ id })).toBeNull();
    expect(await t.db.getRepository(Consent).countBy({ subscriberId: id })).toBe(0);
    const entry = await t.db
      .getRepository(Suppression)
      .findOneByOrFail({ emailHash: emailHash('leaver@example.com') });
    expect(entry).toMatchObject({ email: null, reason: 'unsubscribed' });
    const reimport = await api()
      .post('/api/admin/subscribers/import?list=daily&confirmed=true')
      .set(auth)
      .attach('file', Buffer.from('email\nleaver@example.com\n'), 'again.csv')
      .expect(201);
    expect(reimport.body).toEqual({ imported: 0, skipped: 1, errors: [] });

    const stays = await api()
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'stayer@example.com', lists: ['daily'], status: 'confirmed' })
      .expect(201);
    await api().delete(`/api/admin/subscribers/${stays.body.id}`).set(auth).expect(204);
    expect(
      await t.db
        .getRepository(Suppression)
        .findOneBy({ emailHash: emailHash('stayer@example.com') }),
    ).toBeNull();
    await api().delete(`/api/admin/subscribers/${stays.body.id}`).set(auth).expect(404);
  });
});
