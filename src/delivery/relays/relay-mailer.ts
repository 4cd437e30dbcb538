import { Logger } from '@nestjs/common';
import type { RelayUrl } from '../../config/config.js';
import type { Mailer, MessageSigner, PreparedEmail } from '../mailer.js';
import { PermanentMailError } from '../mailer.js';
import { SmtpMailer } from '../smtp-mailer.js';
import { SmtpClosingError, SmtpReplyError } from '../smtp/smtp-replies.js';
import { TokenBucket } from '../token-bucket.js';
import { type Backoff, RELAY_BACKOFF, RelayBoard, type RelayState } from './relay-board.js';

/** What happened to a message on a relay, as nashra_smtp_relay_messages_total counts it. */
export type RelayOutcome = 'sent' | 'refused' | 'failed';

/** Where the relays' counts and states go so that /metrics on any process shows every worker's. */
export interface RelayReports {
  outcome(label: string, outcome: RelayOutcome): void;
  down(label: string, until: Date): void;
  up(label: string): void;
}

export interface RelayMailerOptions {
  relays: RelayUrl[];
  from: string;
  poolSize: number;
  heloName?: string;
  signer?: MessageSigner;
  reports?: RelayReports;
  backoff?: Backoff;
  /** One mailer per relay; a spec gives its own. */
  mailerFor?: (relay: RelayUrl) => Mailer;
}

/**
 * Every relay is down (or failed this very message): a transient failure with no SMTP reply
 * code, so the campaign batch goes back to pending and its job is retried with backoff, and the
 * message is not counted as an attempt of its own.
 */
export class RelaysDownError extends Error {
  /** As our SMTP client's own connection failures: callers treat it as the server unreachable. */
  readonly code = 'ECONNECTION';
  constructor(states: RelayState[], cause: unknown) {
    const until = states
      .map((state) =>
        state.downUntil ? `${state.label} until ${state.downUntil.toISOString()}` : state.label,
      )
      .join(', ');
    super(`every SMTP relay is down (${until})`, { cause });
  }
}

/**
 * A Mailer over several SMTP relays (SMTP_URLS), each with its own pool of sessions. Each message
 * goes to the next relay up by weight, within that relay's rate. A relay whose connection fails
 * is down for a back-off and the message goes at once to another; only when none is left does
 * send throw. Messages are signed once here, whichever relay takes them.
 */
export class RelayMailer implements Mailer {
  private readonly logger = new Logger(RelayMailer.name);
  private readonly board: RelayBoard;
  private readonly mailers: Mailer[];
  private readonly buckets: TokenBucket[];

  constructor(private readonly options: RelayMailerOptions) {
    this.board = new RelayBoard(options.relays, options.backoff ?? RELAY_BACKOFF);
    const mailerFor =
      options.mailerFor ??
      ((relay: RelayUrl) =>
        new SmtpMailer({
          url: relay.url,
          from: options.from,
          poolSize: options.poolSize,
          heloName: options.heloName,
        }));
    this.mailers = options.relays.map(mailerFor);
    this.buckets = options.relays.map((relay) => new TokenBucket(relay.rate));
  }

  async send(email: PreparedEmail): Promise<void> {
    const raw = this.options.signer ? await this.options.signer.sign(email.raw) : email.raw;
    const signed = { ...email, raw };
    const tried = new Set<number>();
    let lastFailure: unknown;
    for (;;) {
      const index = this.board.pick(Date.now(), tried);
      if (index === null) throw new RelaysDownError(this.board.states(Date.now()), lastFailure);
      tried.add(index);
      await this.buckets[index]!.take();
      try {
        await this.mailers[index]!.send(signed);
      } catch (error) {
        if (!relayFailed(error)) {
          this.board.refusedMessage(index);
          this.options.reports?.outcome(this.board.label(index), 'refused');
          throw error;
        }
        lastFailure = error;
        this.connectionFailed(index, error);
        continue;
      }
      if (this.board.accepted(index)) {
        this.logger.warn(`SMTP relay ${this.board.label(index)} accepts mail again`);
        this.options.reports?.up(this.board.label(index));
      }
      this.options.reports?.outcome(this.board.label(index), 'sent');
      return;
    }
  }

  /**
   * Resolves once one relay answers; a relay that does not is down, as if a message had failed
   * there. The first answer is enough: a relay that stays silent must not hold /health.
   */
  async verify(): Promise<void> {
    const probes = this.mailers.map((mailer, index) =>
      mailer.verify().catch((error: unknown) => {
        this.connectionFailed(index, error, false);
        throw new Error(`${this.board.label(index)}: ${errorText(error)}`, { cause: error });
      }),
    );
    try {
      await Promise.any(probes);
    } catch (error) {
      throw new Error((error as AggregateError).errors.map(errorText).join('; '), {
        cause: error,
      });
    }
  }

  /** Each relay's state, in SMTP_URLS order. */
  relays(): RelayState[] {
    return this.board.states(Date.now());
  }

  close(): void {
    for (const mailer of this.mailers) mailer.close();
  }

  private connectionFailed(index: number, error: unknown, lostMessage = true): void {
    const label = this.board.label(index);
    if (lostMessage) this.options.reports?.outcome(label, 'failed');
    if (!this.board.connectionFailed(index, Date.now(), lostMessage)) return;
    const until = this.board.downUntil(index);
    this.logger.warn(
      `SMTP relay ${label} is down until ${until.toISOString()}: ${errorText(error)}`,
    );
    this.options.reports?.down(label, until);
  }
}

/**
 * Whether the relay failed rather than answered about this message: it refused or dropped the
 * connection, timed out, failed TLS, or said 421 (closing). Then it did not take the message, so
 * the message may go to another relay: the session reports success only on the 250 after DATA.
 *
 * What SMTP itself leaves open remains: a connection lost after the final dot, before the 250
 * arrives. The relay may have taken the message; the client cannot know (RFC 5321 §4.1.1.4 has
 * the same window, and RFC 1047 on duplicates). Sending it again, as any SMTP client does, risks
 * one duplicate; not sending it risks losing it. The window is one round trip per connection.
 *
 * A 4xx or 5xx reply to the message is that message's answer, as with one relay: 5xx fails it,
 * 4xx has it retried later. The relay is up and talking; another would only be asked the same.
 * Except a refusal of our login (RFC 4954's codes): that is the relay turning us away, whatever
 * the message, and its share must not fail for good over a wrong password.
 */
export function relayFailed(error: unknown): boolean {
  if (error instanceof SmtpClosingError) return true;
  if (error instanceof SmtpReplyError || error instanceof PermanentMailError) {
    return LOGIN_REFUSED.has(error.responseCode);
  }
  return true;
}

/** 530 authentication required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required. */
const LOGIN_REFUSED = new Set([530, 534, 535, 538]);

/** An error's message, which never holds the relay's credentials (the session never logs them). */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Each relay's state when the mailer is a RelayMailer (SMTP_URLS); null for one SMTP server. */
export function relayStates(mailer: Mailer): RelayState[] | null {
  return mailer instanceof RelayMailer ? mailer.relays() : null;
}
