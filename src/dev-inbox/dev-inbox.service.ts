import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  type Envelope,
  type InboxMessage,
  type InboxSummary,
  readMessage,
  summarize,
  withEnvelope,
} from './delivered-message.js';
import { devInboxFolder } from './dev-inbox-folder.js';
import { isMessageId, MessageFolder } from './message-folder.js';

/** The newest this many messages are kept; older ones are deleted as new ones arrive. */
export const KEEP = 500;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * An SMTP server inside the process, for development: it files every message it receives in a
 * folder beside the database (see devInboxFolder), keeps the newest 500 across restarts, and
 * holds only their headers in memory.
 */
@Injectable()
export class DevInboxService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DevInbox');
  /** Oldest first, as the folder sorts them. */
  private summaries: InboxSummary[] = [];
  private folder!: MessageFolder;
  /** A folder made for a database in memory, removed on shutdown. */
  private temporary = false;
  private server?: SMTPServer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.openFolder();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_MESSAGE_BYTES,
      closeTimeout: 1000,
      logger: false,
      onData: (stream, session, callback) => {
        const envelope: Envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        // Acknowledged once filed: a sender told 250 finds the message here after a restart.
        readLimited(stream, MAX_MESSAGE_BYTES)
          .then((raw) => this.file(withEnvelope(raw, envelope)))
          .then(() => callback())
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
    this.logger.log(
      `dev inbox listening on smtp://127.0.0.1:${port}, keeping mail in ${this.folder.path}; read it at /dev/inbox`,
    );
  }

  /** After the workers have drained; pooled client connections are not waited for long. */
  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    if (this.temporary) await rm(this.folder.path, { recursive: true, force: true });
  }

  get folderPath(): string {
    return this.folder.path;
  }

  /** Newest first. */
  list(): InboxSummary[] {
    return [...this.summaries].reverse();
  }

  /** The whole message, or null when there is no such message (any more). */
  async get(id: string): Promise<InboxMessage | null> {
    const filed = await this.raw(id);
    return filed ? readMessage(id, filed) : null;
  }

  /** The message as filed, envelope lines on top. */
  async raw(id: string): Promise<Buffer | null> {
    if (!isMessageId(id) || !this.summaries.some((summary) => summary.id === id)) return null;
    return this.folder.read(id);
  }

  private async openFolder(): Promise<void> {
    const path = devInboxFolder(this.config);
    this.temporary = path === null;
    this.folder = new MessageFolder(path ?? (await mkdtemp(join(tmpdir(), 'nashra-dev-inbox-'))));
    const ids = await this.folder.open();
    const kept = ids.slice(-KEEP);
    await Promise.all(ids.slice(0, -KEEP).map((id) => this.folder.remove(id)));
    for (const id of kept) {
      const filed = await this.folder.read(id);
      if (!filed) continue;
      try {
        this.summaries.push(await summarize(id, filed));
      } catch (error) {
        this.logger.warn(`dev inbox: skipping ${id}.eml: ${(error as Error).message}`);
      }
    }
  }

  private async file(filed: Buffer): Promise<void> {
    const id = await this.folder.write(filed, new Date());
    const summary = await summarize(id, filed);
    // Two messages may finish filing out of order: keep the list sorted by arrival.
    const at = this.summaries.findLastIndex((other) => other.id < id) + 1;
    this.summaries.splice(at, 0, summary);
    const dropped = this.summaries.splice(0, Math.max(0, this.summaries.length - KEEP));
    await Promise.all(dropped.map((old) => this.folder.remove(old.id)));
  }
}

/** The message's bytes; more than the server announced it takes is refused (552), not kept. */
async function readLimited(
  stream: Readable & { sizeExceeded?: boolean },
  limit: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit || stream.sizeExceeded) {
    throw Object.assign(new Error('Message exceeds the dev inbox size limit'), {
      responseCode: 552,
    });
  }
  return Buffer.concat(chunks);
}
