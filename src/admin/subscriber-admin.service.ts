import type { Writable } from 'node:stream';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, NotFoundException } from '@nestjs/common';
import { Queue } from 'bullmq';
import { emailHash } from '../common/email-hash.js';
import { enqueue } from '../queues/enqueue.js';
import { JOBS, QUEUES } from '../queues/queue-names.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import type { Subscriber, SubscriberStatus } from '../subscribers/entities/subscriber.entity.js';
import {
  type NewSubscriber,
  type SubscriberFilter,
  SubscribersRepository,
} from '../subscribers/subscribers.repository.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { AdditionRefused } from './addition-refused.js';
import { exportSubscribersCsv } from './csv-export.js';

export type { NewSubscriber } from '../subscribers/subscribers.repository.js';

export interface ImportRowError {
  row: number;
  email: string;
  reason: string;
}

/** What editors do to subscribers: add with recorded consent, import, page through, erase. */
@Injectable()
export class SubscriberAdminService {
  constructor(
    private readonly subscribers: SubscribersRepository,
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
    if (await this.suppressions.find(person.email)) throw new AdditionRefused('suppressed');
    const result = await this.insertBatch([person], lists, confirmed, `admin`, ip);
    if (result.added.length === 0) throw new AdditionRefused('exists');
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
  insertBatch(
    people: NewSubscriber[],
    lists: MailingList[],
    confirmed: boolean,
    source: string,
    ip: string,
  ): Promise<{ added: Subscriber[]; consentIds: number[] }> {
    return this.subscribers.insertNew(people, lists, { confirmed, source, ip });
  }

  /** Newest first, by keyset: pass the last id seen as `before`. */
  page(filter: SubscriberFilter): Promise<Subscriber[]> {
    return this.subscribers.page(filter);
  }

  async get(id: number): Promise<{ subscriber: Subscriber; lists: string[] }> {
    const subscriber = await this.subscribers.byId(id);
    if (!subscriber) throw new NotFoundException(`No subscriber with id ${id}.`);
    const lists = await this.subscribers.activeLists(id);
    return { subscriber, lists: lists.map((list) => list.slug) };
  }

  /**
   * GDPR erasure: the subscriber, their subscriptions, consent records and outbox rows go.
   * If they had unsubscribed, a hashed suppression entry stays so no import brings them back.
   */
  async erase(id: number): Promise<void> {
    const { subscriber } = await this.get(id);
    const keep =
      subscriber.status === 'unsubscribed'
        ? {
            emailHash: emailHash(subscriber.email),
            email: null,
            reason: 'unsubscribed' as const,
            detail: 'erased',
            createdAt: new Date(),
          }
        : null;
    await this.subscribers.erase(subscriber.id, keep);
  }

  /** Every subscriber (or those with `status`) as CSV, streamed into `out`, which it ends. */
  exportCsv(status: SubscriberStatus | undefined, out: Writable): Promise<void> {
    return exportSubscribersCsv(
      (after, limit) => this.subscribers.pageAfter(after, status, limit),
      out,
    );
  }
}
