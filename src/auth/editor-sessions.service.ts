import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sha256 } from '../common/secrets.js';
import { EditorSessionsRepository } from './editor-sessions.repository.js';
import { EditorsRepository } from './editors.repository.js';
import type { Editor } from './entities/editor.entity.js';
import type { EditorSession } from './entities/editor-session.entity.js';

/** A session ends after this long without a request… */
const IDLE_MS = 12 * 3600_000;
/** …and in any case this long after login. */
const ABSOLUTE_MS = 7 * 24 * 3600_000;
// Sliding the expiry on every request would be a database write per page view.
const TOUCH_EVERY_MS = 5 * 60_000;

export interface ActiveSession {
  session: EditorSession;
  editor: Editor;
}

/** Browser sessions of editors: a random cookie token, kept server-side only as its sha256. */
@Injectable()
export class EditorSessionsService {
  constructor(
    private readonly sessions: EditorSessionsRepository,
    private readonly editors: EditorsRepository,
  ) {}

  /** Starts a session; the returned token goes in the cookie and nowhere else. */
  async start(editor: Editor): Promise<{ token: string; session: EditorSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = await this.sessions.create({
      tokenHash: hash(token),
      editorId: editor.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + IDLE_MS),
    });
    return { token, session };
  }

  /** The live session of this cookie token and its (active) editor, or null. */
  async resolve(token: string): Promise<ActiveSession | null> {
    const session = await this.sessions.byTokenHash(hash(token));
    if (!session) return null;
    const now = Date.now();
    if (new Date(session.expiresAt).getTime() <= now) {
      await this.sessions.delete(session.id);
      return null;
    }
    const editor = await this.editors.byId(session.editorId);
    if (!editor || editor.disabledAt) return null;
    if (now - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
      const cap = new Date(session.createdAt).getTime() + ABSOLUTE_MS;
      const expiresAt = new Date(Math.min(now + IDLE_MS, cap));
      await this.sessions.touch(session.id, new Date(now), expiresAt);
    }
    return { session, editor };
  }

  async end(token: string): Promise<void> {
    await this.sessions.deleteByTokenHash(hash(token));
  }

  /** Every browser of this editor is logged out (password changed, account disabled). */
  async endAll(editorId: number): Promise<void> {
    await this.sessions.deleteAllOf(editorId);
  }
}

function hash(token: string): string {
  return sha256(token).toString('hex');
}
