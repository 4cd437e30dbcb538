import request from 'supertest';
import { Consent } from '../src/subscribers/entities/consent.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { launchChromium } from './helpers/browser.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Behind one proxy (TRUST_PROXY=1) the visitor's address is the one the proxy appended, the
 * right-most X-Forwarded-For entry: what the client wrote to the left of it counts for nothing.
 * The test client stands in for the proxy, on loopback.
 */
describe('TRUST_PROXY=1 (issue 16, row 4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1', SIGNUP_LIMIT_PER_IP: '20' });
  });
  afterAll(() => t.close());

  const signup = (email: string, forwardedFor: string) =>
    request(t.url).post('/api/subscriptions').set('X-Forwarded-For', forwardedFor).send({ email });

  it('limits signups per real client, whatever X-Forwarded-For it sends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await signup(`reader${i}@example.com`, `198.51.100.${i}, 203.0.113.7`);
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(202));
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    // Another visitor behind the same proxy is not held back by the first one's count.
    await signup('neighbour@example.com', '203.0.113.8').expect(202);
  });

  it("records the address the proxy saw in the consent, not the client's claim", async () => {
    await signup('consent@example.com', '192.0.2.66, 203.0.113.9').expect(202);
    const subscriber = await t.db
      .getRepository(Subscriber)
      .findOneByOrFail({ email: 'consent@example.com' });
    const consent = await t.db
      .getRepository(Consent)
      .findOneByOrFail({ subscriberId: subscriber.id });
    expect(consent.ip).toBe('203.0.113.9');
  });
});

describe('/api/docs (issue 16, row 11)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers with a CSP that lets only its own scripts run', async () => {
    const page = await request(t.url).get('/api/docs').redirects(1).expect(200);
    const policy = String(page.headers['content-security-policy'] ?? '');
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval|https?:|\*/);
    // Swagger UI's page loads its scripts from here, none inline, so the policy leaves it working.
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/<script>/);
    const init = await request(t.url).get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.headers['content-security-policy']).toBe(policy);
  });

  it('renders in a browser under that policy, with nothing blocked', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(`${t.url}/api/docs`);
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Nashra' }).waitFor();
      await page.locator('.opblock').first().waitFor();
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
