import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences';

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: number;
  /** confirm: the consent being confirmed; unsubscribe: the list to leave (0 = every list). */
  ref: number;
  /** Unix seconds; 0 means the token does not expire (links in old emails must keep working). */
  expiresAt: number;
}

const PURPOSE_CODES: Record<TokenPurpose, string> = {
  confirm: 'c',
  unsubscribe: 'u',
  preferences: 'p',
};

/**
 * Tokens are `body.signature`: the body names purpose, subscriber, reference and expiry in base36;
 * the signature is HMAC-SHA256 over the body under APP_SECRET. Short enough for a link, and
 * bound to one purpose so an unsubscribe link cannot confirm.
 */
@Injectable()
export class TokenService {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'APP_SECRET'>) {
    this.key = Buffer.from(config.APP_SECRET, 'utf8');
  }

  sign(claims: TokenClaims): string {
    const body = [
      PURPOSE_CODES[claims.purpose],
      claims.subscriberId.toString(36),
      claims.ref.toString(36),
      claims.expiresAt.toString(36),
    ].join('.');
    return `${body}.${this.signature(body).toString('base64url')}`;
  }

  /** Returns the claims, or null for a forged, malformed, expired or other-purpose token. */
  verify(token: unknown, purpose: TokenPurpose, now = Date.now()): TokenClaims | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const parts = token.split('.');
    if (parts.length !== 5) return null;
    const body = parts.slice(0, 4).join('.');
    const given = Buffer.from(parts[4], 'base64url');
    const expected = this.signature(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (parts[0] !== PURPOSE_CODES[purpose]) return null;
    const [subscriberId, ref, expiresAt] = parts.slice(1, 4).map((part) => parseInt(part, 36));
    if (![subscriberId, ref, expiresAt].every(Number.isSafeInteger)) return null;
    if (expiresAt !== 0 && expiresAt * 1000 < now) return null;
    return { purpose, subscriberId, ref, expiresAt };
  }

  /** Whether a token that verifies only because of its age has expired: for a clearer page. */
  isExpired(token: string, purpose: TokenPurpose): boolean {
    return this.verify(token, purpose) === null && this.verify(token, purpose, 0) !== null;
  }

  private signature(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
