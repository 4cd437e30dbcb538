import request from 'supertest';
import { AuditEntry } from '../src/auth/entities/audit-entry.entity.js';
import { createEditor, EDITOR_PASSWORD } from './helpers/editors.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep } from './helpers/wait-for.js';

const PER_ADDRESS = 10;
const PER_CLIENT = 50;

/** Issue 16 #1 and #2: the login limits hold under parallel attempts, and lock nobody out. */
describe('login limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'chief@example.com', 'admin');
    await createEditor(t, 'desk@example.com', 'editor');
  });
  afterAll(() => t.close());

  const attempt = (email: string, password: string) =>
    request(t.url).post('/admin/login').type('form').send({ email, password });
  const retryAfter = (response: request.Response) => Number(response.headers['retry-after']);

  it('checks no more than the limit of parallel attempts on one address', async () => {
    const passwords = Array.from({ length: 39 }, (_, i) => `guess-${i}`);
    passwords.splice(20, 0, EDITOR_PASSWORD);
    const responses = await Promise.all(
      passwords.map((password) => attempt('chief@example.com', password)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => ![303, 401, 429].includes(status))).toEqual([]);
    const evaluated = statuses.filter((status) => status !== 429).length;
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(PER_ADDRESS);
    // The audit log agrees: only the attempts answered 401 had their password checked and failed.
    const failed = await t.db
      .getRepository(AuditEntry)
      .countBy({ action: 'login failed', target: 'chief@example.com' });
    expect(failed).toBe(statuses.filter((status) => status === 401).length);
    for (const response of responses.filter((r) => r.status === 429)) {
      expect(retryAfter(response)).toBeGreaterThanOrEqual(1);
    }
  });

  it('lets the right password in after a short delay, not 15 minutes, past 12 wrong ones', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await attempt('desk@example.com', `guess-${i}`)).status);
    }
    expect(statuses.slice(0, PER_ADDRESS)).toEqual(Array(PER_ADDRESS).fill(401));
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    let response = await attempt('desk@example.com', EDITOR_PASSWORD);
    let waited = 0;
    while (response.status === 429) {
      expect(retryAfter(response)).toBeLessThanOrEqual(8);
      waited += retryAfter(response);
      expect(waited).toBeLessThanOrEqual(16);
      await sleep(retryAfter(response) * 1000);
      response = await attempt('desk@example.com', EDITOR_PASSWORD);
    }
    expect(response.status).toBe(303);
    expect(String(response.headers['set-cookie']?.[0])).toMatch(/^nashra_session=/);
  });

  it('keeps the hard per-client limit under parallel attempts on many addresses', async () => {
    const responses = await Promise.all(
      Array.from({ length: PER_CLIENT + 5 }, (_, i) =>
        attempt(`nobody-${i}@example.com`, 'not the password'),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(PER_CLIENT);
    // This client is now over its limit: even the right password waits out the window.
    const refused = await attempt('chief@example.com', EDITOR_PASSWORD).expect(429);
    expect(retryAfter(refused)).toBeGreaterThan(60);
    // Up to 50 password checks at about 0.1 s each, on two shared cores.
  }, 180_000);
});
