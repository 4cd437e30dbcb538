import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import {
  type Mailer,
  type MessageSigner,
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

export interface SmtpMailerOptions {
  /** smtp:// or smtps://, as SMTP_URL gives it. */
  url: string;
  /** The From header's value; its address is the envelope sender. */
  from: string;
  poolSize: number;
  /** What we greet the server with (EHLO); unset, the session chooses (see SmtpTarget). */
  heloName?: string;
  /** Signs every message before it leaves (DKIM); unset, messages go unsigned. */
  signer?: MessageSigner;
}

/**
 * Every email goes out prebuilt (MimeTemplate) through our own pipelining client, signed first
 * when a signer is configured. nodemailer only checks that the server answers (/health).
 * 5xx replies become PermanentMailError; the rest throw as they are.
 */
export class SmtpMailer implements Mailer {
  private readonly envelopeFrom: string;
  private readonly pool: SmtpPool;
  private readonly probe: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    this.envelopeFrom = envelopeAddress(options.from);
    this.pool = new SmtpPool(
      { ...smtpTarget(options.url), heloName: options.heloName },
      options.poolSize,
    );
    this.probe = nodemailer.createTransport({
      url: options.url,
      name: options.heloName,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as TransportOptions);
  }

  async send(email: PreparedEmail): Promise<void> {
    const raw = this.options.signer ? await this.options.signer.sign(email.raw) : email.raw;
    try {
      await this.pool.send(email.envelopeFrom ?? this.envelopeFrom, email.to, raw);
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

  async verify(): Promise<void> {
    await this.probe.verify();
  }

  close(): void {
    this.pool.close();
    this.probe.close();
  }
}
