import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { emailKey } from '../common/email-address.js';
import { insertReturningIdOrFail } from '../database/insert-returning-id.js';
import { Consent } from './entities/consent.entity.js';
import { MailingList } from './entities/mailing-list.entity.js';
import { Subscriber, type SubscriberStatus } from './entities/subscriber.entity.js';
import { Subscription } from './entities/subscription.entity.js';
import { insertSuppression, type NewSuppression } from './suppressions.repository.js';

export interface SignupFields {
  email: string;
  name: string;
  listIds: number[];
  ip: string;
  userAgent: string;
  source: string;
  at: Date;
}

export interface NewSubscriber {
  email: string;
  name: string;
}

/** Who added a batch of subscribers, and whether an editor vouched for their consent. */
export interface BatchOrigin {
  confirmed: boolean;
  source: string;
  ip: string;
}

export interface SubscriberFilter {
  /** Part of the address, matched literally (no LIKE wildcards). */
  search?: string;
  status?: SubscriberStatus;
  /** Only subscribers active on this list. */
  listId?: number;
  /** Keyset paging: only subscribers older than this id. */
  before?: number;
  limit: number;
}

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'gone';

export type StatusCounts = Record<SubscriberStatus, number>;

/** Confirmations on one UTC day ("2025-01-31"). */
export interface DailyCount {
  day: string;
  count: number;
}

/**
 * Subscribers, their subscriptions and consent records: every query on them and every place where
 * SQLite and PostgreSQL need different SQL.
 */
