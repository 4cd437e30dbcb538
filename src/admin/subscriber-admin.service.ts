import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager, In } from 'typeorm';
import { emailHash } from '../common/email-hash.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { Consent } from '../subscribers/entities/consent.entity.js';
import { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import { Subscriber, type SubscriberStatus } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';
import { Suppression } from '../subscribers/entities/suppression.entity.js';
import { SuppressionService } from '../subscribers/suppression.service.js';

export interface NewSubscriber {
  email: string;
  name: string;
}

export interface ImportRowError {
  row: number;
  email: string;
  reason: string;
}

/** What editors do to subscribers: add with recorded consent, import, page through, erase. */
@Injectable()
export class SubscriberAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    private readonly suppressions: SuppressionService,
  ) {}

  /**
   * Adds one subscriber. "confirmed" records the editor's word that consent was given elsewhere;
   * otherwise the address gets a confirmation email like any signup.
   */
  async add(
    person: NewSubscriber,
    lists: MailingList[],
    confirmed: boolean,
    ip: string,
  ): Promise<Subscriber> {
    if (await this.suppressions.find(person.email)) {
      throw new ConflictException('This address is on the suppression list and cannot be added.');
    }
    const result = await this.insertBatch([person], lists, confirmed, `admin`, ip);
    if (result.added.length === 0)
      throw new ConflictException('A subscriber with this email exists already.');
    const subscriber = result.added[0];
    if (!confirmed) {
      await enqueue(this.transactional, JOBS.signupRequested, { consentId: result.consentIds[0] });
    }
    return subscriber;
  }

  /**
   * Inserts the people who are not there yet, in one transaction, with one consent row each and,
   * when confirmed, their subscriptions. Returns who was added; the rest existed already.
   */
  async insertBatch(
    people: NewSubscriber[],
    lists: MailingList[],
    confirmed: boolean,
    source: string,
    ip: string,
  ): Promise<{ added: Subscriber[]; consentIds: number[] }> {
    return this.dataSource.transaction(async (manager) => {
      const emails = people.map((person) => person.email);
      const existing = new Set(
        (
          await manager.find(Subscriber, { select: { email: true }, where: { email: In(emails) } })
        ).map((row) => row.email),
      );
      const fresh = people.filter((person) => !existing.has(person.email));
      if (fresh.length === 0) return { added: [], consentIds: [] };
      const now = new Date();
      const status: SubscriberStatus = confirmed ? 'confirmed' : 'pending';
      await manager
        .createQueryBuilder()
        .insert()
        .into(Subscriber)
        .values(
          fresh.map((person) => ({
            ...person,
            status,
            createdAt: now,
            confirmedAt: confirmed ? now : null,
          })),
        )
        .orIgnore()
        .updateEntity(false)
        .execute();
      const added = await manager.find(Subscriber, {
        where: { email: In(fresh.map((person) => person.email)) },
        order: { id: 'ASC' },
      });
      const consentIds = await this.recordConsent(
        manager,
        added,
        lists,
        confirmed ? now : null,
        source,
        ip,
        now,
      );
      if (confirmed && lists.length > 0) {
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

  private async recordConsent(
    manager: EntityManager,
    subscribers: Subscriber[],
    lists: MailingList[],
    confirmedAt: Date | null,
    source: string,
    ip: string,
    now: Date,
  ): Promise<number[]> {
    const listIds = JSON.stringify(lists.map((list) => list.id));
    const saved = await manager.save(
      Consent,
      subscribers.map((subscriber) =>
        manager.create(Consent, {
          subscriberId: subscriber.id,
          listIds,
          ip,
          userAgent: '',
          source,
          requestedAt: now,
          confirmedAt,
        }),
      ),
      { chunk: 200 },
    );
    return saved.map((consent) => consent.id);
  }

  /** Newest first, by keyset: pass the last id seen as `before`. */
  page(options: {
    search?: string;
    status?: SubscriberStatus;
    listId?: number;
    before?: number;
    limit: number;
  }) {
    const query = this.dataSource
      .getRepository(Subscriber)
      .createQueryBuilder('s')
      .orderBy('s.id', 'DESC')
      .take(options.limit);
    if (options.search) {
      query.andWhere("s.email LIKE :search ESCAPE '\\'", {
        search: `%${escapeLike(options.search.toLowerCase())}%`,
      });
    }
    if (options.status) query.andWhere('s.status = :status', { status: options.status });
    if (options.listId) {
      query.andWhere(
        "EXISTS (SELECT 1 FROM subscriptions sub WHERE sub.subscriber_id = s.id AND sub.list_id = :listId AND sub.status = 'active')",
        { listId: options.listId },
      );
    }
    if (options.before) query.andWhere('s.id < :before', { before: options.before });
    return query.getMany();
  }

  /** Which of these addresses are suppressed (any reason): imports skip them. */
  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    const byHash = new Map(emails.map((email) => [emailHash(email), email]));
    const rows = await this.dataSource
      .getRepository(Suppression)
      .find({ select: { emailHash: true }, where: { emailHash: In([...byHash.keys()]) } });
    return new Set(rows.map((row) => byHash.get(row.emailHash)!));
  }

  async get(id: number): Promise<{ subscriber: Subscriber; lists: string[] }> {
    const subscriber = await this.dataSource.getRepository(Subscriber).findOneBy({ id });
    if (!subscriber) throw new NotFoundException(`No subscriber with id ${id}.`);
    const lists = await this.dataSource
      .getRepository(MailingList)
      .createQueryBuilder('list')
      .innerJoin(Subscription, 'sub', 'sub.list_id = list.id')
      .where('sub.subscriber_id = :id AND sub.status = :status', { id, status: 'active' })
      .orderBy('list.id')
      .getMany();
    return { subscriber, lists: lists.map((list) => list.slug) };
  }

  /**
   * GDPR erasure: the subscriber, their subscriptions, consent records and outbox rows go.
   * If they had unsubscribed, a hashed suppression entry stays so no import brings them back.
   */
  async erase(id: number): Promise<void> {
    const { subscriber } = await this.get(id);
    await this.dataSource.transaction(async (manager) => {
      if (subscriber.status === 'unsubscribed') {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Suppression)
          .values({
            emailHash: emailHash(subscriber.email),
            email: null,
            reason: 'unsubscribed',
            detail: 'erased',
            createdAt: new Date(),
          })
          .orIgnore()
          .updateEntity(false)
          .execute();
      }
      await manager.delete(Subscriber, { id: subscriber.id });
    });
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
