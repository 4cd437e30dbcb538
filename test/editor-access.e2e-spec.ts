import request from 'supertest';
import { AuditEntry } from '../src/auth/entities/audit-entry.entity.js';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { auth } from './helpers/seed.js';
import { createEditor, EDITOR_PASSWORD, logIn } from './helpers/editors.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface Route {
  method: string;
  path: string;
}

/** Every route the HTTP app serves, read off Express's router (Nest's and Bull Board's alike). */
function routeTable(t: TestApp): Route[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const express = t.app.getHttpAdapter().getInstance() as unknown as {
    router: { stack: Layer[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => ({
          method: method.toUpperCase(),
          path: layer.route!.path,
        }))
      : [],
  );
}

const OPEN = new Set(['GET /admin/login', 'POST /admin/login']);

describe('who may use /admin and the admin API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'chief@example.com', 'admin');
    await createEditor(t, 'writer@example.com', 'editor');
  });
  afterAll(() => t.close());

  it('refuses every admin page and API route without a session or a token', async () => {
    const routes = routeTable(t).filter(
      (route) =>
        /^\/(admin|api\/admin)(\/|$)/.test(route.path) &&
        !OPEN.has(`${route.method} ${route.path}`),
    );
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContainEqual({ method: 'POST', path: '/admin/campaigns/:id/send' });
    for (const route of routes) {
      const path = route.path.replace(/:[a-z]+/gi, '1');
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const response = await request(t.url)[method](path).set('Accept', 'application/json');
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
    // Bull Board sits behind the same login.
    await request(t.url).get('/admin/queues/api/queues').expect(401);
    // A browser is sent to the login page, and comes back where it was going.
    const page = await request(t.url)
      .get('/admin/campaigns')
      .set('Accept', 'text/html')
      .expect(303);
    expect(page.headers.location).toBe('/admin/login?next=%2Fadmin%2Fcampaigns');
  });

  it('logs in with the right password only, and says nothing about which part was wrong', async () => {
    const wrong = await request(t.url)
      .post('/admin/login')
      .type('form')
      .send({ email: 'writer@example.com', password: 'not the password' })
      .expect(401);
    const unknown = await request(t.url)
      .post('/admin/login')
      .type('form')
      .send({ email: 'nobody@example.com', password: 'not the password' })
      .expect(401);
    expect(wrong.text).toContain('البريد الإلكتروني أو كلمة المرور غير صحيحة');
    expect(unknown.text).toContain('البريد الإلكتروني أو كلمة المرور غير صحيحة');
    const ok = await request(t.url)
      .post('/admin/login')
      .type('form')
      .send({ email: 'writer@example.com', password: EDITOR_PASSWORD })
      .expect(303);
    const cookie = String(ok.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/^nashra_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/);
    const failures = await t.db.getRepository(AuditEntry).countBy({ action: 'login failed' });
    expect(failures).toBe(2);
  });

  it('takes an address in any case as the same account, and refuses a second account for it', async () => {
    await createEditor(t, 'Case.Writer@Example.com');
    await logIn(t, 'case.writer@example.com');
    await logIn(t, 'CASE.WRITER@EXAMPLE.COM');
    await expect(createEditor(t, 'case.writer@example.com')).rejects.toThrow(/already exists/);
  });

  it('refuses a state-changing form without the session CSRF token, and changes nothing', async () => {
    const agent = await logIn(t, 'writer@example.com');
    const before = await t.db.getRepository(Campaign).count();
    const form = { list: 'daily', subject: 'مسودة', article: '1' };
    await request(t.url)
      .post('/admin/campaigns')
      .set('Cookie', agent.cookie)
      .type('form')
      .send(form)
      .expect(403);
    await request(t.url)
      .post('/admin/campaigns')
      .set('Cookie', agent.cookie)
      .type('form')
      .send({ ...form, _csrf: 'a'.repeat(32) })
      .expect(403);
    expect(await t.db.getRepository(Campaign).count()).toBe(before);
    // The same form with the token is taken (and refused only for its content: no such article).
    const taken = await request(t.url)
      .post('/admin/campaigns')
      .set('Cookie', agent.cookie)
      .type('form')
      .send({ ...form, _csrf: agent.csrf });
    expect(taken.status).toBe(422);
  });

  it('lets only admins manage accounts', async () => {
    const writer = await logIn(t, 'writer@example.com');
    await request(t.url).get('/admin/editors').set('Cookie', writer.cookie).expect(403);
    await request(t.url)
      .post('/admin/editors')
      .set('Cookie', writer.cookie)
      .type('form')
      .send({
        _csrf: writer.csrf,
        email: 'sneaky@example.com',
        role: 'admin',
        password: 'x'.repeat(12),
      })
      .expect(403);
    const chief = await logIn(t, 'chief@example.com');
    const page = await request(t.url).get('/admin/editors').set('Cookie', chief.cookie).expect(200);
    expect(page.text).toContain('writer@example.com');
    expect(page.text).not.toContain('sneaky@example.com');
  });

  it('ends every session of an editor who changes their password', async () => {
    await createEditor(t, 'mover@example.com');
    const laptop = await logIn(t, 'mover@example.com');
    const phone = await logIn(t, 'mover@example.com');
    const changed = await request(t.url)
      .post('/admin/account/password')
      .set('Cookie', laptop.cookie)
      .type('form')
      .send({
        _csrf: laptop.csrf,
        current: EDITOR_PASSWORD,
        next: 'كلمة-جديدة-تماماً-1',
        repeat: 'كلمة-جديدة-تماماً-1',
      })
      .expect(303);
    await request(t.url)
      .get('/admin')
      .set('Cookie', phone.cookie)
      .set('Accept', 'application/json')
      .expect(401);
    await request(t.url)
      .get('/admin')
      .set('Cookie', laptop.cookie)
      .set('Accept', 'application/json')
      .expect(401);
    // The browser that made the change carries on with the fresh session it was given.
    const fresh = String(changed.headers['set-cookie']?.[0]).split(';')[0];
    await request(t.url).get('/admin').set('Cookie', fresh).expect(200);
    await logIn(t, 'mover@example.com', 'كلمة-جديدة-تماماً-1');
  });

  it('writes what editors and tokens change to the audit log', async () => {
    await request(t.url)
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'audited', name: 'قائمة' })
      .expect(201);
    const entries = await t.db.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'ADMIN_TOKEN',
        action: 'POST /api/admin/lists',
        detail: '201',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'mover@example.com',
        action: 'POST /admin/account/password',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'writer@example.com',
        action: 'POST /admin/campaigns',
        detail: '403 CSRF token missing or wrong',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        actor: 'writer@example.com',
        action: 'POST /admin/campaigns',
        detail: '422',
      }),
    );
  });

  it('rate-limits logins to one address', async () => {
    const attempts = [];
    for (let i = 0; i < 11; i++) {
      attempts.push(
        (
          await request(t.url)
            .post('/admin/login')
            .type('form')
            .send({ email: 'chief@example.com', password: `guess-${i}` })
        ).status,
      );
    }
    expect(attempts.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(attempts[10]).toBe(429);
    // Past the limit the attempts are slowed down, not locked out: the wait is seconds
    // (test/login-limits.e2e-spec.ts follows it to a login).
    const slowed = await request(t.url)
      .post('/admin/login')
      .type('form')
      .send({ email: 'chief@example.com', password: EDITOR_PASSWORD })
      .expect(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(2);
  });

  it("stops an editor's API token when the account is disabled, for good", async () => {
    const editor = await createEditor(t, 'leaver@example.com');
    const { ApiTokensService } = await import('../src/auth/api-tokens.service.js');
    const { EditorsService } = await import('../src/auth/editors.service.js');
    const made = await t.app.get(ApiTokensService).create('cms', editor.id);
    const bearer = { Authorization: `Bearer ${made.token}` };
    await request(t.url).get('/api/admin/lists').set(bearer).expect(200);
    await t.app.get(EditorsService).setDisabled(editor.id, true);
    await request(t.url).get('/api/admin/lists').set(bearer).expect(401);
    // Re-enabling the account does not revive the token (issue 16 #10): it was revoked.
    await t.app.get(EditorsService).setDisabled(editor.id, false);
    await request(t.url).get('/api/admin/lists').set(bearer).expect(401);
  });
});
