import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import { type Mailer, type OutgoingEmail, PermanentMailError } from './mailer.js';

interface SmtpError {
  responseCode?: number;
  response?: string;
  message?: string;
}

/** nodemailer over a pooled SMTP connection. 5xx replies become PermanentMailError; the rest throw as they are. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    poolSize: number,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: poolSize,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as TransportOptions);
  }

  async send(email: OutgoingEmail): Promise<void> {
    try {
      await this.transport.sendMail({
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
      });
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
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
