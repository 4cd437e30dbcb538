import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, type RedisClient } from '../../redis/redis-token.js';
import { BouncesService } from '../bounces.service.js';
import { UnsubscribeMail } from '../unsubscribe-mail.service.js';
import { MailboxLock } from './mailbox-lock.js';
import { MailboxSession } from './mailbox-session.js';
import type { MailboxSettings } from './mailbox-url.js';
import {
  batchOf,
  describeFailure,
  type Disposal,
  disposalOf,
  refusedBySize,
} from './message-outcome.js';

export const MAILBOX_SETTINGS = Symbol('MAILBOX_SETTINGS');

/** Messages per pass; the rest wait for the next one. */
export const BATCH_SIZE = 50;
/** A pass takes no new message after this long, well inside the lock's expiry. */
const PASS_BUDGET_MS = 4 * 60_000;
const LOCK_TTL_MS = 6 * 60_000;

export interface PassReport {
  /** Read and moved to Nashra/Processed. */
  moved: number;
  /** Left in the mailbox, flagged $NashraUnreadable. */
  unreadable: number;
  /** Still waiting after this pass (over the batch, or past the time budget). */
  remaining: number;
  /** Why the pass ended early (the server away, a refused login …); null when it did not. */
  failure: string | null;
}

/**
 * Reads the bounce mailbox (BOUNCE_IMAP_URL) as the webhooks read piped mail: each new message
 * sent to a signed List-Unsubscribe mailto address is a request to leave (UnsubscribeMail), any
 * other is handed to BouncesService.process; then it is moved to Nashra/Processed. One that cannot
 * be read stays where it is, marked $NashraUnreadable, and is not read again. Nothing is ever
 * deleted, and a failing server costs one log line and a pass: the next one tries again.
 */
@Injectable()
export class BounceMailbox {
  private readonly logger = new Logger(BounceMailbox.name);
  private readonly lock: MailboxLock;
  private stopping = false;

  constructor(
    private readonly bounces: BouncesService,
    @Inject(REDIS) redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(MAILBOX_SETTINGS) private readonly settings: MailboxSettings,
    private readonly unsubscribeMail: UnsubscribeMail,
  ) {
    this.lock = new MailboxLock(redis, `${config.QUEUE_PREFIX}:bounce-mailbox:lock`, LOCK_TTL_MS);
  }

  /** One pass now. 'busy' when another pass (here or in another worker) holds the mailbox. */
  async runPass(): Promise<PassReport | 'busy'> {
    let release: (() => Promise<void>) | null;
    try {
      release = await this.lock.acquire();
    } catch (error) {
      return this.failed({ moved: 0, unreadable: 0, remaining: 0 }, error);
    }
    if (!release) return 'busy';
    try {
      return await this.pass();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Stops taking new messages: the one being read is finished, then the pass ends. */
  stop(): void {
    this.stopping = true;
  }

  private async pass(): Promise<PassReport> {
    const report = { moved: 0, unreadable: 0, remaining: 0 };
    const deadline = Date.now() + PASS_BUDGET_MS;
    let session: MailboxSession | null = null;
    try {
      session = await MailboxSession.open(this.settings);
      const waiting = await session.waiting();
      const batch = batchOf(waiting, BATCH_SIZE);
      report.remaining = waiting.length;
      const sizes = await session.sizes(batch);
      for (const uid of batch) {
        if (this.stopping || Date.now() > deadline) break;
        // A UID with no size was expunged by someone else meanwhile.
        const disposal = !sizes.has(uid)
          ? null
          : (refusedBySize(sizes.get(uid)) ?? (await this.read(session, uid)));
        if (disposal) await this.dispose(session, uid, disposal, report);
        report.remaining -= 1;
      }
    } catch (error) {
      return this.failed(report, error);
    } finally {
      await session?.close();
    }
    if (report.moved + report.unreadable > 0) {
      this.logger.log(
        `bounce mailbox ${this.settings.label}: ${report.moved} read, ` +
          `${report.unreadable} left unreadable, ${report.remaining} waiting`,
      );
    }
    return { ...report, failure: null };
  }

  /** Null when the message vanished before it could be read. */
  private async read(session: MailboxSession, uid: number): Promise<Disposal | null> {
    const source = await session.source(uid);
    if (!source) return null;
    try {
      const request = await this.unsubscribeMail.handle(source);
      return disposalOf({ outcome: request ?? (await this.bounces.process(source)) });
    } catch (error) {
      const disposal = disposalOf({ error });
      // Not the message's fault (the database down, say): the pass stops, and the message, still
      // unseen and unflagged, waits for the next pass.
      if (!disposal) throw error;
      return disposal;
    }
  }

  private async dispose(
    session: MailboxSession,
    uid: number,
    disposal: Disposal,
    report: Omit<PassReport, 'failure'>,
  ): Promise<void> {
    if (disposal.action === 'move') {
      await session.moveToProcessed(uid);
      report.moved += 1;
      return;
    }
    await session.markUnreadable(uid);
    report.unreadable += 1;
    this.logger.warn(
      `bounce mailbox ${this.settings.label}: message uid ${uid} left in place as unreadable (${disposal.why})`,
    );
  }

  private failed(report: Omit<PassReport, 'failure'>, error: unknown): PassReport {
    const failure = describeFailure(error, [this.settings.password]);
    this.logger.warn(`bounce mailbox ${this.settings.label}: pass failed: ${failure}`);
    return { ...report, failure };
  }
}
