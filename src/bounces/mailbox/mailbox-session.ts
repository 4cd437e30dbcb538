import { isIP } from 'node:net';
import { ImapFlow, type MailboxLockObject } from 'imapflow';
import type { MailboxSettings } from './mailbox-url.js';
import { PROCESSED_FOLDER, UNREADABLE_KEYWORD } from './message-outcome.js';

/** A silent server must not hold a pass (and the mailbox lock) for long. */
const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * One IMAP connection with the report folder selected: the few commands a pass needs, all by
 * UID. Any failure of the server rejects the command at hand; the caller ends the pass.
 */
export class MailboxSession {
  private constructor(
    private readonly client: ImapFlow,
    private readonly selected: MailboxLockObject,
    private readonly processedPath: string,
  ) {}

  static async open(settings: MailboxSettings): Promise<MailboxSession> {
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // SNI carries names only; an address literal goes without.
      ...(isIP(settings.host) ? {} : { servername: settings.host }),
      auth: { user: settings.user, pass: settings.password },
      logger: false,
      disableAutoIdle: true,
      ...TIMEOUTS,
    });
    // A dropped connection is also reported as an event; with no listener Node would throw it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      // Created on first use; an existing folder answers "created: false".
      const processed = await client.mailboxCreate(PROCESSED_FOLDER);
      const selected = await client.getMailboxLock(settings.mailbox);
      return new MailboxSession(client, selected, processed.path);
    } catch (error) {
      client.close();
      throw error;
    }
  }

  /** Messages nobody has read yet and that no earlier pass left aside as unreadable. */
  async waiting(): Promise<number[]> {
    const uids = await this.client.search(
      { seen: false, unKeyword: UNREADABLE_KEYWORD },
      { uid: true },
    );
    return uids || [];
  }

  /** Sizes by UID, read before any message is downloaded. */
  async sizes(uids: number[]): Promise<Map<number, number>> {
    const sizes = new Map<number, number>();
    if (uids.length === 0) return sizes;
    const messages = await this.client.fetchAll(uids, { uid: true, size: true }, { uid: true });
    for (const message of messages) sizes.set(message.uid, message.size ?? 0);
    return sizes;
  }

  /** The message as it was received (BODY.PEEK: reading it does not mark it \Seen); null if gone. */
  async source(uid: number): Promise<Buffer | null> {
    const message = await this.client.fetchOne(String(uid), { source: true }, { uid: true });
    return message ? (message.source ?? null) : null;
  }

  /** MOVE, or COPY + \Deleted + (UID) EXPUNGE where the server has no MOVE (imapflow does both). */
  async moveToProcessed(uid: number): Promise<void> {
    const moved = await this.client.messageMove(String(uid), this.processedPath, { uid: true });
    if (!moved) throw new Error(`the server did not move message ${uid} to ${this.processedPath}`);
  }

  async markUnreadable(uid: number): Promise<void> {
    const flagged = await this.client.messageFlagsAdd(String(uid), ['\\Seen', UNREADABLE_KEYWORD], {
      uid: true,
    });
    if (!flagged) throw new Error(`the server did not flag message ${uid}`);
  }

  async close(): Promise<void> {
    this.selected.release();
    await this.client.logout().catch(() => this.client.close());
  }
}
