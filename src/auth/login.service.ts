import { Injectable } from '@nestjs/common';
import { TooManyRequests } from '../common/too-many-requests.js';
import { RateLimiter, type Reservation } from '../redis/rate-limiter.js';
import { AuditLogService } from './audit-log.service.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import { EditorsService } from './editors.service.js';
import type { Editor } from './entities/editor.entity.js';

const WINDOW_SECONDS = 15 * 60;
const PER_EMAIL = 10;
const PER_IP = 50;

export interface LoginAttempt {
  email: unknown;
  password: unknown;
  ip: string;
}

/** Why a login was refused; the login page words each in Arabic. */
export type LoginRefusal =
  { code: 'incomplete' } | { code: 'throttled'; retryAfterSeconds: number } | { code: 'wrong' };

/** A session token for the cookie, or the reason there is none. */
export type LoginOutcome = { token: string } | { refused: LoginRefusal };

/** Editors logging in to the /admin pages and out again, throttled and audited. */
@Injectable()
export class LoginService {
  constructor(
    private readonly editors: EditorsService,
    private readonly sessions: EditorSessionsService,
    private readonly audit: AuditLogService,
    private readonly limiter: RateLimiter,
  ) {}

  async logIn({ email, password, ip }: LoginAttempt): Promise<LoginOutcome> {
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
      return { refused: { code: 'incomplete' } };
    }
    // Each attempt is counted before its password is checked, so parallel attempts cannot all slip
    // under the limits; a successful one gives its count back. Past the per-address limit attempts
    // are spaced out rather than refused for the window, so guessing cannot lock the owner out;
    // one client stays limited outright.
    const reservation: Reservation = {
      hard: [{ key: `login:ip:${ip}`, limit: PER_IP }],
      slow: [{ key: `login:email:${email.trim().toLowerCase().slice(0, 320)}`, limit: PER_EMAIL }],
      windowSeconds: WINDOW_SECONDS,
    };
    try {
      await this.limiter.reserve(reservation);
    } catch (error) {
      if (!(error instanceof TooManyRequests)) throw error;
      return { refused: { code: 'throttled', retryAfterSeconds: error.retryAfterSeconds } };
    }
    let editor: Editor | null = null;
    try {
      editor = await this.editors.authenticate(email, password.slice(0, 1024));
    } finally {
      await this.limiter.finish(reservation, editor !== null);
    }
    if (!editor) {
      await this.audit.record({
        actor: null,
        action: 'login failed',
        target: email.slice(0, 320),
        ip,
      });
      return { refused: { code: 'wrong' } };
    }
    const { token } = await this.sessions.start(editor);
    await this.audit.record({
      actor: { editorId: editor.id, label: editor.email, role: editor.role },
      action: 'login',
      ip,
    });
    return { token };
  }

  /** Ends the session of this cookie token, if there is one. */
  async logOut(token: string | null): Promise<void> {
    if (token) await this.sessions.end(token);
  }
}
