import type { Request, Response } from 'express';
import type { AppConfig } from '../config/config.js';

/**
 * Over https the cookie is `__Host-` prefixed: browsers then insist on Secure, Path=/ and no
 * Domain, so no sibling subdomain can plant or read it.
 */
export function sessionCookieName(config: AppConfig): string {
  return secure(config) ? '__Host-nashra_session' : 'nashra_session';
}

export function readSessionCookie(request: Request, config: AppConfig): string | null {
  const name = sessionCookieName(config);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function setSessionCookie(response: Response, config: AppConfig, token: string): void {
  response.cookie(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(config),
    path: '/',
  });
}

export function clearSessionCookie(response: Response, config: AppConfig): void {
  response.clearCookie(sessionCookieName(config), {
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(config),
    path: '/',
  });
}

function secure(config: AppConfig): boolean {
  return config.NODE_ENV === 'production' || config.PUBLIC_URL.startsWith('https:');
}