@Injectable()
export class SubscribersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byId(id: number): Promise<Subscriber | null> {
    return this.dataSource.getRepository(Subscriber).findOneBy({ id });
  }

  /** The subscriber of this mailbox, whatever the case `email` (normalised) is typed in. */
  byEmail(email: string): Promise<Subscriber | null> {
    return this.dataSource.getRepository(Subscriber).findOneBy({ emailKey: emailKey(email) });
  }

  /**
   * The subscriber of this mailbox (new, or the existing row untouched: the address keeps the case
   * it was first typed in) and a consent row for this request; returns the consent's id. On
   * PostgreSQL one statement, so one round trip and one commit; SQLite, with no writable CTEs,
   * takes two. The no-op DO UPDATE is what makes RETURNING give the existing row's id.
   */
  async recordSignup(fields: SignupFields): Promise<number> {
    const listIds = JSON.stringify(fields.listIds);
    const key = emailKey(fields.email);
    if (this.postgres) {
      const rows = (await this.dataSource.query(
        `WITH s AS (
           INSERT INTO subscribers (email, email_key, name, status, created_at)
           VALUES ($1, $8, $2, 'pending', $3)
           ON CONFLICT (email_key) DO UPDATE SET email_key = EXCLUDED.email_key RETURNING id)
         INSERT INTO consents (subscriber_id, list_ids, ip, user_agent, source, requested_at)
         SELECT id, $4, $5, $6, $7, $3 FROM s RETURNING id`,
        [
          fields.email,
          fields.name,
          fields.at,
          listIds,
          fields.ip,
          fields.userAgent,
          fields.source,
          key,
        ],
      )) as { id: number }[];
      return Number(rows[0].id);
    }
    const subscriberId = await insertReturningIdOrFail(
      this.dataSource,
      this.dataSource
        .createQueryBuilder()
        .insert()
        .into(Subscriber)
        .values({
          email: fields.email,
          emailKey: key,
          name: fields.name,
          status: 'pending',
          createdAt: fields.at,
        })
        .orUpdate(['email_key'], ['email_key']),
    );
    return insertReturningIdOrFail(
      this.dataSource,
      this.dataSource.createQueryBuilder().insert().into(Consent).values({
        subscriberId,
        listIds,
        ip: fields.ip,
        userAgent: fields.userAgent,
        source: fields.source,
        requestedAt: fields.at,
        confirmedAt: null,
      }),
    );
  }

  /**
   * Confirms one signup request in one transaction: the consent, the lists it named and the
   * subscriber. Confirming it again changes nothing.
   */
  confirm(subscriberId: number, consentId: number): Promise<ConfirmOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const consent = await manager.findOneBy(Consent, { id: consentId, subscriberId });
      const subscriber = await manager.findOneBy(Subscriber, { id: subscriberId });
      if (!consent || !subscriber) return 'gone';
      if (consent.confirmedAt) return 'already-confirmed';
      const now = new Date();
      await manager.update(Consent, { id: consent.id }, { confirmedAt: now });
      await activate(manager, subscriber.id, consent.parsedListIds(), now);
      await manager.update(
        Subscriber,
        { id: subscriber.id },
        { status: 'confirmed', confirmedAt: now, unsubscribedAt: null },
      );
      return 'confirmed';
    });
  }

  /**
   * Leaves one list (listId) or all of them (0); once no list is left the subscriber is
   * unsubscribed. Returns the subscriber as it now stands, or null when there is none.
   */
  leave(subscriberId: number, listId: number): Promise<Subscriber | null> {
    return this.dataSource.transaction(async (manager) => {
      const subscriber = await manager.findOneBy(Subscriber, { id: subscriberId });
      if (!subscriber) return null;
      const now = new Date();
      await manager.update(
        Subscription,
        { subscriberId, status: 'active', ...(listId ? { listId } : {}) },
        { status: 'unsubscribed', updatedAt: now },
      );
      const remaining = await manager.countBy(Subscription, { subscriberId, status: 'active' });
      if (remaining === 0 && subscriber.status !== 'unsubscribed') {
        await manager.update(
          Subscriber,
          { id: subscriberId },
          { status: 'unsubscribed', unsubscribedAt: now },
        );
        subscriber.status = 'unsubscribed';
      }
      return subscriber;
    });
  }

  /** Exactly these lists active, the others unsubscribed, in one transaction. */
  async setActiveLists(subscriberId: number, listIds: number[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      await manager.update(
        Subscription,
        { subscriberId, status: 'active' },
        { status: 'unsubscribed', updatedAt: now },
      );
      await activate(manager, subscriberId, listIds, now);
    });
  }

  async activeListIds(subscriberId: number): Promise<number[]> {
    const rows = await this.dataSource
      .getRepository(Subscription)
      .find({ select: { listId: true }, where: { subscriberId, status: 'active' } });
    return rows.map((row) => row.listId);
  }

  /** The lists the subscriber is active on, oldest first. */
  activeLists(subscriberId: number): Promise<MailingList[]> {
    return this.dataSource
      .getRepository(MailingList)
      .createQueryBuilder('list')
      .innerJoin(Subscription, 'sub', 'sub.list_id = list.id')
      .where('sub.subscriber_id = :id AND sub.status = :status', {
        id: subscriberId,
        status: 'active',
      })
      .orderBy('list.id')
      .getMany();
  }

  /**
   * Inserts the people whose mailbox is not there yet, in one transaction, with one consent row
   * each and, when confirmed, their subscriptions. Returns who was added; the rest existed already.
   * Two cases of one mailbox in `people` are one person: the first.
   */
  insertNew(
    people: NewSubscriber[],
    lists: MailingList[],
    origin: BatchOrigin,
  ): Promise<{ added: Subscriber[]; consentIds: number[] }> {
    return this.dataSource.transaction(async (manager) => {
      const byKey = new Map<string, NewSubscriber>();
      for (const person of people) {
        const key = emailKey(person.email);
        if (!byKey.has(key)) byKey.set(key, person);
      }
      const existing = new Set(
        (
          await manager.find(Subscriber, {
            select: { emailKey: true },
            where: { emailKey: In([...byKey.keys()]) },
          })
        ).map((row) => row.emailKey),
      );
      const fresh = [...byKey].filter(([key]) => !existing.has(key));
      if (fresh.length === 0) return { added: [], consentIds: [] };
      const now = new Date();
      const status: SubscriberStatus = origin.confirmed ? 'confirmed' : 'pending';
      await manager
        .createQueryBuilder()
        .insert()
        .into(Subscriber)
        .values(
          fresh.map(([key, person]) => ({
            email: person.email,
            emailKey: key,
            name: person.name,
            status,
            createdAt: now,
            confirmedAt: origin.confirmed ? now : null,
          })),
        )
        .orIgnore()
        .updateEntity(false)
        .execute();
      const added = await manager.find(Subscriber, {
        where: { emailKey: In(fresh.map(([key]) => key)) },
        order: { id: 'ASC' },
      });
      const consentIds = await recordConsent(manager, added, lists, origin, now);
      if (origin.confirmed && lists.length > 0) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Subscription)
          .values(
            added.flatMap((subscriber) =>
              lists.map((list) => ({
                subscriberId: subscriber.id,
                listId: list.id,
                status: 'active' as const,
                updatedAt: now,
              })),
            ),
          )
          .orIgnore()
          .updateEntity(false)
          .execute();
      }
      return { added, consentIds };
    });
  }

  /** Newest first, by keyset: pass the last id seen as `before`. */
  page(filter: SubscriberFilter): Promise<Subscriber[]> {
    const query = this.dataSource
      .getRepository(Subscriber)
      .createQueryBuilder('s')
      .orderBy('s.id', 'DESC')
      .take(filter.limit);
    if (filter.search) {
      // The key, lower-case like the search: PostgreSQL's LIKE minds case.
      query.andWhere("s.email_key LIKE :search ESCAPE '\\'", {
        search: `%${escapeLike(filter.search.toLowerCase())}%`,
      });
    }
    if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
    if (filter.listId) {
      query.andWhere(
        "EXISTS (SELECT 1 FROM subscriptions sub WHERE sub.subscriber_id = s.id AND sub.list_id = :listId AND sub.status = 'active')",
        { listId: filter.listId },
      );
    }
    if (filter.before) query.andWhere('s.id < :before', { before: filter.before });
    return query.getMany();
  }

  /** Oldest first, from the id after `after`: the export walks the whole table this way. */
  pageAfter(after: number, status: SubscriberStatus | undefined, limit: number) {
    const query = this.dataSource
      .getRepository(Subscriber)
      .createQueryBuilder('s')
      .where('s.id > :after', { after })
      .orderBy('s.id', 'ASC')
      .take(limit);
    if (status) query.andWhere('s.status = :status', { status });
    return query.getMany();
  }

  /**
   * Deletes the subscriber (their subscriptions, consents and outbox rows go with them by ON DELETE
   * CASCADE) and, in the same transaction, records `keep` on the suppression list when given.
   */
  async erase(subscriberId: number, keep: NewSuppression | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (keep) await insertSuppression(manager, keep);
      await manager.delete(Subscriber, { id: subscriberId });
    });
  }

  /** How many subscribers have each status; a status nobody has counts 0. */
  async countByStatus(): Promise<StatusCounts> {
    const rows = await this.dataSource.query<{ status: string; count: string | number }[]>(
      'SELECT status, COUNT(*) AS count FROM subscribers GROUP BY status',
    );
    const counts: StatusCounts = { pending: 0, confirmed: 0, unsubscribed: 0 };
    for (const row of rows) {
      if (row.status in counts) counts[row.status as SubscriberStatus] = Number(row.count);
    }
    return counts;
  }

  /** Confirmations per UTC day since `since`; days without one are left out. */
  async confirmedPerDay(since: Date): Promise<DailyCount[]> {
    // SQLite keeps timestamps as UTC text ("2025-01-31 08:15:00.000"): the day is its first ten.
    const day = this.postgres
      ? "to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
      : 'substr(confirmed_at, 1, 10)';
    const rows = await this.dataSource.query<{ day: string; count: string | number }[]>(
      `SELECT ${day} AS day, COUNT(*) AS count FROM subscribers
       WHERE confirmed_at >= ${this.postgres ? '$1' : '?'} GROUP BY 1`,
      [this.postgres ? since : since.toISOString().replace('T', ' ').slice(0, 23)],
    );
    return rows.map((row) => ({ day: String(row.day), count: Number(row.count) }));
  }

  /** Every consent row ever written: signups and editor additions (erasure removes its own). */
  async countConsents(): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string | number }[]>(
      'SELECT COUNT(*) AS count FROM consents',
    );
    return Number(row?.count ?? 0);
  }

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }
}

/** Inserts the missing subscriptions and reactivates the ones that exist. */
async function activate(
  manager: EntityManager,
  subscriberId: number,
  listIds: number[],
  now: Date,
): Promise<void> {
  if (listIds.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(Subscription)
    .values(
      listIds.map((listId) => ({
        subscriberId,
        listId,
        status: 'active' as const,
        updatedAt: now,
      })),
    )
    .orIgnore()
    .updateEntity(false)
    .execute();
  await manager.update(
    Subscription,
    { subscriberId, listId: In(listIds) },
    { status: 'active', updatedAt: now },
  );
}

async function recordConsent(
  manager: EntityManager,
  subscribers: Subscriber[],
  lists: MailingList[],
  origin: BatchOrigin,
  now: Date,
): Promise<number[]> {
  const listIds = JSON.stringify(lists.map((list) => list.id));
  const saved = await manager.save(
    Consent,
    subscribers.map((subscriber) =>
      manager.create(Consent, {
        subscriberId: subscriber.id,
        listIds,
        ip: origin.ip,
        userAgent: '',
        source: origin.source,
        requestedAt: now,
        confirmedAt: origin.confirmed ? now : null,
      }),
    ),
    { chunk: 200 },
  );
  return saved.map((consent) => consent.id);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
