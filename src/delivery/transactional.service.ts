import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, type RedisClient } from '../redis/redis-token.js';
import { arabicDuration, EmailTemplates, greeting } from '../rendering/email-templates.service.js';
import type { Consent } from '../subscribers/entities/consent.entity.js';
import type { MailingList } from '../subscribers/entities/mailing-list.entity.js';
import type {
  TransactionalEmail,
  TransactionalKind,
} from '../subscribers/entities/transactional-email.entity.js';
import { listNames, ListsService } from '../subscribers/lists.service.js';
import { type OutboxContext, OutboxRepository } from '../subscribers/outbox.repository.js';
import { SubscribersRepository } from '../subscribers/subscribers.repository.js';
import { SuppressionService } from '../subscribers/suppression.service.js';
import { Links, UNSUBSCRIBE_LINK_TTL_HOURS } from '../tokens/links.js';
import { MessageRefs } from '../tokens/message-refs.js';
import { listHeaders } from './list-headers.js';
import { DateHeaderClock } from './date-header.js';
import { type Mailer, MAILER, PermanentMailError, type PreparedEmail } from './mailer.js';
import { MimeTemplate } from './mime-template.js';

/** A row left "sending" this long by a process that died is sent again (docs/architecture.md, "A signup"). */
const STALE_CLAIM_MS = 5 * 60_000;

const SUBJECTS: Record<TransactionalKind, string> = {
  confirm: 'أكّد اشتراكك في النشرة البريدية',
  welcome: 'أهلاً بك في نشرتنا البريدية',
  unsubscribe: 'رابط إلغاء اشتراكك في النشرة البريدية',
};

