import type { AuditLogService, AuditRecord } from './audit-log.service.js';
import type { EditorSessionsService } from './editor-sessions.service.js';
import type { EditorsService } from './editors.service.js';
import type { Editor } from './entities/editor.entity.js';
import { LoginService } from './login.service.js';
import { TooManyRequests } from '../common/too-many-requests.js';
import type { RateLimiter, Reservation } from '../redis/rate-limiter.js';

const editor = { id: 7, email: 'desk@example.com', role: 'editor' } as Editor;

/** A LoginService over fakes: one account (desk@example.com / right-password) and a counter store. */
function setUp(options: { throttledFor?: number } = {}) {
  const audit: AuditRecord[] = [];
  const reserved: Reservation[] = [];
  const finished: boolean[] = [];
  const authenticated: string[] = [];
  const ended: string[] = [];
  const limiter = {
    reserve: async (reservation: Reservation) => {
      if (options.throttledFor) throw new TooManyRequests(options.throttledFor);
      reserved.push(reservation);
    },
    finish: async (_: Reservation, succeeded: boolean) => {
      finished.push(succeeded);
    },
  } as unknown as RateLimiter;
  const editors = {
    authenticate: async (email: string, password: string) => {
      authenticated.push(email);
      return email === editor.email && password === 'right-password' ? editor : null;
    },
  } as unknown as EditorsService;
  const sessions = {
    start: async () => ({ token: 'session-token' }),
    end: async (token: string) => {
      ended.push(token);
    },
  } as unknown as EditorSessionsService;
  const log = {
    record: async (entry: AuditRecord) => {
      audit.push(entry);
    },
  } as unknown as AuditLogService;
  return {
    service: new LoginService(editors, sessions, log, limiter),
    audit,
    reserved,
    finished,
    authenticated,
    ended,
  };
}

describe('logging in', () => {
  it('starts a session for the right password, gives back its count and records the login', async () => {
    const { service, audit, reserved, finished } = setUp();
    const outcome = await service.logIn({
      email: 'desk@example.com',
      password: 'right-password',
      ip: '192.0.2.1',
    });
    expect(outcome).toEqual({ token: 'session-token' });
    expect(reserved).toHaveLength(1);
    expect(finished).toEqual([true]);
    expect(audit).toEqual([
      {
        actor: { editorId: 7, label: 'desk@example.com', role: 'editor' },
        action: 'login',
        ip: '192.0.2.1',
      },
    ]);
  });

  it('counts an attempt per client (hard) and per address (slowed) before checking it, and keeps a wrong one counted', async () => {
    const { service, audit, reserved, finished } = setUp();
    const outcome = await service.logIn({
      email: ' Desk@Example.com ',
      password: 'guess',
      ip: '192.0.2.1',
    });
    expect(outcome).toEqual({ refused: { code: 'wrong' } });
    expect(reserved).toEqual([
      {
        hard: [{ key: 'login:ip:192.0.2.1', limit: 50 }],
        slow: [{ key: 'login:email:desk@example.com', limit: 10 }],
        windowSeconds: 900,
      },
    ]);
    expect(finished).toEqual([false]);
    expect(audit).toEqual([
      { actor: null, action: 'login failed', target: ' Desk@Example.com ', ip: '192.0.2.1' },
    ]);
  });

  it('checks no password at all once the limit is reached, and says how long to wait', async () => {
    const { service, authenticated, audit } = setUp({ throttledFor: 600 });
    const outcome = await service.logIn({
      email: 'desk@example.com',
      password: 'right-password',
      ip: '192.0.2.1',
    });
    expect(outcome).toEqual({ refused: { code: 'throttled', retryAfterSeconds: 600 } });
    expect(authenticated).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('refuses a form without an address or a password before counting anything', async () => {
    const { service, authenticated, reserved } = setUp();
    for (const attempt of [
      { email: '', password: 'x' },
      { email: 'desk@example.com', password: undefined },
      { email: ['desk@example.com'], password: 'x' },
    ]) {
      expect(await service.logIn({ ...attempt, ip: '' })).toEqual({
        refused: { code: 'incomplete' },
      });
    }
    expect(authenticated).toEqual([]);
    expect(reserved).toEqual([]);
  });

  it('ends the session of the cookie on logout, and nothing without one', async () => {
    const { service, ended } = setUp();
    await service.logOut(null);
    await service.logOut('session-token');
    expect(ended).toEqual(['session-token']);
  });
});
