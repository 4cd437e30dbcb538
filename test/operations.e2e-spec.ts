import request from 'supertest';
import { SendLatencyRecorder } from '../src/delivery/send-latency.recorder.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('operations: health, metrics, request ids, security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports liveness, and readiness with the workers', async () => {
    await request(t.url).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.url).get('/health').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      redis: { ok: true },
      smtp: { ok: true },
      workers: { ok: true },
    });
  });

  it('exposes Prometheus metrics of subscribers, queues, campaign results and send latency', async () => {
    await seedSubscribers(t, 12);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent(t, id, 30_000);
    await t.app.get(SendLatencyRecorder).flush();
    const metrics = await request(t.url).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('nashra_subscribers{status="confirmed"} 12');
    expect(metrics.text).toContain(`nashra_emails_sent_total{campaign="${id}"} 12`);
    expect(metrics.text).toContain(`nashra_emails_failed_total{campaign="${id}"} 0`);
    expect(metrics.text).toMatch(/nashra_queue_jobs\{queue="campaigns",state="waiting"\} 0/);
    expect(metrics.text).toContain('nashra_smtp_send_seconds_count 12');
    expect(metrics.text).toContain('nashra_smtp_send_seconds_bucket{le="+Inf"} 12');
    expect(metrics.text).toMatch(/nashra_signups_total \d+/);
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const fresh = await request(t.url).get('/health/live');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(t.url).get('/health/live').set('X-Request-Id', 'edge-1234abcd');
    expect(kept.headers['x-request-id']).toBe('edge-1234abcd');
    const replaced = await request(t.url)
      .get('/health/live')
      .set('X-Request-Id', 'bad id <script>');
    // Replaced by a fresh id (which may itself contain the hex letters "bad", so match its shape).
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a strict Content Security Policy with the editors pages', async () => {
    const login = await request(t.url).get('/admin/login').expect(200);
    const policy = String(login.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toContain('unsafe-inline');
    expect(login.headers['x-content-type-options']).toBe('nosniff');
    expect(login.text).toContain('<html lang="ar" dir="rtl">');
    expect(login.text).not.toMatch(/<script>|style="/);
  });
});