@Injectable()
export class TransactionalService {
  private readonly logger = new Logger(TransactionalService.name);
  private readonly mimes = new Map<string, Promise<MimeTemplate>>();
  private readonly clock = new DateHeaderClock();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly subscribers: SubscribersRepository,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: EmailTemplates,
    private readonly links: Links,
    private readonly refs: MessageRefs,
    private readonly lists: ListsService,
    private readonly suppressions: SuppressionService,
  ) {}

  /** Decides whether a signup request earns a confirmation email, and sends it. Safe to run twice. */
  async handleSignup(consentId: number): Promise<void> {
    const context = await this.outbox.context(consentId);
    if (!context) return; // erased meanwhile
    if (context.confirmEmailId) return this.deliver(context.confirmEmailId, context);
    const { subscriber, consent } = context;
    if (await this.suppressions.blocksEverything(subscriber.email)) return;
    if (subscriber.status === 'confirmed' && (await this.hasAllLists(subscriber.id, consent)))
      return;
    if (!(await this.mayResendConfirmation(subscriber.id))) return;
    // A new row is written already claimed by this job: no second update before sending.
    const fresh = await this.outbox.insertRow(subscriber.id, consent.id, 'confirm', 'sending');
    if (fresh) return this.sendClaimed(fresh, context);
    const written = await this.outbox.byConsent(consentId, 'confirm');
    await this.deliver(written.id, context);
  }

  /**
   * Someone typed this subscriber's address at GET /unsubscribe: the link to leave goes to that
   * address, unless it has left already or is suppressed, and at most once per
   * CONFIRM_RESEND_MINUTES (the outbox row is reused; see openUnsubscribeLink). Safe to run twice.
   */
  async handleUnsubscribeRequest(subscriberId: number | null): Promise<void> {
    if (subscriberId === null) return;
    const subscriber = await this.subscribers.byId(subscriberId);
    if (!subscriber || subscriber.status === 'unsubscribed') return;
    if (await this.suppressions.blocksEverything(subscriber.email)) return;
    const now = new Date();
    const resendBefore = new Date(now.getTime() - this.config.CONFIRM_RESEND_MINUTES * 60_000);
    const emailId = await this.outbox.openUnsubscribeLink(subscriber.id, now, resendBefore);
    if (emailId !== null) await this.deliver(emailId);
  }

  /**
   * Claims the row (pending → sending) so that a retried or duplicated job never sends it twice,
   * then sends it. A transient failure puts the row back and throws, so BullMQ retries.
   */
  async deliver(emailId: number, known?: OutboxContext): Promise<void> {
    const now = new Date();
    const row = await this.outbox.claim(emailId, now, new Date(now.getTime() - STALE_CLAIM_MS));
    if (!row) return;
    const context = known ?? (await this.outbox.context(row.consentId));
    if (!context) {
      await this.outbox.finish(emailId, { status: 'failed', error: 'subscriber gone' });
      return;
    }
    await this.sendClaimed(row, context);
  }

  /** Sends a row this process has claimed, and records how it went. */
  private async sendClaimed(row: TransactionalEmail, context: OutboxContext): Promise<void> {
    const emailId = row.id;
    const message = await this.compose(row, context);
    try {
      await this.mailer.send(message);
    } catch (error) {
      if (error instanceof PermanentMailError) {
        await this.outbox.finish(emailId, {
          status: 'failed',
          error: `${error.responseCode} ${error.message}`,
        });
        this.logger.warn(`${row.kind} email ${emailId} refused: ${error.message}`);
        return;
      }
      await this.outbox.finish(emailId, { status: 'pending' });
      throw error;
    }
    await this.outbox.finish(emailId, { status: 'sent' });
  }

  /** The message, filled into the kind's prebuilt MIME template: no MIME building per email. */
  private async compose(row: TransactionalEmail, context: OutboxContext): Promise<PreparedEmail> {
    const { subscriber, consent } = context;
    const lists = await this.lists.byIds(consent.parsedListIds());
    const ref = this.refs.signed({ kind: 'outbox', emailId: row.id, subscriberId: subscriber.id });
    const envelopeFrom = this.refs.envelopeSender(ref);
    const values = {
      to: subscriber.email,
      date: this.clock.date(),
      message_id: `${row.kind}.${row.consentId}.${row.subscriberId}@${this.links.mailDomain}`,
      ref,
      lists: listNames(lists),
    };
    if (row.kind === 'confirm') {
      const mime = await this.mime('confirm', null);
      const raw = mime.render({
        ...values,
        confirm_url: this.links.confirm(subscriber.id, consent.id),
        expiry: arabicDuration(this.config.CONFIRM_TOKEN_TTL_HOURS),
      });
      return { to: subscriber.email, raw, envelopeFrom };
    }
    if (row.kind === 'unsubscribe') {
      const mime = await this.mime('unsubscribe', null);
      const raw = mime.render({
        ...values,
        // Sent again after a while from the same row: each sending is its own message.
        message_id: `unsubscribe.${row.id}.${row.subscriberId}.${row.createdAt.getTime().toString(36)}@${this.links.mailDomain}`,
        unsubscribe_url: this.links.expiringUnsubscribe(subscriber.id),
        expiry: arabicDuration(UNSUBSCRIBE_LINK_TTL_HOURS),
      });
      return { to: subscriber.email, raw, envelopeFrom };
    }
    const mime = await this.mime('welcome', lists[0] ?? null);
    const mailto = this.links.unsubscribeMailto(subscriber.id);
    const raw = mime.render({
      ...values,
      // Only after confirmation: the confirmation itself prints nothing the visitor typed.
      greeting: greeting(subscriber.name),
      unsubscribe_url: this.links.unsubscribe(subscriber.id),
      preferences_url: this.links.preferences(subscriber.id),
      ...(mailto ? { unsubscribe_mailto: mailto } : {}),
    });
    return { to: subscriber.email, raw, envelopeFrom };
  }

  /** One MIME template per kind (and, for the welcome, per list: its List-Id), built once. */
  private mime(kind: TransactionalKind, list: MailingList | null): Promise<MimeTemplate> {
    const key = `${kind}:${list?.id ?? 0}:${list?.name ?? ''}`;
    let built = this.mimes.get(key);
    if (!built) {
      built = this.templates.get(kind).then(
        (template) =>
          new MimeTemplate({
            from: this.config.MAIL_FROM,
            subject: `${SUBJECTS[kind]} — ${this.config.SITE_NAME}`,
            headers: {
              // RFC 3834: vacation responders and the like do not answer a machine's mail.
              'Auto-Submitted': 'auto-generated',
              'X-Nashra-Ref': '[[ref]]',
              // Only the welcome is list mail: a confirmation or a link to leave is not.
              ...(kind !== 'welcome'
                ? {}
                : listHeaders({
                    unsubscribeUrl: '[[unsubscribe_url]]',
                    unsubscribeMailto: this.config.UNSUBSCRIBE_MAILTO
                      ? '[[unsubscribe_mailto]]'
                      : undefined,
                    listName: list?.name ?? this.config.SITE_NAME,
                    listSlug: list?.slug ?? 'newsletter',
                    mailDomain: this.links.mailDomain,
                  })),
            },
            html: template.htmlParts,
            text: template.textParts,
          }),
      );
      built.catch(() => this.mimes.delete(key));
      this.mimes.set(key, built);
    }
    return built;
  }

  private async hasAllLists(subscriberId: number, consent: Consent): Promise<boolean> {
    const active = await this.subscribers.activeListIds(subscriberId);
    return consent.parsedListIds().every((id) => active.includes(id));
  }

  /** At most one confirmation per address per CONFIRM_RESEND_MINUTES, across every worker. */
  private async mayResendConfirmation(subscriberId: number): Promise<boolean> {
    const minutes = this.config.CONFIRM_RESEND_MINUTES;
    if (minutes === 0) return true;
    const key = `${this.config.QUEUE_PREFIX}:confirm-sent:${subscriberId}`;
    return (await this.redis.set(key, '1', 'PX', Math.round(minutes * 60_000), 'NX')) === 'OK';
  }

  /** Rows left pending when Redis was unreachable, or claimed by a process that died. */
  unfinished(olderThanMs: number): Promise<number[]> {
    const now = Date.now();
    return this.outbox.unfinished(new Date(now - olderThanMs), new Date(now - STALE_CLAIM_MS));
  }
}
