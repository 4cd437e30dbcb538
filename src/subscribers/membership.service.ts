import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import type { Subscriber } from './entities/subscriber.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { type ConfirmOutcome, SubscribersRepository } from './subscribers.repository.js';
import { SuppressionService } from './suppression.service.js';

export type { ConfirmOutcome } from './subscribers.repository.js';

/** Joining and leaving lists: confirmation, unsubscribe and the preference centre. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    @InjectQueue(QUEUES.transactional) private readonly transactional: Queue,
    private readonly outbox: OutboxRepository,
    private readonly suppressions: SuppressionService,
  ) {}

  /** Confirms one signup request; confirming it again changes nothing and sends nothing. */
  async confirm(subscriberId: number, consentId: number): Promise<ConfirmOutcome> {
    const outcome = await this.subscribers.confirm(subscriberId, consentId);
    if (outcome !== 'confirmed') return outcome;
    const subscriber = await this.subscribers.byId(subscriberId);
    if (!subscriber) throw new Error(`subscriber ${subscriberId} vanished after confirming`);
    await this.suppressions.liftUnsubscribed(subscriber.email);
    const welcome = await this.outbox.createRow(subscriberId, consentId, 'welcome');
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
  unsubscribe(subscriberId: number, listId: number): Promise<Subscriber | null> {
    return this.subscribers.leave(subscriberId, listId);
  }

  /** The preference centre: exactly these lists on, the others off. No list at all leaves. */
  async setLists(subscriberId: number, listIds: number[]): Promise<void> {
    if (listIds.length === 0) {
      await this.unsubscribe(subscriberId, 0);
      return;
    }
    await this.subscribers.setActiveLists(subscriberId, listIds);
  }

  activeListIds(subscriberId: number): Promise<number[]> {
    return this.subscribers.activeListIds(subscriberId);
  }

  /** The subscriber a link's token names, or null once they are erased. */
  subscriber(subscriberId: number): Promise<Subscriber | null> {
    return this.subscribers.byId(subscriberId);
  }
}
