import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { SubscriberAdminService } from '../src/admin/subscriber-admin.service.js';
import { Bounce } from '../src/bounces/entities/bounce.entity.js';
import { Suppression } from '../src/subscribers/entities/suppression.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { ListsService } from '../src/subscribers/lists.service.js';
import { SuppressionService } from '../src/subscribers/suppression.service.js';
import { auth, campaignSent, draftCampaign } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const SECRET = 'webhook-secret-0123456789';
const hook = { Authorization: `Bearer ${SECRET}` };
const CORPUS = join(import.meta.dirname, 'fixtures/bounces/eml');

const corpusFile = (name: string) => readFileSync(join(CORPUS, name), 'latin1');

/** The report as if it came back to our message: its own To is that message's VERP address. */
function aimedAt(report: string, verp: string): string {
  const end = report.search(/\r?\n\r?\n/);
  const head = report.slice(0, end).replace(/^To:.*(\r?\n[ \t].*)*/im, `To: <${verp}>`);
  return head + report.slice(end);
}

describe('real bounces from other MTAs, through the DSN webhook', () => {
  let t: TestApp;
  const post = (report: string) =>
    request(t.url).post('/api/webhooks/dsn').set(hook).type('message/rfc822').send(report);

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_SECRET: SECRET });
  });
  afterAll(() => t.close());

  it('answers every message of the corpus without a 5xx, and acts on nobody it cannot match', async () => {
    const statuses = new Map<number, number>();
    for (const name of readdirSync(CORPUS)) {
      const response = await post(corpusFile(name));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect([name, [200, 422].includes(response.status)]).toEqual([name, true]);
    }
    // Nearly all are read; a message that holds no report at all is a 422.
    expect(statuses.get(200)).toBeGreaterThanOrEqual(300);
    expect(await t.db.getRepository(Suppression).count()).toBe(0);
    expect(await t.db.getRepository(Bounce).countBy({ outcome: 'unmatched' })).toBeGreaterThan(300);
  });

  it('aimed at our own messages: suppresses the dead address, records soft and blocked ones, ignores a vacation reply', async () => {
    const cases = [
      {
        file: 'lhost-amavis-01.eml',
        email: 'neko@example.co.jp',
        type: 'hard',
        action: 'suppressed',
      },
      {
        file: 'lhost-dragonfly-12.eml',
        email: 'mailboxfull@libsisimai.net',
        type: 'soft',
        action: 'recorded',
      },
      {
        file: 'lhost-postfix-39.eml',
        email: 'kijitora@example.com',
        type: 'blocked',
        action: 'recorded',
      },
      {
        file: 'lhost-sendmail-09.eml',
        email: 'kijitora@example.co.jp',
        type: 'blocked',
        action: 'recorded',
      },
      {
        file: 'lhost-opensmtpd-11.eml',
        email: 'authfailure@libsisimai.net',
        type: 'blocked',
        action: 'recorded',
      },
    ];
    const vacation = { file: 'rfc3834-01.eml', email: 'kijitora@example.net' };
    const lists = await t.app.get(ListsService).resolve(['daily']);
    await t.app.get(SubscriberAdminService).insertBatch(
      [...cases, vacation].map(({ email }) => ({ email, name: '' })),
      lists,
      true,
      'test',
      '127.0.0.1',
    );
    const id = await draftCampaign(t, 'daily', 'نشرة الارتدادات');
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent(t, id, 30_000);
    const verp = (email: string) => t.smtp.to(email).at(-1)!.mailFrom;

    for (const { file, email, type, action } of cases) {
      const response = await post(aimedAt(corpusFile(file), verp(email))).expect(200);
      expect([file, response.body.processed]).toEqual([
        file,
        [expect.objectContaining({ email, type, action, campaignId: Number(id) })],
      ]);
    }
    const reply = await post(aimedAt(corpusFile(vacation.file), verp(vacation.email))).expect(200);
    expect(reply.body).toMatchObject({ kind: 'auto-reply', processed: [] });

    const suppressions = t.app.get(SuppressionService);
    for (const { email, type } of [...cases, { ...vacation, type: 'none' }]) {
      expect([email, await suppressions.blocksEverything(email)]).toEqual([email, type === 'hard']);
    }
    const kept = await t.db
      .getRepository(Subscriber)
      .countBy({ status: 'confirmed', email: 'kijitora@example.com' });
    expect(kept).toBe(1);
    const campaign = await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200);
    expect(campaign.body).toMatchObject({
      bounced: 2,
      hardBounced: 1,
      softBounced: 1,
      blocked: 3,
      complaints: 0,
    });
    expect(campaign.body.reports).toEqual(
      expect.arrayContaining([
        { type: 'hard', reason: 'userunknown', count: 1 },
        { type: 'soft', reason: 'mailboxfull', count: 1 },
      ]),
    );
    const blocked = (campaign.body.reports as { type: string; count: number }[])
      .filter((row) => row.type === 'blocked')
      .reduce((sum, row) => sum + row.count, 0);
    expect(blocked).toBe(3);
  });
});
