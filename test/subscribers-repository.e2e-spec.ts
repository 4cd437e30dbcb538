import { DataSource } from 'typeorm';
import { emailHash } from '../src/common/email-hash.js';
import { loadConfig } from '../src/config/config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { serializeTransactions } from '../src/database/sqlite-transactions.js';
import { Consent } from '../src/subscribers/entities/consent.entity.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { Subscription } from '../src/subscribers/entities/subscription.entity.js';
import { Suppression } from '../src/subscribers/entities/suppression.entity.js';
import { ListsRepository } from '../src/subscribers/lists.repository.js';
import { SubscribersRepository } from '../src/subscribers/subscribers.repository.js';
import { SuppressionsRepository } from '../src/subscribers/suppressions.repository.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/** The subscriber queries on a migrated database of their own, SQLite or PostgreSQL. */
describe('the subscribers repositories', () => {
  let database: TestDatabase;
  let db: DataSource;
  let subscribers: SubscribersRepository;
  let lists: ListsRepository;
  let suppressions: SuppressionsRepository;
  let daily: MailingList;
  let weekly: MailingList;

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = dataSourceOptions(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }));
    db = new DataSource(options);
    if (options.type === 'better-sqlite3') serializeTransactions(db);
    await db.initialize();
    subscribers = new SubscribersRepository(db);
    lists = new ListsRepository(db.getRepository(MailingList));
    suppressions = new SuppressionsRepository(db.getRepository(Suppression));
    daily = (await lists.bySlug('daily'))!;
    weekly = await lists.create({ slug: 'weekly', name: 'نشرة الأحد', isPublic: false });
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const signup = (email: string, listIds: number[], name = '') =>
    subscribers.recordSignup({
      email,
      name,
      listIds,
      ip: '203.0.113.7',
      userAgent: 'test',
      source: 'form',
      at: new Date(),
    });
  const byEmail = (email: string) => db.getRepository(Subscriber).findOneByOrFail({ email });

  describe('lists', () => {
    it('reads them oldest first, the public ones, and by slugs', async () => {
      expect((await lists.all()).map((list) => list.slug)).toEqual(['daily', 'weekly']);
      expect((await lists.publicOnes()).map((list) => list.slug)).toEqual(['daily']);
      expect((await lists.bySlugs(['weekly', 'daily', 'nope'])).map((l) => l.slug)).toEqual([
        'daily',
        'weekly',
      ]);
      expect(await lists.slugTaken('weekly')).toBe(true);
      expect(await lists.byId(999_999)).toBeNull();
    });

    it('deletes a list with its subscriptions', async () => {
      const doomed = await lists.create({ slug: 'doomed', name: 'مؤقتة' });
      const { added } = await subscribers.insertNew(
        [{ email: 'doomed@example.com', name: '' }],
        [doomed],
        { confirmed: true, source: 'test', ip: '' },
      );
      await lists.delete(doomed.id);
      expect(await lists.byId(doomed.id)).toBeNull();
      expect(await subscribers.activeListIds(added[0].id)).toEqual([]);
    });
  });

  describe('signup and confirmation', () => {
    it('records a pending subscriber and one consent per request, leaving the row as it was', async () => {
      const first = await signup('new@example.com', [daily.id], 'أول');
      const second = await signup('new@example.com', [weekly.id], 'ثانٍ');
      expect(second).not.toBe(first);
      const subscriber = await byEmail('new@example.com');
      expect(subscriber).toMatchObject({ status: 'pending', name: 'أول' });
      const consents = await db.getRepository(Consent).findBy({ subscriberId: subscriber.id });
      expect(consents.map((consent) => consent.id).sort()).toEqual([first, second].sort());
    });

    it('confirms once, joining the lists the consent named', async () => {
      const consentId = await signup('confirm@example.com', [daily.id, weekly.id]);
      const { id } = await byEmail('confirm@example.com');
      expect(await subscribers.confirm(id, consentId)).toBe('confirmed');
      expect(await subscribers.confirm(id, consentId)).toBe('already-confirmed');
      expect(await subscribers.confirm(id, consentId + 1000)).toBe('gone');
      expect((await subscribers.activeListIds(id)).sort()).toEqual([daily.id, weekly.id].sort());
      expect((await subscribers.activeLists(id)).map((list) => list.slug)).toEqual([
        'daily',
        'weekly',
      ]);
      expect((await byEmail('confirm@example.com')).status).toBe('confirmed');
      expect((await subscribers.byEmail('confirm@example.com'))?.id).toBe(id);
    });

    it('unsubscribes once the last list is left, and sets the lists exactly', async () => {
      const consentId = await signup('leave@example.com', [daily.id, weekly.id]);
      const { id } = await byEmail('leave@example.com');
      await subscribers.confirm(id, consentId);
      expect((await subscribers.leave(id, weekly.id))?.status).toBe('confirmed');
      expect(await subscribers.activeListIds(id)).toEqual([daily.id]);
      await subscribers.setActiveLists(id, [weekly.id]);
      expect(await subscribers.activeListIds(id)).toEqual([weekly.id]);
      expect((await subscribers.leave(id, 0))?.status).toBe('unsubscribed');
      const left = await byEmail('leave@example.com');
      expect(left.unsubscribedAt).not.toBeNull();
      expect(await subscribers.leave(999_999, 0)).toBeNull();
    });
  });

  describe('editors’ additions', () => {
    it('adds only the new people, with consent and, when confirmed, their lists', async () => {
      await signup('present@example.com', [daily.id]);
      const people = [
        { email: 'present@example.com', name: '' },
        { email: 'added-1@example.com', name: 'واحد' },
        { email: 'added-2@example.com', name: 'اثنان' },
      ];
      const origin = { confirmed: true, source: 'import', ip: '198.51.100.1' };
      const result = await subscribers.insertNew(people, [daily], origin);
      expect(result.added.map((row) => row.email)).toEqual([
        'added-1@example.com',
        'added-2@example.com',
      ]);
      expect(result.consentIds).toHaveLength(2);
      expect(await subscribers.activeListIds(result.added[0].id)).toEqual([daily.id]);
      expect((await subscribers.insertNew(people, [daily], origin)).added).toEqual([]);
    });

    it('leaves a pending addition without subscriptions', async () => {
      const result = await subscribers.insertNew(
        [{ email: 'pending-add@example.com', name: '' }],
        [daily],
        { confirmed: false, source: 'admin', ip: '' },
      );
      expect(result.added[0].status).toBe('pending');
      expect(await subscribers.activeListIds(result.added[0].id)).toEqual([]);
    });
  });

  describe('paging', () => {
    beforeAll(async () => {
      const people = ['page_a', 'pageXa', 'page%b', 'page-c'].map((local) => ({
        email: `${local}@paging.example`,
        name: '',
      }));
      await subscribers.insertNew(people, [weekly], {
        confirmed: true,
        source: 'test',
        ip: '',
      });
    });

    it('matches the search literally, newest first, and pages by keyset', async () => {
      const underscore = await subscribers.page({ search: 'PAGE_', limit: 10 });
      expect(underscore.map((row) => row.email)).toEqual(['page_a@paging.example']);
      const percent = await subscribers.page({ search: 'page%', limit: 10 });
      expect(percent.map((row) => row.email)).toEqual(['page%b@paging.example']);
      const all = await subscribers.page({ search: '@paging.example', limit: 10 });
      expect(all.map((row) => row.email)).toEqual([
        'page-c@paging.example',
        'page%b@paging.example',
        'pageXa@paging.example',
        'page_a@paging.example',
      ]);
      const older = await subscribers.page({
        search: '@paging.example',
        before: all[1].id,
        limit: 1,
      });
      expect(older.map((row) => row.email)).toEqual(['pageXa@paging.example']);
    });

    it('filters by status and by active list', async () => {
      const onWeekly = await subscribers.page({ listId: weekly.id, limit: 100 });
      expect(onWeekly.map((row) => row.email)).toContain('page-c@paging.example');
      expect(onWeekly.map((row) => row.email)).not.toContain('added-1@example.com');
      const pending = await subscribers.page({ status: 'pending', limit: 100 });
      expect(pending.every((row) => row.status === 'pending')).toBe(true);
      expect(pending.map((row) => row.email)).toContain('pending-add@example.com');
    });

    it('walks the table oldest first for the export', async () => {
      const first = await subscribers.pageAfter(0, undefined, 2);
      const next = await subscribers.pageAfter(first[1].id, undefined, 1000);
      const total = await db.getRepository(Subscriber).count();
      expect(first).toHaveLength(2);
      expect(first[0].id).toBeLessThan(first[1].id);
      expect(first.length + next.length).toBe(total);
      const confirmed = await subscribers.pageAfter(0, 'confirmed', 1000);
      expect(confirmed.every((row) => row.status === 'confirmed')).toBe(true);
    });
  });

  describe('erasure', () => {
    it('removes the subscriber and their consents, keeping the suppression it is given', async () => {
      const { added } = await subscribers.insertNew(
        [{ email: 'erase@example.com', name: '' }],
        [daily],
        { confirmed: true, source: 'test', ip: '' },
      );
      const id = added[0].id;
      const keep = {
        emailHash: emailHash('erase@example.com'),
        email: null,
        reason: 'unsubscribed' as const,
        detail: 'erased',
        createdAt: new Date(),
      };
      await suppressions.add({ ...keep, detail: 'earlier' });
      await subscribers.erase(id, keep);
      expect(await subscribers.byId(id)).toBeNull();
      expect(await db.getRepository(Consent).countBy({ subscriberId: id })).toBe(0);
      expect(await db.getRepository(Subscription).countBy({ subscriberId: id })).toBe(0);
      // The entry that was there stays as it was.
      expect((await suppressions.byHash(keep.emailHash))?.detail).toBe('earlier');
    });
  });

  describe('counts', () => {
    it('counts subscribers by status, every status present', async () => {
      const counts = await subscribers.countByStatus();
      const rows = await db.getRepository(Subscriber).find();
      for (const status of ['pending', 'confirmed', 'unsubscribed'] as const) {
        expect(counts[status]).toBe(rows.filter((row) => row.status === status).length);
      }
      expect(await subscribers.countConsents()).toBe(await db.getRepository(Consent).count());
    });

    it('counts confirmations per UTC day', async () => {
      const at = (iso: string) => new Date(iso);
      await db.getRepository(Subscriber).insert([
        {
          email: 'd1@days.example',
          emailKey: 'd1@days.example',
          status: 'confirmed',
          createdAt: at('2001-01-31T10:00:00Z'),
          confirmedAt: at('2001-01-31T23:30:00Z'),
        },
        {
          email: 'd2@days.example',
          emailKey: 'd2@days.example',
          status: 'confirmed',
          createdAt: at('2001-01-31T10:00:00Z'),
          confirmedAt: at('2001-02-01T00:10:00Z'),
        },
        {
          email: 'd3@days.example',
          emailKey: 'd3@days.example',
          status: 'confirmed',
          createdAt: at('2001-01-31T10:00:00Z'),
          confirmedAt: at('2001-02-01T22:00:00Z'),
        },
        {
          email: 'd4@days.example',
          emailKey: 'd4@days.example',
          status: 'confirmed',
          createdAt: at('2001-01-01T10:00:00Z'),
          confirmedAt: at('2001-01-20T12:00:00Z'),
        },
      ]);
      const days = await subscribers.confirmedPerDay(at('2001-01-31T00:00:00Z'));
      const old = days.filter((row) => row.day.startsWith('2001-'));
      expect(old.sort((a, b) => a.day.localeCompare(b.day))).toEqual([
        { day: '2001-01-31', count: 1 },
        { day: '2001-02-01', count: 2 },
      ]);
    });
  });

  describe('suppressions', () => {
    it('adds once, escalates only an "unsubscribed" entry, and pages newest first', async () => {
      const hash = emailHash('bounced@example.com');
      const entry = { emailHash: hash, email: null, detail: '', createdAt: new Date() };
      await suppressions.add({ ...entry, reason: 'unsubscribed' });
      await suppressions.add({ ...entry, reason: 'manual' });
      expect((await suppressions.byHash(hash))?.reason).toBe('unsubscribed');
      await suppressions.escalateUnsubscribed(hash, {
        reason: 'hard_bounce',
        detail: '550',
        email: 'bounced@example.com',
      });
      await suppressions.escalateUnsubscribed(hash, { reason: 'complaint', detail: 'later' });
      expect(await suppressions.byHash(hash)).toMatchObject({
        reason: 'hard_bounce',
        detail: '550',
        email: 'bounced@example.com',
      });
      expect(await suppressions.hashesAmong([hash, emailHash('clean@example.com')])).toEqual([
        hash,
      ]);
      const bounces = await suppressions.page({ reason: 'hard_bounce', limit: 10 });
      expect(bounces.map((row) => row.emailHash)).toEqual([hash]);
      const newest = await suppressions.page({ limit: 1 });
      expect(await suppressions.page({ before: newest[0].id, limit: 100 })).not.toContainEqual(
        newest[0],
      );
      await suppressions.deleteUnsubscribed(hash);
      expect(await suppressions.byHash(hash)).not.toBeNull();
      await suppressions.delete(newest[0].id);
      expect(await suppressions.byId(newest[0].id)).toBeNull();
    });
  });
});
