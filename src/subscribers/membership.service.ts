import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager, In } from 'typeorm';
import { TransactionalService } from '../delivery/transactional.service.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import { Consent } from './entities/consent.entity.js';
import { Subscriber } from './entities/subscriber.entity.js';
import { Subscription } from './entities/subscription.entity.js';
import { SuppressionService } from './suppression.service.js';

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'gone';

/** Joining and leaving lists: confirmation, unsubscribe and the preference centre. */
@Injectable()
export class MembershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    private readonly outbox: TransactionalService,
    private readonly suppressions: SuppressionService,
  ) {}

  /** Confirms one signup request; confirming it again changes nothing and sends nothing. */
  async confirm(subscriberId: number, consentId: number): Promise<ConfirmOutcome> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const consent = await manager.findOneBy(Consent, { id: consentId, subscriberId });
      const subscriber = await manager.findOneBy(Subscriber, { id: subscriberId });
      if (!consent || !subscriber) return 'gone' as const;
      if (consent.confirmedAt) return 'already-confirmed' as const;
      const now = new Date();
      await manager.update(Consent, { id: consent.id }, { confirmedAt: now });
      await this.activate(manager, subscriber.id, consent.parsedListIds(), now);
      await manager.update(
        Subscriber,
        { id: subscriber.id },
        { status: 'confirmed', confirmedAt: now, unsubscribedAt: null },
      );
      return 'confirmed' as const;
    });
    if (outcome !== 'confirmed') return outcome;
    const subscriber = await this.dataSource
      .getRepository(Subscriber)
      .findOneByOrFail({ id: subscriberId });
    await this.suppressions.liftUnsubscribed(subscriber.email);
    const welcome = await this.outbox.createOutboxRow(subscriberId, consentId, 'welcome');
    await enqueue(
      this.transactional,
      JOBS.sendTransactional,
      { emailId: welcome.id },
      { jobId: `send-${welcome.id}` },
    );
    return outcome;
  }

  /**
   * Leaves one list (listId) or all of them (0). Once no list is left the subscriber is
   * unsubscribed; coming back means signing up and confirming again. Repeating it changes nothing.
   */
  async unsubscribe(subscriberId: number, listId: number): Promise<Subscriber | null> {
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

  /** The preference centre: exactly these lists on, the others off. No list at all leaves. */
  async setLists(subscriberId: number, listIds: number[]): Promise<void> {
    if (listIds.length === 0) {
      await this.unsubscribe(subscriberId, 0);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      await manager.update(
        Subscription,
        { subscriberId, status: 'active' },
        { status: 'unsubscribed', updatedAt: now },
      );
      await this.activate(manager, subscriberId, listIds, now);
    });
  }

  activeListIds(subscriberId: number): Promise<number[]> {
    return this.dataSource
      .getRepository(Subscription)
      .find({ select: { listId: true }, where: { subscriberId, status: 'active' } })
      .then((rows) => rows.map((row) => row.listId));
  }

  private async activate(
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
}
