import request from 'supertest';
import { Delivery } from '../src/delivery/entities/delivery.entity.js';
import { Subscription } from '../src/subscribers/entities/subscription.entity.js';
import { MembershipService } from '../src/subscribers/membership.service.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import {
  auth,
  campaignSent,
  campaignStatus,
  draftCampaign,
  seedSubscribers,
} from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

describe('a campaign to 2,000 subscribers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEND_BATCH_SIZE: '150' }, { headersOnly: true });
  });
  afterAll(() => t.close());

  it('reaches every eligible subscriber exactly once, and nobody else', async () => {
    const readers = await seedSubscribers(t, 2000);
    await seedSubscribers(t, 20, { domain: 'pending.example', confirmed: false });
    const membership = t.app.get(MembershipService);
    for (const reader of readers.slice(0, 50)) await membership.unsubscribe(reader.id, 0);
    for (const reader of readers.slice(50, 80))
      await t.app.get(SuppressionService).add(reader.email, 'hard_bounce', true);
    const eligible = new Set(readers.slice(80).map((reader) => reader.email));

    const id = await draftCampaign(t);
    const started = await request(t.url)
      .post(`/api/admin/campaigns/${id}/send`)
      .set(auth)
      .send({})
      .expect(202);
    expect(started.body.status).toBe('sending');
    const done = await campaignSent(t, id, 120_000);
    expect(done).toMatchObject({ total: 1920, sent: 1920, failed: 0, pending: 0 });

    const messageIds = t.smtp.messages.map((mail) => mail.header('Message-ID'));
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(messageIds).toHaveLength(1920);
    const recipients = t.smtp.messages.flatMap((mail) => mail.to);
    expect(new Set(recipients)).toEqual(eligible);

    const mail = t.smtp.to(readers[100].email)[0];
    expect(mail.header('Message-ID')).toBe(`<campaign.${id}.${readers[100].id}@127.0.0.1>`);
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.header('List-Id')).toMatch(/<daily\.127\.0\.0\.1>$/);
    // Signed, and the same reference tags the envelope sender (VERP) its bounces come back to.
    const ref = `c${id}.s${readers[100].id}`;
    expect(mail.header('X-Nashra-Ref')).toMatch(new RegExp(`^${ref}\\.[0-9a-f]{12}$`));
    expect(mail.mailFrom).toBe(`newsletter+b.${mail.header('X-Nashra-Ref')}@localhost`);
    expect(mail.header('Feedback-ID')).toBe(`${id}:daily:nashra`);
    const unsubscribeUrl = /<(http:[^>]+)>/.exec(mail.header('List-Unsubscribe'))![1];
    await request(unsubscribeUrl)
      .post('')
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const subscription = await t.db
      .getRepository(Subscription)
      .findOneByOrFail({ subscriberId: readers[100].id });
    expect(subscription.status).toBe('unsubscribed');

    // Sending it again is refused: a campaign goes once.
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(409);
  });
});

describe('SMTP refusals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEND_BATCH_SIZE: '10', DELIVERY_RETRY_BASE_MS: '200' });
  });
  afterAll(() => t.close());

  it('retries 451 until accepted, and fails and suppresses 550 without retrying', async () => {
    const readers = await seedSubscribers(t, 30);
    const greylisted = new Set(readers.slice(0, 5).map((reader) => reader.email));
    const unknown = new Set(readers.slice(5, 8).map((reader) => reader.email));
    const seen = new Map<string, number>();
    t.smtp.onRecipient = (address) => {
      seen.set(address, (seen.get(address) ?? 0) + 1);
      if (greylisted.has(address) && seen.get(address)! <= 2)
        return { code: 451, message: '4.7.1 Greylisted, try again' };
      if (unknown.has(address)) return { code: 550, message: '5.1.1 No such user' };
      return null;
    };
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    const done = await campaignSent(t, id, 60_000);
    expect(done).toMatchObject({ total: 30, sent: 27, failed: 3, pending: 0 });
    for (const address of greylisted) {
      expect(seen.get(address)).toBe(3);
      expect(t.smtp.to(address)).toHaveLength(1);
    }
    for (const address of unknown) {
      expect(seen.get(address)).toBe(1);
      expect(t.smtp.to(address)).toHaveLength(0);
      expect(await t.app.get(SuppressionService).blocksEverything(address)).toBe(true);
    }
    const failed = await t.db.getRepository(Delivery).findBy({ status: 'failed' });
    expect(failed.map((row) => row.error)).toEqual(
      Array(3).fill(expect.stringMatching(/^550 .*No such user/)),
    );
    expect(t.smtp.messages).toHaveLength(27);
  });
});

describe('pause, resume and cancel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      { SEND_BATCH_SIZE: '20', SEND_RATE_PER_WORKER: '60' },
      { headersOnly: true },
    );
  });
  afterAll(() => t.close());

  it('stops within seconds when paused, then finishes once resumed, each subscriber once', async () => {
    await seedSubscribers(t, 300);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await waitFor('some messages', () => t.smtp.messages.length >= 30);
    const paused = await request(t.url)
      .post(`/api/admin/campaigns/${id}/pause`)
      .set(auth)
      .expect(201);
    expect(paused.body.status).toBe('paused');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const whilePaused = t.smtp.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.smtp.messages.length).toBe(whilePaused);
    expect(whilePaused).toBeLessThan(300);
    expect((await campaignStatus(t, id)).status).toBe('paused');

    await request(t.url).post(`/api/admin/campaigns/${id}/resume`).set(auth).expect(201);
    const done = await campaignSent(t, id, 60_000);
    expect(done).toMatchObject({ total: 300, sent: 300, pending: 0 });
    const ids = t.smtp.messages.map((mail) => mail.header('Message-ID'));
    expect(new Set(ids).size).toBe(300);
    expect(ids).toHaveLength(300);
  });

  it('cancels: nothing more goes out, and what was sent stays counted', async () => {
    const before = t.smtp.messages.length;
    const id = await draftCampaign(t, 'daily', 'ستُلغى');
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await waitFor('some messages', () => t.smtp.messages.length >= before + 20);
    await request(t.url).post(`/api/admin/campaigns/${id}/cancel`).set(auth).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const afterCancel = t.smtp.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.smtp.messages.length).toBe(afterCancel);
    const status = await campaignStatus(t, id);
    expect(status.status).toBe('cancelled');
    expect(status.sent).toBe(afterCancel - before);
    expect(status.pending).toBe(0);
    expect(status.sent + status.cancelled + status.skipped).toBe(status.total);
    await request(t.url).post(`/api/admin/campaigns/${id}/resume`).set(auth).expect(409);
  });
});

describe('an SMTP server that goes away mid-send', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      { SEND_BATCH_SIZE: '25', SEND_RATE_PER_WORKER: '80' },
      { headersOnly: true },
    );
  });
  afterAll(() => t.close());

  it('pauses sending while it is down and delivers everything once when it returns', async () => {
    await seedSubscribers(t, 200);
    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await waitFor('some messages', () => t.smtp.messages.length >= 40);
    await t.smtp.goDownFor(10_000);
    const done = await campaignSent(t, id, 90_000);
    expect(done).toMatchObject({ total: 200, sent: 200, failed: 0, pending: 0 });
    const ids = t.smtp.messages.map((mail) => mail.header('Message-ID'));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
  }, 120_000);
});
