import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { LeaseKeeper } from '../src/campaigns/sending/lease-keeper.js';
import { DeliveriesRepository } from '../src/delivery/deliveries.repository.js';
import { Delivery } from '../src/delivery/entities/delivery.entity.js';
import { SentLedger } from '../src/delivery/sent-ledger.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { Subscription } from '../src/subscribers/entities/subscription.entity.js';
import {
  createTestDatabase,
  migratedDataSource,
  type TestDatabase,
} from './helpers/test-database.js';
import { sleep } from './helpers/wait-for.js';

/**
 * A batch's claim is a lease (docs/architecture.md, "Exactly once"): renewed while its worker
 * sends, taken by another worker once it lapses, and what went out under it is in the sent ledger.
 */
describe('delivery leases and the sent ledger', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: DeliveriesRepository;
  let campaign: Campaign;
  let list: MailingList;
  const range = { by: 'subscriber_id' as const, first: 0, last: 1e9 };
  const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migratedDataSource(database);
    repository = new DeliveriesRepository(dataSource);
    list = await dataSource
      .getRepository(MailingList)
      .save({ slug: 'leases', name: 'القائمة', createdAt: new Date() });
    for (let index = 0; index < 4; index++) {
      const email = `reader${index}@readers.example`;
      const row = await dataSource.getRepository(Subscriber).save({
        email,
        emailKey: email,
        status: 'confirmed',
        createdAt: new Date(),
        confirmedAt: new Date(),
      });
      await dataSource
        .getRepository(Subscription)
        .save({ subscriberId: row.id, listId: list.id, status: 'active', updatedAt: new Date() });
    }
    campaign = await dataSource.getRepository(Campaign).save({
      listId: list.id,
      subject: 'نشرة',
      articleIds: '[]',
      status: 'sending',
      createdAt: new Date(),
    });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.getRepository(Delivery).delete({ campaignId: campaign.id });
    await repository.insertPending(
      campaign.id,
      await repository.recipientIdsAfter(list.id, 0, 1e9),
    );
  });

  it('keeps renewed rows from other workers and hands lapsed ones on', async () => {
    expect(await repository.claim(campaign.id, 'alive', range, secondsAgo(30))).toBe(4);
    // Held under a lease renewed just now: nobody else takes them.
    expect(await repository.renewLease('alive')).toBe(4);
    expect(await repository.claim(campaign.id, 'other', range, secondsAgo(30))).toBe(0);
    const renewed = await repository.lastRenewalElsewhere(campaign.id, range, 'other');
    expect(renewed).toBeInstanceOf(Date);
    expect(Math.abs(renewed!.getTime() - Date.now())).toBeLessThan(5000);
    expect(await repository.lastRenewalElsewhere(campaign.id, range, 'alive')).toBeNull();

    // Once its last renewal is older than the lease, the rows are anyone's again.
    expect(await repository.claim(campaign.id, 'other', range, new Date(Date.now() + 1000))).toBe(
      4,
    );
    expect(await repository.renewLease('alive')).toBe(0);
    expect(await repository.renewLease('other')).toBe(4);
  });

  it('renews on a timer and notices when another worker has taken the rows', async () => {
    await repository.claim(campaign.id, 'slow', range, secondsAgo(30));
    const before = (await repository.lastRenewalElsewhere(campaign.id, range, 'x'))!.getTime();
    const keeper = new LeaseKeeper('slow', repository, 3, new Logger('test'));
    try {
      await sleep(1500);
      const after = (await repository.lastRenewalElsewhere(campaign.id, range, 'x'))!.getTime();
      expect(after).toBeGreaterThan(before);
      expect(keeper.lost).toBe(false);
      await repository.claim(campaign.id, 'thief', range, new Date(Date.now() + 1000));
      await sleep(1500);
      expect(keeper.lost).toBe(true);
    } finally {
      keeper.stop();
    }
  });

  it('cancels claimed rows with the pending ones', async () => {
    const rows = await dataSource
      .getRepository(Delivery)
      .find({ where: { campaignId: campaign.id }, order: { id: 'ASC' } });
    const firstTwo = { by: 'id' as const, first: rows[0].id, last: rows[1].id };
    expect(await repository.claim(campaign.id, 'held', firstTwo, secondsAgo(30))).toBe(2);
    await repository.cancelPending(campaign.id);
    expect(Object.fromEntries(await repository.countByStatus(campaign.id))).toEqual({
      cancelled: 4,
    });
    expect(await repository.renewLease('held')).toBe(0);
  });

  describe('the sent ledger, on Redis', () => {
    let redis: Redis;
    let ledger: SentLedger;
    const config = { QUEUE_PREFIX: `nashra-test-${randomBytes(4).toString('hex')}` };

    beforeAll(() => {
      redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
        lazyConnect: false,
      });
      ledger = new SentLedger(redis, config);
    });
    afterAll(async () => {
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it('remembers accepted messages until the database records them', async () => {
      await Promise.all([ledger.record(9, 101), ledger.record(9, 102), ledger.record(8, 103)]);
      expect([...(await ledger.sentAmong(9, [100, 101, 102, 103]))].sort()).toEqual([101, 102]);
      await ledger.forget(9, [101]);
      expect([...(await ledger.sentAmong(9, [101, 102]))]).toEqual([102]);
      const ttl = await redis.ttl(`${config.QUEUE_PREFIX}:sent:9`);
      expect(ttl).toBeGreaterThan(3600);
      expect(await ledger.sentAmong(9, [])).toEqual(new Set());
    });
  });
});
