import { Injectable } from '@nestjs/common';
import { TooManyRequests } from '../common/too-many-requests.js';
import { RateLimiter } from '../redis/rate-limiter.js';
import { AuditLogService } from './audit-log.service.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import { EditorsService } from './editors.service.js';

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
    // Failed attempts are counted, per address and per client; at the limit even the right
    // password waits out the window, so guessing gains nothing.
    const counters = [
      { key: `login:ip:${ip}`, limit: PER_IP },
      { key: `login:email:${email.trim().toLowerCase().slice(0, 320)}`, limit: PER_EMAIL },
    ];
    try {
      await this.limiter.check(counters);
    } catch (error) {
      if (!(error instanceof TooManyRequests)) throw error;
      return { refused: { code: 'throttled', retryAfterSeconds: error.retryAfterSeconds } };
    }
    const editor = await this.editors.authenticate(email, password.slice(0, 1024));
    if (!editor) {
      await this.limiter.hitAll(counters, WINDOW_SECONDS).catch((error: unknown) => {
        if (!(error instanceof TooManyRequests)) throw error;
      });
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
