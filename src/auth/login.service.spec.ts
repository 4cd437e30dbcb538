import type { AuditLogService, AuditRecord } from './audit-log.service.js';
import type { EditorSessionsService } from './editor-sessions.service.js';
import type { EditorsService } from './editors.service.js';
import type { Editor } from './entities/editor.entity.js';
import { LoginService } from './login.service.js';
import { TooManyRequests } from '../common/too-many-requests.js';
import { type RateLimiter } from '../redis/rate-limiter.js';

const editor = { id: 7, email: 'desk@example.com', role: 'editor' } as Editor;

/** A LoginService over fakes: one account (desk@example.com / right-password) and a counter store. */
function setUp(options: { throttledFor?: number } = {}) {
  const audit: AuditRecord[] = [];
  const hits: string[][] = [];
  const authenticated: string[] = [];
  const ended: string[] = [];
  const limiter = {
    check: async () => {
      if (options.throttledFor) throw new TooManyRequests(options.throttledFor);
    },
    hitAll: async (counters: { key: string }[]) => {
      hits.push(counters.map((counter) => counter.key));
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
    hits,
    authenticated,
    ended,
  };
}

describe('logging in', () => {
  it('starts a session for the right password and records the login', async () => {
    const { service, audit, hits } = setUp();
    const outcome = await service.logIn({
      email: 'desk@example.com',
      password: 'right-password',
      ip: '192.0.2.1',
    });
    expect(outcome).toEqual({ token: 'session-token' });
    expect(hits).toEqual([]);
    expect(audit).toEqual([
      {
        actor: { editorId: 7, label: 'desk@example.com', role: 'editor' },
        action: 'login',
        ip: '192.0.2.1',
      },
    ]);
  });

  it('counts a wrong password per client and per address, and records it with the address typed', async () => {
    const { service, audit, hits } = setUp();
    const outcome = await service.logIn({
      email: ' Desk@Example.com ',
      password: 'guess',
      ip: '192.0.2.1',
    });
    expect(outcome).toEqual({ refused: { code: 'wrong' } });
    expect(hits).toEqual([['login:ip:192.0.2.1', 'login:email:desk@example.com']]);
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
    const { service, authenticated, hits } = setUp();
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
    expect(hits).toEqual([]);
  });

  it('ends the session of the cookie on logout, and nothing without one', async () => {
    const { service, ended } = setUp();
    await service.logOut(null);
    await service.logOut('session-token');
    expect(ended).toEqual(['session-token']);
  });
});
