import request from 'supertest';
import { DataSource } from 'typeorm';
import { SubscriberAdminService } from '../src/admin/subscriber-admin.service.js';
import { loadConfig } from '../src/config/config.js';
import { dataSourceOptions, migrations } from '../src/database/data-source-options.js';
import { Consent } from '../src/subscribers/entities/consent.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { ListsService } from '../src/subscribers/lists.service.js';
import { auth, campaignSent, draftCampaign } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/** `ArticleDates1765000000000` → 1765000000000. */
const timestampOf = (migration: { name: string }) => Number(/\d+$/.exec(migration.name)?.[0]);

/** The subscribers whose address names this mailbox, in any case. */
const holders = (t: TestApp, mailbox: string) =>
  t.db
    .getRepository(Subscriber)
    .createQueryBuilder('s')
    .where('LOWER(s.email) = :mailbox', { mailbox })
    .getMany();

/** What the SMTP server took for this mailbox, whatever case each message was addressed in. */
const mailTo = (t: TestApp, mailbox: string) =>
  t.smtp.messages.filter((mail) => mail.to.some((to) => to.toLowerCase() === mailbox));

const signup = (t: TestApp, email: string) =>
  request(t.url).post('/api/subscriptions').send({ email });

const confirmedReader = async (t: TestApp, email: string) =>
  t.app
    .get(SubscriberAdminService)
    .add({ email, name: '' }, await t.app.get(ListsService).resolve(['daily']), true, '127.0.0.1');

describe('one mailbox is one subscriber, whatever the case it is typed in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNUP_LIMIT_PER_IP: '1000' });
  });
  afterAll(() => t.close());

  it('signs five cases of one mailbox up once, keeps the first typing, sends one confirmation', async () => {
    const typed = [
      'Bomb@case.example',
      'bomb@case.example',
      'bOmb@case.example',
      'BOMB@case.example',
      'boMB@case.example',
    ];
    for (const email of typed) await signup(t, email).expect(202);
    await t.settled();

    const [subscriber, ...others] = await holders(t, 'bomb@case.example');
    expect(others).toHaveLength(0);
    expect(subscriber).toMatchObject({ email: 'Bomb@case.example', status: 'pending' });
    // Every request is still on record, as its own consent row of the one subscriber.
    expect(await t.db.getRepository(Consent).countBy({ subscriberId: subscriber.id })).toBe(5);
    expect(mailTo(t, 'bomb@case.example')).toHaveLength(1);
  });

  it('finds a known reader who signs up again in another case, and sends nothing', async () => {
    await confirmedReader(t, 'reader@case.example');
    await signup(t, 'Reader@Case.Example').expect(202);
    await t.settled();

    const found = await holders(t, 'reader@case.example');
    expect(found.map((row) => [row.email, row.status])).toEqual([
      ['reader@case.example', 'confirmed'],
    ]);
    expect(mailTo(t, 'reader@case.example')).toHaveLength(0);
  });

  it('imports the cases of one mailbox as one subscriber, and skips it once it exists', async () => {
    const csv = ['email,name', 'Ali@import.example,علي', 'ali@import.example,مكرر'];
    const first = await request(t.url)
      .post('/api/admin/subscribers/import?list=daily&confirmed=true')
      .set(auth)
      .attach('file', Buffer.from([...csv, 'ALI@import.example,مكرر', ''].join('\n')), 'a.csv')
      .expect(201);
    expect(first.body).toEqual({ imported: 1, skipped: 2, errors: [] });
    const again = await request(t.url)
      .post('/api/admin/subscribers/import?list=daily&confirmed=true')
      .set(auth)
      .attach('file', Buffer.from('email,name\naLi@import.example,علي\n'), 'b.csv')
      .expect(201);
    expect(again.body).toEqual({ imported: 0, skipped: 1, errors: [] });
    await request(t.url)
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email: 'aLI@import.example', lists: ['daily'], status: 'confirmed' })
      .expect(409);

    const found = await holders(t, 'ali@import.example');
    expect(found.map((row) => [row.email, row.name])).toEqual([['Ali@import.example', 'علي']]);
  });

  it('finds an address in the admin search whatever the case of either', async () => {
    const response = await request(t.url)
      .get('/api/admin/subscribers?search=BOMB@CASE')
      .set(auth)
      .expect(200);
    expect(response.body.items.map((item: { email: string }) => item.email)).toEqual([
      'Bomb@case.example',
    ]);
  });
});

