import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';
import { Delivery, type DeliveryStatus } from './entities/delivery.entity.js';
import { ELIGIBLE_RECIPIENT, eligibleSubscribers } from './recipients.js';

/** A claimed row whose subscriber may still get the campaign. */
export interface Recipient {
  deliveryId: number;
  subscriberId: number;
  email: string;
  /** In a subject test, the index of the subject for this reader's group; null otherwise. */
  testGroup: number | null;
}

/** A batch's rows: by delivery id (as earlier versions queued them) or by subscriber id. */
export interface DeliveryRange {
  by: 'id' | 'subscriber_id';
  first: number;
  last: number;
}

/**
 * Every query of the campaign deliveries, one row per campaign × subscriber (docs/architecture.md,
 * "A campaign"): the fan-out's writes, the batches' claims, and the counts editors see. It knows a
 * campaign only by its id and list; the pipeline that drives it is src/campaigns/sending/.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The next `limit` recipients of the list after subscriber `after`, by subscriber id. */
  async recipientIdsAfter(listId: number, after: number, limit: number): Promise<number[]> {
    const rows = await eligibleSubscribers(this.dataSource, listId, { after })
      .select('sub.subscriber_id', 'id')
      .orderBy('sub.subscriber_id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string }>();
    return rows.map((row) => Number(row.id));
  }

  /** How many people a campaign to the list would go to if it started now. */
  async countRecipients(listId: number): Promise<number> {
    const row = await eligibleSubscribers(this.dataSource, listId, { after: 0 })
      .select('COUNT(*)', 'count')
      .getRawOne<{ count: string | number }>();
    return Number(row?.count ?? 0);
  }

  /**
   * A pending row for each of these subscribers (a fan-out page, just read by recipientIdsAfter),
   * in one statement that takes the ids as one parameter; rows that exist already are kept. The
   * page is not selected a second time: the batch checks each recipient again when it sends.
   */
  async insertPending(campaignId: number, subscriberIds: readonly number[]): Promise<void> {
    if (subscriberIds.length === 0) return;
    const ids = subscriberIds.map((id) => Math.trunc(id));
    // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
    const rows =
      this.dataSource.options.type === 'postgres'
        ? `SELECT $1::integer, id, 'pending' FROM unnest($2::integer[]) AS id`
        : `SELECT ?, value, 'pending' FROM json_each(?) WHERE true`;
    await this.dataSource.query(
      `INSERT INTO deliveries (campaign_id, subscriber_id, status) ${rows} ON CONFLICT DO NOTHING`,
      [campaignId, this.dataSource.options.type === 'postgres' ? ids : JSON.stringify(ids)],
    );
  }

  /**
   * A subject test's fan-out page: a pending row for each subscriber of a test group, with their
   * group, and a held row for each of the rest, who wait for the chosen subject.
   */
  async insertTestGroups(
    campaignId: number,
    rows: readonly { subscriberId: number; group: number | null }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((row) => Math.trunc(row.subscriberId));
    const groups = rows.map((row) => row.group);
    const status = `CASE WHEN g IS NULL THEN 'held' ELSE 'pending' END`;
    const select =
      this.dataSource.options.type === 'postgres'
        ? `SELECT $1::integer, id, ${status}, g FROM unnest($2::integer[], $3::smallint[]) AS t(id, g)`
        : `SELECT ?, id, ${status}, g FROM (SELECT json_extract(value, '$[0]') AS id,
             json_extract(value, '$[1]') AS g FROM json_each(?)) WHERE true`;
    const parameters =
      this.dataSource.options.type === 'postgres'
        ? [campaignId, ids, groups]
        : [campaignId, JSON.stringify(ids.map((id, index) => [id, groups[index]]))];
    await this.dataSource.query(
      `INSERT INTO deliveries (campaign_id, subscriber_id, status, test_group) ${select}
       ON CONFLICT DO NOTHING`,
      parameters,
    );
  }

  /** Up to `limit` of a subject test's held rows turned pending, once a subject is chosen. */
  async releaseHeld(campaignId: number, limit: number): Promise<number> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ status: 'pending' })
      .where(
        `id IN (SELECT id FROM deliveries WHERE campaign_id = :campaignId AND status = 'held'
           LIMIT :limit)`,
        { campaignId, limit },
      )
      .execute();
    return result.affected ?? 0;
  }

  /**
   * A subject test's test-group rows counted by group and status (the rest of the list is in
   * countByStatus), read from the partial index of test rows (idx_deliveries_test_group).
   */
  async countByGroup(
    campaignId: number,
  ): Promise<{ group: number; status: DeliveryStatus; count: number }[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.test_group', 'group')
      .addSelect('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.campaign_id = :id AND d.test_group IS NOT NULL', { id: campaignId })
      .groupBy('d.test_group')
      .addGroupBy('d.status')
      .getRawMany<{ group: number | string; status: DeliveryStatus; count: string }>();
    return rows.map((row) => ({
      group: Number(row.group),
      status: row.status,
      count: Number(row.count),
    }));
  }

  countAll(campaignId: number): Promise<number> {
    return this.deliveries.countBy({ campaignId });
  }

  /**
   * Whether any row is not yet sent nor given up: pending, or claimed and still being sent. Asked
   * after every batch, so it must not grow with the list: a count walked every open row, and an
   * unordered EXISTS every sent row before the first open one (a sequential scan). Ordered by
   * subscriber, it reads the first entry of the index of open rows (idx_deliveries_open), whose
   * condition this one repeats word for word so that SQLite uses it too.
   */
  async hasOpen(campaignId: number): Promise<boolean> {
    const first = await this.deliveries
      .createQueryBuilder('d')
      .select('d.subscriber_id', 'id')
      .where('d.campaign_id = :campaignId', { campaignId })
      .andWhere("d.status IN ('pending', 'sending')")
      .orderBy('d.subscriber_id', 'ASC')
      .limit(1)
      .getRawOne<{ id: number }>();
    return first !== undefined;
  }

  /**
   * The next `limit` subscriber ids after `after` whose row is still to send: pending, or claimed
   * (a batch job then finds whether its lease has lapsed, or looks again when it will have).
   */
  async openSubscriberIdsAfter(
    campaignId: number,
    after: number,
    limit: number,
  ): Promise<number[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.subscriber_id', 'id')
      .where('d.campaign_id = :campaignId AND d.subscriber_id > :after', { campaignId, after })
      .andWhere("d.status IN ('pending', 'sending')")
      .orderBy('d.subscriber_id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string }>();
    return rows.map((row) => Number(row.id));
  }

  /**
   * pending → sending for the campaign's rows in the range, in one conditional update, marked
   * with `claim`; `claimed_at` starts the lease. A row whose lease was last renewed before
   * `lapsedBefore` (its worker died) counts as pending. Returns how many rows this claim took.
   */
  async claim(
    campaignId: number,
    claim: string,
    range: DeliveryRange,
    lapsedBefore: Date,
  ): Promise<number> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claim, claimedAt: new Date(), attempts: () => 'attempts + 1' })
      .where(`campaign_id = :campaignId AND ${range.by} BETWEEN :first AND :last`, {
        campaignId,
        first: range.first,
        last: range.last,
      })
      .andWhere("(status = 'pending' OR (status = 'sending' AND claimed_at < :lapsed))", {
        lapsed: lapsedBefore,
      })
      .execute();
    return result.affected ?? 0;
  }

  /** The living worker's renewal of its lease; 0 rows means another worker has taken them. */
  async renewLease(claim: string): Promise<number> {
    const result = await this.deliveries.update(
      { claim, status: 'sending' },
      { claimedAt: new Date() },
    );
    return result.affected ?? 0;
  }

  /** When the range's rows held under another claim were last renewed; null when there are none. */
  async lastRenewalElsewhere(
    campaignId: number,
    range: DeliveryRange,
    claim: string,
  ): Promise<Date | null> {
    const latest = await this.deliveries
      .createQueryBuilder('d')
      .select(['d.id', 'd.claimedAt'])
      .where(`d.campaign_id = :campaignId AND d.${range.by} BETWEEN :first AND :last`, {
        campaignId,
        first: range.first,
        last: range.last,
      })
      .andWhere("d.status = 'sending' AND d.claim <> :claim", { claim })
      .orderBy('d.claimed_at', 'DESC')
      .getOne();
    return latest?.claimedAt ?? null;
  }

  /**
   * A claim's rows in delivery order, split by the recipient rule as it holds now: those who may
   * still get the campaign, and the delivery ids of those who left or were suppressed since.
   */
  async claimedRecipients(
    claim: string,
    listId: number,
  ): Promise<{ recipients: Recipient[]; ineligible: number[] }> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .innerJoin(Subscriber, 's', 's.id = d.subscriber_id')
      .leftJoin(
        Subscription,
        'sub',
        'sub.subscriber_id = d.subscriber_id AND sub.list_id = :listId',
        {
          listId,
        },
      )
      .select([
        'd.id AS "deliveryId"',
        'd.subscriber_id AS "subscriberId"',
        's.email AS "email"',
        'd.test_group AS "testGroup"',
      ])
      .addSelect(`CASE WHEN ${ELIGIBLE_RECIPIENT} THEN 1 ELSE 0 END`, 'eligible')
      .where('d.claim = :claim', { claim })
      .orderBy('d.id', 'ASC')
      .getRawMany<Recipient & { eligible: number | string }>();
    const recipients: Recipient[] = [];
    const ineligible: number[] = [];
    for (const row of rows) {
      if (Number(row.eligible) === 1) {
        recipients.push({
          deliveryId: Number(row.deliveryId),
          subscriberId: Number(row.subscriberId),
          email: row.email,
          testGroup: row.testGroup === null ? null : Number(row.testGroup),
        });
      } else {
        ineligible.push(Number(row.deliveryId));
      }
    }
    return { recipients, ineligible };
  }

  async markSkipped(ids: number[]): Promise<void> {
    await this.deliveries.update({ id: In(ids) }, { status: 'skipped', claim: null });
  }

  async markSent(ids: number[]): Promise<void> {
    await this.deliveries.update(
      { id: In(ids) },
      { status: 'sent', sentAt: new Date(), claim: null },
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.deliveries.update({ id }, { status: 'failed', claim: null, error });
  }

  /** Back to pending after a temporary refusal, to be retried alone. */
  async markRetry(id: number, error: string): Promise<void> {
    await this.deliveries.update({ id }, { status: 'pending', claim: null, error });
  }

  /** Claimed rows this batch will not send after all: pending again, or cancelled with the campaign. */
  async release(ids: number[], status: 'pending' | 'cancelled'): Promise<void> {
    await this.deliveries.update({ id: In(ids), status: 'sending' }, { status, claim: null });
  }

  attempts(id: number): Promise<number> {
    return this.deliveries.findOneByOrFail({ id }).then((row) => row.attempts);
  }

  /**
   * Every row not yet sent, claimed and held ones included: a living worker's message on the wire
   * is still marked sent when accepted (by id), and its batch stops at its next status check.
   */
  async cancelPending(campaignId: number): Promise<void> {
    await this.deliveries.update(
      { campaignId, status: In(['held', 'pending', 'sending']) },
      { status: 'cancelled', claim: null },
    );
  }

  /** The campaign's rows counted by status. */
  async countByStatus(campaignId: number): Promise<Map<DeliveryStatus, number>> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.campaign_id = :id', { id: campaignId })
      .groupBy('d.status')
      .getRawMany<{ status: DeliveryStatus; count: string | number }>();
    return new Map(rows.map((row) => [row.status, Number(row.count)]));
  }

  /**
   * Whether the campaign's message went out to this subscriber (or was on its way): what a
   * bounce must name before it may act on anyone.
   */
  wentOut(campaignId: number, subscriberId: number): Promise<boolean> {
    return this.deliveries.existsBy({
      campaignId,
      subscriberId,
      status: In(['sending', 'sent', 'failed']),
    });
  }

  countSentSince(campaignId: number, since: Date): Promise<number> {
    return this.deliveries.countBy({ campaignId, status: 'sent', sentAt: MoreThan(since) });
  }

  private get deliveries() {
    return this.dataSource.getRepository(Delivery);
  }
}
