import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { loadConfig } from '../config/config.js';
import { readSessionCookie, sessionCookieName, setSessionCookie } from './session-cookie.js';

const secret = 'x'.repeat(40);

describe('the session cookie', () => {
  it('is __Host- prefixed and Secure in production, HttpOnly and SameSite=Strict always', () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: secret,
      SMTP_URL: 'smtp://127.0.0.1:25',
      PUBLIC_URL: 'https://news.example',
      METRICS_TOKEN: 'm'.repeat(20),
    });
    const set: unknown[] = [];
    const response = { cookie: (...args: unknown[]) => set.push(args) } as unknown as Response;
    setSessionCookie(response, production, 'token-value-0123456789abcdef');
    expect(set).toEqual([
      [
        '__Host-nashra_session',
        'token-value-0123456789abcdef',
        { httpOnly: true, sameSite: 'strict', secure: true, path: '/' },
      ],
    ]);
    const development = loadConfig({ APP_SECRET: secret });
    expect(sessionCookieName(development)).toBe('nashra_session');
  });

  it('reads only a well-formed token of its own name', () => {
    const config = loadConfig({ APP_SECRET: secret });
    const read = (cookie: string) =>
      readSessionCookie({ headers: { cookie } } as unknown as Request, config);
    expect(read('a=1; nashra_session=abcdefghijklmnopqrstuvwxyz')).toBe(
      'abcdefghijklmnopqrstuvwxyz',
    );
    expect(read('nashra_session=short')).toBeNull();
    expect(read('nashra_session=bad"value;xxxxxxxxxxxxxxxxxxxx')).toBeNull();
    expect(read('other=abcdefghijklmnopqrstuvwxyz')).toBeNull();
  });
});
