import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

export interface InboxMessage {
  id: string;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  headers: [string, string][];
  html: string;
  text: string;
}

const KEEP = 500;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** An SMTP server inside the process that keeps the last 500 messages in memory, for development. */
@Injectable()
export class DevInboxService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DevInbox');
  private readonly messages: InboxMessage[] = [];
  private server?: SMTPServer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_MESSAGE_BYTES,
      closeTimeout: 1000,
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.store({
              id: randomUUID(),
              receivedAt: new Date(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? '',
              headers: parsed.headerLines.map((line) => [line.key, line.line]),
              html: typeof parsed.html === 'string' ? parsed.html : '',
              text: parsed.text ?? '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    // A client that drops its connection is no reason to stop the service.
    this.server.on('error', (error) => this.logger.warn(`dev inbox: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.DEV_INBOX_PORT, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.server.address() as AddressInfo;
    this.logger.log(`dev inbox listening on smtp://127.0.0.1:${port}; read it at /dev/inbox`);
  }

  /** After the workers have drained; pooled client connections are not waited for long. */
  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Newest first. */
  list(): InboxMessage[] {
    return [...this.messages].reverse();
  }

  get(id: string): InboxMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  private store(message: InboxMessage): void {
    this.messages.push(message);
    if (this.messages.length > KEEP) this.messages.shift();
  }
}
