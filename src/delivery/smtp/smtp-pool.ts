import { SmtpClosingError, SmtpReplyError } from './smtp-replies.js';
import { SmtpSession, type SmtpTarget } from './smtp-session.js';

/**
 * An idle session is closed with QUIT after this long. Servers drop idle clients without a word
 * after their own timeout: Postfix's smtpd_timeout is 300 s but 10 s under stress, so we leave
 * well before that. A campaign keeps its sessions busy (gaps between batches are milliseconds),
 * so this only closes sessions the traffic no longer needs; reopening one costs a round trip or
 * three.
 */
export const IDLE_MS = 5_000;

/**
 * A 421 means the server closed the session without accepting the message, so it goes again at
 * once on another session, this many times at most before the 421 is the caller's.
 */
const RESENDS_AFTER_421 = 2;

/**
 * Up to `size` SMTP sessions, reused message after message. A session that failed is dropped
 * and the next send opens another; one that only had a message refused stays in use.
 */
export class SmtpPool {
  private readonly idle: SmtpSession[] = [];
  private readonly waiting: ((session: SmtpSession | null) => void)[] = [];
  private open = 0;
  private closed = false;

  constructor(
    private readonly target: SmtpTarget,
    private readonly size: number,
  ) {}

  async send(from: string, to: string, message: Buffer): Promise<void> {
    for (let resends = 0; ; resends++) {
      try {
        return await this.sendOnce(from, to, message);
      } catch (error) {
        if (!(error instanceof SmtpClosingError) || resends >= RESENDS_AFTER_421) throw error;
      }
    }
  }

  private async sendOnce(from: string, to: string, message: Buffer): Promise<void> {
    const session = await this.acquire();
    try {
      await session.send(from, to, message);
    } catch (error) {
      if (error instanceof SmtpReplyError && session.usable) this.release(session);
      else this.discard(session);
      throw error;
    }
    this.release(session);
  }

  close(): void {
    this.closed = true;
    for (const session of this.idle.splice(0)) session.quit();
  }

  private async acquire(): Promise<SmtpSession> {
    for (;;) {
      const session = this.idle.pop();
      if (!session) break;
      if (session.usable) {
        session.keep();
        return session;
      }
      this.discard(session);
    }
    if (this.open >= this.size) {
      const handed = await new Promise<SmtpSession | null>((resolve) => this.waiting.push(resolve));
      if (handed) return handed;
    }
    this.open += 1;
    try {
      return await SmtpSession.open(this.target);
    } catch (error) {
      this.open -= 1;
      this.wakeOne();
      throw error;
    }
  }

  private release(session: SmtpSession): void {
    const next = this.waiting.shift();
    if (next) return next(session);
    if (this.closed) {
      session.quit();
      this.open -= 1;
      return;
    }
    this.idle.push(session);
    session.closeWhenIdle(IDLE_MS, () => {
      const index = this.idle.indexOf(session);
      if (index !== -1) this.idle.splice(index, 1);
      this.open -= 1;
    });
  }

  private discard(session: SmtpSession): void {
    session.destroy();
    this.open -= 1;
    this.wakeOne();
  }

  /** A waiting sender may open a session of its own now that one fewer is open. */
  private wakeOne(): void {
    this.waiting.shift()?.(null);
  }
}

/** smtp://user:pass@host:port (587 by default) or smtps:// (465), as SMTP_URL gives it. */
export function smtpTarget(url: string, timeoutMs = 30_000): SmtpTarget {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    timeoutMs,
  };
}
