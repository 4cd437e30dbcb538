import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource, LessThan } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS } from '../redis/redis.module.js';
import { arabicDuration, EmailTemplates, greeting } from '../rendering/email-templates.service.js';
import { Consent } from '../subscribers/entities/consent.entity.js';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';
import { listNames, ListsService } from '../subscribers/lists.service.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import {
  TransactionalEmail,
  type TransactionalKind,
} from './entities/transactional-email.entity.js';
import { listHeaders } from './list-headers.js';
import { Links } from './links.js';
import { type Mailer, MAILER, type OutgoingEmail, PermanentMailError } from './mailer.js';

/** A row left "sending" this long by a process that died is sent again (see README, "Delivery"). */
const STALE_CLAIM_MS = 5 * 60_000;

@Injectable()
export class TransactionalService {
  private readonly logger = new Logger(TransactionalService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: EmailTemplates,
    private readonly links: Links,
    private readonly lists: ListsService,
    private readonly suppressions: SuppressionService,
  ) {}

  /** Decides whether a signup request earns a confirmation email, and sends it. Safe to run twice. */
  async handleSignup(consentId: number): Promise<void> {
    const existing = await this.outbox.findOneBy({ consentId, kind: 'confirm' });
    if (existing) return this.deliver(existing.id);
    const consent = await this.dataSource.getRepository(Consent).findOneBy({ id: consentId });
    if (!consent) return; // erased meanwhile
    const subscriber = await this.subscribers.findOneBy({ id: consent.subscriberId });
    if (!subscriber || (await this.suppressions.blocksEverything(subscriber.email))) return;
    if (subscriber.status === 'confirmed' && (await this.hasAllLists(subscriber.id, consent)))
      return;
    if (!(await this.mayResendConfirmation(subscriber.id))) return;
    const email = await this.createOutboxRow(subscriber.id, consent.id, 'confirm');
    await this.deliver(email.id);
  }

  async createOutboxRow(
    subscriberId: number,
    consentId: number,
    kind: TransactionalKind,
  ): Promise<TransactionalEmail> {
    await this.outbox
      .createQueryBuilder()
      .insert()
      .values({ subscriberId, consentId, kind, status: 'pending', createdAt: new Date() })
      .orIgnore()
      .updateEntity(false)
      .execute();
    return this.outbox.findOneByOrFail({ consentId, kind });
  }

  /**
   * Claims the row (pending → sending) so that a retried or duplicated job never sends it twice,
   * then sends it. A transient failure puts the row back and throws, so BullMQ retries.
   */
  async deliver(emailId: number): Promise<void> {
    const now = new Date();
    const claim = await this.outbox
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimedAt: now })
      .where('id = :id', { id: emailId })
      .andWhere("(status = 'pending' OR (status = 'sending' AND claimed_at < :stale))", {
        stale: new Date(now.getTime() - STALE_CLAIM_MS),
      })
      .execute();
    if (!claim.affected) return;
    const row = await this.outbox.findOneByOrFail({ id: emailId });
    const message = await this.compose(row);
    if (!message) {
      await this.outbox.update({ id: emailId }, { status: 'failed', error: 'subscriber gone' });
      return;
    }
    try {
      await this.mailer.send(message);
    } catch (error) {
      if (error instanceof PermanentMailError) {
        await this.outbox.update(
          { id: emailId },
          { status: 'failed', error: `${error.responseCode} ${error.message}`.slice(0, 1000) },
        );
        this.logger.warn(`${row.kind} email ${emailId} refused: ${error.message}`);
        return;
      }
      await this.outbox.update({ id: emailId }, { status: 'pending', claimedAt: null });
      throw error;
    }
    await this.outbox.update({ id: emailId }, { status: 'sent', sentAt: new Date() });
  }

  private async compose(row: TransactionalEmail): Promise<OutgoingEmail | null> {
    const subscriber = await this.subscribers.findOneBy({ id: row.subscriberId });
    const consent = await this.dataSource.getRepository(Consent).findOneBy({ id: row.consentId });
    if (!subscriber || !consent) return null;
    const lists = await this.lists.byIds(consent.parsedListIds());
    const messageId = `${row.kind}.${row.consentId}.${row.subscriberId}@${this.links.mailDomain}`;
    const common = { greeting: greeting(subscriber.name), lists: listNames(lists) };
    if (row.kind === 'confirm') {
      const template = await this.templates.get('confirm');
      const rendered = template.render({
        ...common,
        confirm_url: this.links.confirm(subscriber.id, consent.id),
        expiry: arabicDuration(this.config.CONFIRM_TOKEN_TTL_HOURS),
      });
      return {
        to: subscriber.email,
        subject: `أكّد اشتراكك في النشرة البريدية — ${this.config.SITE_NAME}`,
        messageId,
        headers: {},
        ...rendered,
      };
    }
    const unsubscribeUrl = this.links.unsubscribe(subscriber.id);
    const rendered = (await this.templates.get('welcome')).render({
      ...common,
      unsubscribe_url: unsubscribeUrl,
      preferences_url: this.links.preferences(subscriber.id),
    });
    const list = lists[0];
    return {
      to: subscriber.email,
      subject: `أهلاً بك في نشرتنا البريدية — ${this.config.SITE_NAME}`,
      messageId,
      headers: listHeaders({
        unsubscribeUrl,
        unsubscribeMailto: this.config.UNSUBSCRIBE_MAILTO,
        listName: list?.name ?? this.config.SITE_NAME,
        listSlug: list?.slug ?? 'newsletter',
        mailDomain: this.links.mailDomain,
      }),
      ...rendered,
    };
  }

  private async hasAllLists(subscriberId: number, consent: Consent): Promise<boolean> {
    const active = await this.dataSource
      .getRepository(Subscription)
      .findBy({ subscriberId, status: 'active' });
    return consent.parsedListIds().every((id) => active.some((row) => row.listId === id));
  }

  /** At most one confirmation per address per CONFIRM_RESEND_MINUTES, across every worker. */
  private async mayResendConfirmation(subscriberId: number): Promise<boolean> {
    const minutes = this.config.CONFIRM_RESEND_MINUTES;
    if (minutes === 0) return true;
    const key = `${this.config.QUEUE_PREFIX}:confirm-sent:${subscriberId}`;
    return (await this.redis.set(key, '1', 'PX', Math.round(minutes * 60_000), 'NX')) === 'OK';
  }

  /** Rows left pending when Redis was unreachable, or claimed by a process that died. */
  async unfinished(olderThanMs: number): Promise<number[]> {
    const before = new Date(Date.now() - olderThanMs);
    const rows = await this.outbox.find({
      select: { id: true },
      where: [
        { status: 'pending', createdAt: LessThan(before) },
        { status: 'sending', claimedAt: LessThan(new Date(Date.now() - STALE_CLAIM_MS)) },
      ],
      take: 500,
    });
    return rows.map((row) => row.id);
  }

  private get outbox() {
    return this.dataSource.getRepository(TransactionalEmail);
  }

  private get subscribers() {
    return this.dataSource.getRepository(Subscriber);
  }
}