describe('the per-address signup limit counts every case of a mailbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNUP_LIMIT_PER_IP: '1000', SIGNUP_LIMIT_PER_EMAIL: '3' });
  });
  afterAll(() => t.close());

  it('limits the cases together, exactly as one address typed again and again', async () => {
    const answers = async (typed: string[]) => {
      const statuses = [];
      for (const email of typed) statuses.push((await signup(t, email)).status);
      return statuses;
    };
    const variants = await answers([
      'Owner@limit.example',
      'oWner@limit.example',
      'OWNER@limit.example',
      'owNer@limit.example',
    ]);
    const repeated = await answers(Array(4).fill('same@limit.example'));
    expect(variants).toEqual([202, 202, 202, 429]);
    expect(variants).toEqual(repeated);

    const owner = await signup(t, 'owner@limit.example').expect(429);
    expect(Number(owner.headers['retry-after'])).toBeLessThanOrEqual(600);
    await signup(t, 'someone-else@limit.example').expect(202);
    await t.settled();
    expect(await holders(t, 'owner@limit.example')).toHaveLength(1);
    expect(mailTo(t, 'owner@limit.example')).toHaveLength(1);
  });
});

describe('suppressions and reports reach every case of a mailbox', () => {
  const SECRET = 'webhook-secret-0123456789';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_SECRET: SECRET });
  });
  afterAll(() => t.close());

  it('sends no campaign to a reader whose mailbox was suppressed in another case', async () => {
    await confirmedReader(t, 'kept@send.example');
    await confirmedReader(t, 'blocked@send.example');
    await request(t.url)
      .post('/api/admin/suppressions')
      .set(auth)
      .send({ email: 'Blocked@send.example' })
      .expect(201);

    const id = await draftCampaign(t);
    await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    const progress = await campaignSent(t, id, 30_000);
    expect(progress.total).toBe(1);
    expect(mailTo(t, 'kept@send.example')).toHaveLength(1);
    expect(mailTo(t, 'blocked@send.example')).toHaveLength(0);
  });

  it('unsubscribes the reader a complaint names in another case', async () => {
    const reader = await confirmedReader(t, 'grumpy@send.example');
    await request(t.url)
      .post('/api/webhooks/bounces')
      .set({ Authorization: `Bearer ${SECRET}` })
      .send({ email: 'GRUMPY@send.example', type: 'complaint' })
      .expect(200);
    const after = await t.db.getRepository(Subscriber).findOneByOrFail({ id: reader.id });
    expect(after.status).toBe('unsubscribed');
  });
});

