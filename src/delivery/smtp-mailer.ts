import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import {
  type Mailer,
  type OutgoingEmail,
  PermanentMailError,
  type PreparedEmail,
} from './mailer.js';
import { envelopeAddress } from './mime-template.js';
import { SmtpPool, smtpTarget } from './smtp/smtp-pool.js';

interface SmtpError {
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Composed emails (confirmations, welcomes, test copies) go through nodemailer's pool; prebuilt
 * campaign messages through our own. 5xx replies become PermanentMailError; the rest throw as they are.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly envelopeFrom: string;
  /** Campaign messages, prebuilt: our own pipelining client, with no work per byte. */
  private readonly pool: SmtpPool;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    poolSize: number,
  ) {
    this.envelopeFrom = envelopeAddress(from);
    this.pool = new SmtpPool(smtpTarget(smtpUrl), poolSize);
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: poolSize,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as TransportOptions);
  }

  async send(email: OutgoingEmail | PreparedEmail): Promise<void> {
    try {
      if ('raw' in email) await this.pool.send(this.envelopeFrom, email.to, email.raw);
      else await this.transport.sendMail(this.composed(email));
    } catch (error) {
      const smtp = error as SmtpError;
      if (smtp.responseCode && smtp.responseCode >= 500) {
        throw new PermanentMailError(
          smtp.response ?? smtp.message ?? 'rejected',
          smtp.responseCode,
        );
      }
      throw error;
    }
  }

  private composed(email: OutgoingEmail) {
    return {
      from: this.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: `<${email.messageId}>`,
      // Our headers are already encoded (see list-headers.ts): written as they are, not re-folded.
      headers: Object.fromEntries(
        Object.entries(email.headers).map(([key, value]) => [key, { prepared: true, value }]),
      ),
    };
  }

  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.pool.close();
    this.transport.close();
  }
}
