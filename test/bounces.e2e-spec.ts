import request from 'supertest';
import { BouncesService } from '../src/bounces/bounces.service.js';
import { Bounce } from '../src/bounces/entities/bounce.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { Subscription } from '../src/subscribers/entities/subscription.entity.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { fixtureReport } from './fixtures/reports.js';
import {
  auth,
  campaignSent,
  campaignStatus,
  draftCampaign,
  seedSubscribers,
} from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const SECRET = 'webhook-secret-0123456789';
const hook = { Authorization: `Bearer ${SECRET}` };

async function sendCampaign(t: TestApp, subject: string): Promise<string> {
  const id = await draftCampaign(t, 'daily', subject);
  await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
  await campaignSent(t, id, 30_000);
  return id;
}

describe('bounce and complaint webhooks', () => {
  let t: TestApp;
  let readers: Subscriber[];
  const suppressed = (email: string) => t.app.get(SuppressionService).blocksEverything(email);

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_SECRET: SECRET });
    readers = await seedSubscribers(t, 12);
  });
  afterAll(() => t.close());

  it('refuses a missing or wrong secret, and changes nothing', async () => {
    const body = { email: readers[0].email, type: 'hard' };
    for (const headers of [{}, { Authorization: 'Bearer wrong-secret-0123456789' }, auth]) {
      await request(t.url).post('/api/webhooks/bounces').set(headers).send(body).expect(401);
      await request(t.url)
        .post('/api/webhooks/dsn')
        .set(headers)
        .type('message/rfc822')
        .send(fixtureReport('dsn-postfix.eml', { recipient: readers[0].email }))
        .expect(401);
    }
    expect(await t.db.getRepository(Bounce).count()).toBe(0);
    expect(await suppressed(readers[0].email)).toBe(false);
  });

  it('refuses malformed reports with a 422 naming the field, and changes nothing', async () => {
    const bad = [
      { email: 'not-an-address', type: 'hard' },
      { email: readers[0].email, type: 'bounced' },
      { email: readers[0].email },
      [],
    ];
    for (const body of bad) {
      const response = await request(t.url).post('/api/webhooks/bounces').set(hook).send(body);
      expect([body, response.status]).toEqual([body, 422]);
    }
    for (const [type, text] of [
      ['message/rfc822', 'Subject: hello\r\n\r\nnot a report'],
      ['application/json', '{"email":"a@b.example"}'],
      ['text/plain', ''],
    ]) {
      const response = await request(t.url)
        .post('/api/webhooks/dsn')
        .set(hook)
        .type(type)
        .send(text);
      expect([type, response.status]).toEqual([type, 422]);
    }
    expect(await t.db.getRepository(Bounce).count()).toBe(0);
  });

  it('hard: suppresses. soft: suppresses on the third within 7 days. complaint: unsubscribes and suppresses', async () => {
    const [hard, soft, oldSoft, complainer] = readers;
    const post = (body: object) =>
      request(t.url).post('/api/webhooks/bounces').set(hook).send(body).expect(200);

    expect((await post({ email: hard.email, type: 'hard', reason: '550 5.1.1' })).body).toEqual({
      email: hard.email,
      type: 'hard',
      action: 'suppressed',
    });
    expect(await suppressed(hard.email)).toBe(true);

    for (const expected of ['recorded', 'recorded', 'suppressed']) {
      const response = await post({ email: soft.email, type: 'soft', reason: '452 mailbox full' });
      expect(response.body.action).toBe(expected);
    }
    expect(await suppressed(soft.email)).toBe(true);

    // Two of three soft bounces fall outside the window: not suppressed.
    const bounces = t.app.get(BouncesService);
    const longAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    await bounces.record({ email: oldSoft.email, type: 'soft' }, longAgo);
    await bounces.record({ email: oldSoft.email, type: 'soft' }, longAgo);
    expect((await post({ email: oldSoft.email, type: 'soft' })).body.action).toBe('recorded');
    expect(await suppressed(oldSoft.email)).toBe(false);

    expect((await post({ email: complainer.email, type: 'complaint' })).body.action).toBe(
      'unsubscribed and suppressed',
    );
    expect(await suppressed(complainer.email)).toBe(true);
    const subscriber = await t.db.getRepository(Subscriber).findOneByOrFail({ id: complainer.id });
    expect(subscriber.status).toBe('unsubscribed');
    expect(
      await t.db
        .getRepository(Subscription)
        .countBy({ subscriberId: complainer.id, status: 'active' }),
    ).toBe(0);

    const listed = await request(t.url).get('/api/admin/suppressions').set(auth).expect(200);
    const byEmail = new Map(
      (listed.body.items as { email: string; reason: string }[]).map((row) => [
        row.email,
        row.reason,
      ]),
    );
    expect(byEmail).toEqual(
      new Map([
        [hard.email, 'hard_bounce'],
        [soft.email, 'soft_bounce'],
        [complainer.email, 'complaint'],
      ]),
    );
  });

  it('reads a DSN and an ARF report as an MTA pipes them, matched back to the campaign', async () => {
    const id = await sendCampaign(t, 'الأولى');
    const [, , , , bouncing, complaining, delayed] = readers;
    const message = (reader: Subscriber) => t.smtp.to(reader.email).at(-1)!;

    // Each as an MTA's pipe script might label it, with the secret in either header.
    const pipe = async (type: string, report: string, secret: Record<string, string> = hook) =>
      (
        await request(t.url)
          .post('/api/webhooks/dsn')
          .set(secret)
          .type(type)
          .send(report)
          .expect(200)
      ).body.processed;

    // The bounce comes back to the message's own envelope sender (VERP), as an MTA sends it.
    expect(message(bouncing).mailFrom).toMatch(/^newsletter\+b\.c\d+\.s\d+\.[0-9a-f]{12}@/);
    const bounce = fixtureReport('dsn-postfix.eml', {
      recipient: bouncing.email,
      to: message(bouncing).mailFrom,
    });
    expect(await pipe('message/rfc822', bounce, { 'X-Webhook-Secret': SECRET })).toEqual([
      {
        email: bouncing.email,
        type: 'hard',
        action: 'suppressed',
        reason: 'userunknown',
        status: '5.1.1',
        campaignId: Number(id),
      },
    ]);
    // A complaint matched by our Message-ID, naming the address that message went to.
    const complaint = fixtureReport('arf-complaint.eml', {
      recipient: complaining.email,
      messageId: message(complaining).header('Message-ID'),
    });
    expect(await pipe('multipart/report', complaint)).toEqual([
      {
        email: complaining.email,
        type: 'complaint',
        action: 'unsubscribed and suppressed',
        reason: 'feedback',
        campaignId: Number(id),
      },
    ]);
    // A delay, matched by the signed X-Nashra-Ref of the returned headers: recorded only.
    const delay = fixtureReport('dsn-postfix.eml', {
      recipient: delayed.email,
      ref: message(delayed).header('X-Nashra-Ref'),
      action: 'delayed',
      status: '4.4.1',
      diagnostic: 'Connection timed out',
    });
    expect(await pipe('text/plain', delay)).toMatchObject([
      { email: delayed.email, type: 'soft', action: 'recorded', campaignId: Number(id) },
    ]);
    expect(await suppressed(delayed.email)).toBe(false);

    const listed = await request(t.url)
      .get('/api/admin/suppressions?reason=hard_bounce')
      .set(auth)
      .expect(200);
    expect(
      (listed.body.items as { email: string }[]).find((row) => row.email === bouncing.email),
    ).toMatchObject({
      reason: 'hard_bounce',
      report: { type: 'hard', reason: 'userunknown', status: '5.1.1', campaignId: id },
    });
    const row = await t.db.getRepository(Bounce).findOneByOrFail({ subscriberId: bouncing.id });
    expect(row).toMatchObject({ campaignId: Number(id), type: 'hard', reasonCode: 'userunknown' });
    expect(row.reason).toContain('5.1.1');
    expect(await campaignStatus(t, id)).toMatchObject({ bounced: 2, complaints: 1 });
  });

  it('acts on nobody for a forged report: no reference, another reader’s, a bad signature, an address we never sent to', async () => {
    const [, , , , , , , victim, owner, other] = readers;
    const id = await sendCampaign(t, 'المزوّرة');
    const ownMessage = t.smtp.to(owner.email).at(-1)!;
    const forged = [
      // No reference at all: addressed to the plain sender address.
      fixtureReport('dsn-postfix.eml', { recipient: victim.email }),
      // Another reader's message (owner's VERP, Message-ID and signed ref) naming the victim.
      fixtureReport('dsn-postfix.eml', {
        recipient: victim.email,
        to: ownMessage.mailFrom,
        messageId: ownMessage.header('Message-ID'),
        ref: ownMessage.header('X-Nashra-Ref'),
      }),
      // The victim's id in a VERP address whose signature does not match.
      fixtureReport('dsn-postfix.eml', {
        recipient: victim.email,
        to: ownMessage.mailFrom.replace(/\.s\d+\./, `.s${victim.id}.`),
      }),
      // Our Message-ID form for a campaign that never went to the victim.
      fixtureReport('dsn-postfix.eml', {
        recipient: victim.email,
        messageId: `<campaign.${Number(id) + 50}.${victim.id}@127.0.0.1>`,
      }),
      // A complaint naming the victim, carrying the owner's message.
      fixtureReport('arf-complaint.eml', {
        recipient: victim.email,
        messageId: ownMessage.header('Message-ID'),
        returnPath: ownMessage.mailFrom,
      }),
      // An address we never sent to, on the owner's real message.
      fixtureReport('dsn-postfix.eml', {
        recipient: 'stranger@elsewhere.example',
        to: ownMessage.mailFrom,
      }),
    ];
    const before = await t.db.getRepository(Bounce).countBy({ outcome: 'unmatched' });
    for (const report of forged) {
      const response = await request(t.url)
        .post('/api/webhooks/dsn')
        .set(hook)
        .type('message/rfc822')
        .send(report)
        .expect(200);
      expect(response.body.processed).toEqual([
        expect.objectContaining({ action: 'unmatched', why: expect.any(String) }),
      ]);
    }
    for (const reader of [victim, owner, other]) expect(await suppressed(reader.email)).toBe(false);
    const victimRow = await t.db.getRepository(Subscriber).findOneByOrFail({ id: victim.id });
    expect(victimRow.status).toBe('confirmed');
    expect(await t.db.getRepository(Bounce).countBy({ outcome: 'unmatched' })).toBe(
      before + forged.length,
    );
  });

  it('leaves every suppressed address out of the next campaign', async () => {
    const before = t.smtp.messages.length;
    const id = await sendCampaign(t, 'الثانية');
    const recipients = new Set(t.smtp.messages.slice(before).flatMap((mail) => mail.to));
    const blocked = [readers[0], readers[1], readers[3], readers[4], readers[5]];
    for (const reader of blocked) expect(recipients.has(reader.email)).toBe(false);
    expect(recipients).toEqual(
      new Set(readers.filter((reader) => !blocked.includes(reader)).map((reader) => reader.email)),
    );
    expect(await campaignStatus(t, id)).toMatchObject({ sent: readers.length - blocked.length });
  });
});

describe('bounce webhooks with no WEBHOOK_SECRET', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are closed, and say how to open them', async () => {
    const response = await request(t.url)
      .post('/api/webhooks/bounces')
      .set(hook)
      .send({ email: 'a@b.example', type: 'hard' })
      .expect(401);
    expect(response.body.message).toMatch(/WEBHOOK_SECRET/);
  });
});