describe('the migration to one subscriber per mailbox', () => {
  let database: TestDatabase;
  let db: DataSource;
  const at = (minute: number) => `2025-03-01 10:${String(minute).padStart(2, '0')}:00.000`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = dataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }));
    const before = new DataSource({
      ...options,
      migrations: migrations.filter((migration) => timestampOf(migration) < 1765100000000),
      migrationsRun: false,
    });
    await before.initialize();
    await before.runMigrations();
    await seedDuplicates(before);
    await before.destroy();
    db = new DataSource({ ...options, migrationsRun: false });
    await db.initialize();
    await db.runMigrations();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  /** The rows a database of the previous version could hold: one mailbox, three subscribers. */
  async function seedDuplicates(source: DataSource): Promise<void> {
    const q = (sql: string) => source.query(sql);
    await q("INSERT INTO lists (id, slug, name) VALUES (2, 'weekly', 'الأسبوعية')");
    // 1: typed first, never confirmed. 2: confirmed, active on daily. 3: consent given first,
    // later left every list. 4: another mailbox, untouched.
    await q(`INSERT INTO subscribers (id, email, name, status, created_at, confirmed_at, unsubscribed_at) VALUES
      (1, 'Dup@merge.example', '', 'pending', '${at(5)}', NULL, NULL),
      (2, 'dup@merge.example', 'هدى', 'confirmed', '${at(6)}', '${at(7)}', NULL),
      (3, 'DUP@merge.example', '', 'unsubscribed', '${at(1)}', '${at(2)}', '${at(3)}'),
      (4, 'solo@merge.example', '', 'confirmed', '${at(1)}', '${at(2)}', NULL)`);
    await q(`INSERT INTO consents (id, subscriber_id, list_ids, requested_at, confirmed_at) VALUES
      (1, 1, '[1]', '${at(0)}', NULL),
      (2, 2, '[1]', '${at(6)}', '${at(7)}'),
      (3, 3, '[1,2]', '${at(1)}', '${at(2)}'),
      (4, 4, '[1]', '${at(1)}', '${at(2)}')`);
    await q(`INSERT INTO subscriptions (subscriber_id, list_id, status, updated_at) VALUES
      (2, 1, 'active', '${at(7)}'),
      (3, 1, 'unsubscribed', '${at(3)}'),
      (3, 2, 'unsubscribed', '${at(3)}'),
      (4, 1, 'active', '${at(2)}')`);
    await q(`INSERT INTO transactional_emails (subscriber_id, consent_id, kind, status, created_at) VALUES
      (1, 1, 'confirm', 'sent', '${at(0)}')`);
    await q(`INSERT INTO campaigns (id, list_id, subject, article_ids, status) VALUES
      (1, 1, 'أ', '[]', 'sent'), (2, 1, 'ب', '[]', 'sent')`);
    await q(`INSERT INTO deliveries (campaign_id, subscriber_id, status) VALUES
      (1, 2, 'sent'), (1, 3, 'sent'), (2, 2, 'sent'), (1, 4, 'sent')`);
    await q(`INSERT INTO bounces (email_hash, type, subscriber_id, created_at) VALUES
      ('h', 'soft', 1, '${at(8)}')`);
    await q(`INSERT INTO suppressions (email_hash, email, reason, created_at) VALUES
      ('x', 'Gone@merge.example', 'manual', '${at(9)}')`);
    if (source.options.type === 'postgres') {
      await q("SELECT setval(pg_get_serial_sequence('subscribers', 'id'), 100)");
    }
  }

  const rows = <T>(sql: string) => db.query(sql) as Promise<T[]>;

  it('keeps the subscriber whose consent was given first, as it was typed', async () => {
    const subscribers = await rows<{ id: number; email: string; email_key: string }>(
      'SELECT id, email, email_key FROM subscribers ORDER BY id',
    );
    expect(subscribers.map((row) => [Number(row.id), row.email, row.email_key])).toEqual([
      [3, 'DUP@merge.example', 'dup@merge.example'],
      [4, 'solo@merge.example', 'solo@merge.example'],
    ]);
    const [kept, solo] = await db.getRepository(Subscriber).find({ order: { id: 'ASC' } });
    // Active on daily by the reader's latest word: confirmed, since the first confirmation (10:02,
    // as solo's), and named as the one that had a name.
    expect(kept).toMatchObject({ status: 'confirmed', name: 'هدى', unsubscribedAt: null });
    expect(kept.confirmedAt).toEqual(solo.confirmedAt);
    expect(kept.createdAt).toEqual(solo.createdAt);
  });

  it('moves every row of the merged subscribers onto the kept one', async () => {
    const owners = async (table: string) =>
      (await rows<{ subscriber_id: number }>(`SELECT subscriber_id FROM ${table} ORDER BY id`)).map(
        (row) => Number(row.subscriber_id),
      );
    expect(await owners('consents')).toEqual([3, 3, 3, 4]);
    expect(await owners('transactional_emails')).toEqual([3]);
    expect(await owners('bounces')).toEqual([3]);
    const deliveries = await rows<{ campaign_id: number; subscriber_id: number }>(
      'SELECT campaign_id, subscriber_id FROM deliveries ORDER BY campaign_id, subscriber_id',
    );
    expect(deliveries.map((row) => [Number(row.campaign_id), Number(row.subscriber_id)])).toEqual([
      [1, 3],
      [1, 4],
      [2, 3],
    ]);
    const subscriptions = await rows<{ subscriber_id: number; list_id: number; status: string }>(
      'SELECT subscriber_id, list_id, status FROM subscriptions ORDER BY subscriber_id, list_id',
    );
    expect(
      subscriptions.map((row) => [Number(row.subscriber_id), Number(row.list_id), row.status]),
    ).toEqual([
      [3, 1, 'active'],
      [3, 2, 'unsubscribed'],
      [4, 1, 'active'],
    ]);
  });

  it('keeps suppressed addresses as their mailbox, and one subscriber per mailbox from now on', async () => {
    expect(await rows('SELECT email FROM suppressions')).toEqual([{ email: 'gone@merge.example' }]);
    await expect(
      db.query(
        `INSERT INTO subscribers (email, email_key, status) VALUES ('dUp@merge.example', 'dup@merge.example', 'pending')`,
      ),
    ).rejects.toThrow(/email_key/);
  });

  it('goes back down to unique addresses as typed', async () => {
    // Migrations added after this one go back first.
    const undo = migrations.filter((migration) => timestampOf(migration) >= 1765100000000).length;
    for (let step = 0; step < undo; step++) await db.undoLastMigration();
    const columns = (await db.createQueryRunner().getTable('subscribers'))!.columns.map(
      (column) => column.name,
    );
    expect(columns).not.toContain('email_key');
    await db.query(
      "INSERT INTO subscribers (email, status) VALUES ('Other@merge.example', 'pending')",
    );
    await expect(
      db.query("INSERT INTO subscribers (email, status) VALUES ('Other@merge.example', 'pending')"),
    ).rejects.toThrow(/email/);
  });
});
