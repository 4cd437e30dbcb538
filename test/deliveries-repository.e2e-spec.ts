import type { DataSource } from 'typeorm';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { emailHash } from '../src/common/email-hash.js';
import { DeliveriesRepository } from '../src/delivery/deliveries.repository.js';
import { Delivery } from '../src/delivery/entities/delivery.entity.js';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import {
  Subscriber,
  type SubscriberStatus,
} from '../src/subscribers/entities/subscriber.entity.js';
import {
  Subscription,
  type SubscriptionStatus,
} from '../src/subscribers/entities/subscription.entity.js';
import {
  Suppression,
  type SuppressionReason,
} from '../src/subscribers/entities/suppression.entity.js';
import {
  createTestDatabase,
  migratedDataSource,
  type TestDatabase,
} from './helpers/test-database.js';

/**
 * The recipient rule and the deliveries' queries on a migrated database of each kind. The rule
 * is read two ways (the fan-out's pages and a batch's claimed rows); both must agree.
 */
describe('DeliveriesRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: DeliveriesRepository;
  let list: MailingList;
  let otherList: MailingList;
  let campaign: Campaign;
  /** Subscriber ids by the case each stands for. */
  const who: Record<string, number> = {};

  const subscriber = async (
    name: string,
    status: SubscriberStatus,
    memberships: [MailingList, SubscriptionStatus][],
  ) => {
    const now = new Date();
    const row = await dataSource.getRepository(Subscriber).save({
      email: `${name}@readers.example`,
      emailKey: `${name}@readers.example`.toLowerCase(),
      status,
      createdAt: now,
      confirmedAt: status === 'confirmed' ? now : null,
    });
    for (const [member, state] of memberships) {
      await dataSource
        .getRepository(Subscription)
        .save({ subscriberId: row.id, listId: member.id, status: state, updatedAt: now });
    }
    who[name] = row.id;
  };

  /** As SuppressionService writes an entry: keyed by the address's hash, the address kept. */
  const suppress = (name: string, reason: SuppressionReason) =>
    dataSource.getRepository(Suppression).save({
      emailHash: emailHash(`${name}@readers.example`),
      email: `${name}@readers.example`,
      reason,
      createdAt: new Date(),
    });

  const names = (ids: number[]) =>
    ids.map((id) => Object.keys(who).find((name) => who[name] === id)).sort();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migratedDataSource(database);
    repository = new DeliveriesRepository(dataSource);
    const lists = dataSource.getRepository(MailingList);
    list = await lists.save({ slug: 'rule', name: 'القاعدة', createdAt: new Date() });
    otherList = await lists.save({ slug: 'other', name: 'أخرى', createdAt: new Date() });
    await subscriber('kept', 'confirmed', [[list, 'active']]);
    await subscriber('pending', 'pending', [[list, 'active']]);
    await subscriber('left-everything', 'unsubscribed', [[list, 'active']]);
    await subscriber('left-the-list', 'confirmed', [
      [list, 'unsubscribed'],
      [otherList, 'active'],
    ]);
    await subscriber('elsewhere', 'confirmed', [[otherList, 'active']]);
    await subscriber('bounced', 'confirmed', [[list, 'active']]);
    await subscriber('complained', 'confirmed', [[list, 'active']]);
    await subscriber('erased-once', 'confirmed', [[list, 'active']]);
    await subscriber('also-kept', 'confirmed', [[list, 'active']]);
    await suppress('bounced', 'hard_bounce');
    await suppress('complained', 'complaint');
    // An erased reader's entry blocks imports, not sends: they confirmed again by themselves.
    await suppress('erased-once', 'unsubscribed');
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

  beforeEach(() => dataSource.getRepository(Delivery).delete({ campaignId: campaign.id }));

  const eligible = ['also-kept', 'erased-once', 'kept'];
  const ineligible = [
    'bounced',
    'complained',
    'elsewhere',
    'left-everything',
    'left-the-list',
    'pending',
  ];
  const everyone = () => Object.values(who).sort((a, b) => a - b);

  it('counts and pages a list’s recipients: confirmed, subscribed, not suppressed', async () => {
    expect(await repository.countRecipients(list.id)).toBe(3);
    const all = await repository.recipientIdsAfter(list.id, 0, 100);
    expect(names(all)).toEqual(eligible);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(await repository.recipientIdsAfter(list.id, 0, 1)).toEqual([who.kept]);
    expect(names(await repository.recipientIdsAfter(list.id, who.kept, 100))).toEqual([
      'also-kept',
      'erased-once',
    ]);
    expect(names(await repository.recipientIdsAfter(otherList.id, 0, 100))).toEqual([
      'elsewhere',
      'left-the-list',
    ]);
  });

  it('writes one pending row per recipient of a page, and keeps rows that exist', async () => {
    const page = await repository.recipientIdsAfter(list.id, 0, 100);
    await repository.insertPending(campaign.id, page.slice(0, 1));
    await repository.insertPending(campaign.id, page);
    await repository.insertPending(campaign.id, []);
    const rows = await dataSource.getRepository(Delivery).findBy({ campaignId: campaign.id });
    expect(names(rows.map((row) => row.subscriberId))).toEqual(eligible);
    expect(rows.every((row) => row.status === 'pending')).toBe(true);
    expect(await repository.countAll(campaign.id)).toBe(3);
    expect(await repository.hasOpen(campaign.id)).toBe(true);
  });

  it('splits a claim by the same rule, as it holds when the batch runs', async () => {
    // Rows for everyone, as if each had been a recipient when the campaign was fanned out.
    await dataSource
      .getRepository(Delivery)
      .insert(everyone().map((subscriberId) => ({ campaignId: campaign.id, subscriberId })));
    await suppress('also-kept', 'manual');
    const stale = new Date(Date.now() - 60_000);
    const range = { by: 'subscriber_id' as const, first: 0, last: 1e9 };

    expect(await repository.claim(campaign.id, 'claim-1', range, stale)).toBe(9);
    expect(await repository.claim(campaign.id, 'claim-2', range, stale)).toBe(0);
    const { recipients, ineligible: left } = await repository.claimedRecipients('claim-1', list.id);
    expect(names(recipients.map((row) => row.subscriberId))).toEqual(['erased-once', 'kept']);
    expect(recipients.map((row) => row.email).sort()).toEqual([
      'erased-once@readers.example',
      'kept@readers.example',
    ]);
    const rows = await dataSource.getRepository(Delivery).findBy({ campaignId: campaign.id });
    const bySubscriber = (id: number) => rows.find((row) => row.subscriberId === id)!.id;
    expect(left.sort((a, b) => a - b)).toEqual(
      [...ineligible, 'also-kept'].map((name) => bySubscriber(who[name])).sort((a, b) => a - b),
    );
    await dataSource.getRepository(Suppression).delete({ email: 'also-kept@readers.example' });
  });

  it('lets a claim left by a dead process be taken again, and counts the rows by status', async () => {
    await repository.insertPending(
      campaign.id,
      await repository.recipientIdsAfter(list.id, 0, 1e9),
    );
    const range = { by: 'subscriber_id' as const, first: 0, last: 1e9 };
    expect(await repository.claim(campaign.id, 'dead', range, new Date(Date.now() - 60_000))).toBe(
      3,
    );
    // Claimed a moment ago counts as stale once the cut-off is later than the claim.
    expect(await repository.claim(campaign.id, 'next', range, new Date(Date.now() + 1000))).toBe(3);
    const { recipients } = await repository.claimedRecipients('next', list.id);
    await repository.markSent([recipients[0].deliveryId]);
    await repository.markFailed(recipients[1].deliveryId, '550 no such user');
    await repository.release([recipients[2].deliveryId], 'pending');
    const counts = await repository.countByStatus(campaign.id);
    expect(Object.fromEntries(counts)).toEqual({ sent: 1, failed: 1, pending: 1 });
    expect(await repository.countSentSince(campaign.id, new Date(Date.now() - 60_000))).toBe(1);
    expect(await repository.openSubscriberIdsAfter(campaign.id, 0, 10)).toEqual([
      recipients[2].subscriberId,
    ]);
    await repository.cancelPending(campaign.id);
    expect(Object.fromEntries(await repository.countByStatus(campaign.id))).toEqual({
      sent: 1,
      failed: 1,
      cancelled: 1,
    });
    expect(await repository.hasOpen(campaign.id)).toBe(false);
  });
});
