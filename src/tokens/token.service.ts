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

/** What a signed unsubscribe mail address names: the subscriber, and the list to leave (0 = all). */
export interface MailtoClaims {
  subscriberId: number;
  listId: number;
}

/** What a tracked article link (or the open pixel, article 0) names: never a reader. */
export interface MarkClaims {
  campaignId: number;
  articleId: number;
}

/** A click on an article link, or an open (the pixel). */
export type MarkKind = 'click' | 'open';

/** 96 bits of HMAC, 16 base64url characters: enough against guessing, short in every link. */
const MARK_SIGNATURE_BYTES = 12;
const MARK = /^([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{16})$/;

/** 80 bits of HMAC in hex: a local part holds 64 characters, and some MTAs lower-case it. */
const MAILTO_SIGNATURE_HEX = 20;

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

  /**
   * The unsubscribe claims as a mail address's local part can carry them (`<subscriber>-<list>-
   * <signature>`, base36 and hex): lower case only, because some MTAs fold the case of a local part,
   * and short, because the whole local part is 64 characters at most. Never expires, like the link.
   */
  signMailto({ subscriberId, listId }: MailtoClaims): string {
    const body = `${subscriberId.toString(36)}-${listId.toString(36)}`;
    return `${body}-${this.mailtoSignature(body)}`;
  }

  /** The claims of a value `signMailto` made, in any case; null for anything else. */
  verifyMailto(value: unknown): MailtoClaims | null {
    if (typeof value !== 'string' || value.length > 64) return null;
    const match = /^([0-9a-z]{1,11})-([0-9a-z]{1,11})-([0-9a-f]+)$/.exec(value.toLowerCase());
    if (!match) return null;
    const given = Buffer.from(match[3], 'utf8');
    const expected = Buffer.from(this.mailtoSignature(`${match[1]}-${match[2]}`), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [subscriberId, listId] = [parseInt(match[1], 36), parseInt(match[2], 36)];
    if (![subscriberId, listId].every(Number.isSafeInteger)) return null;
    return { subscriberId, listId };
  }

  /**
   * `<campaign>.<article>.<signature>` (base36, base64url): the same for every reader, so it is
   * signed once per campaign and baked into the compiled digest. Never expires, like the email.
   */
  signMark(kind: MarkKind, { campaignId, articleId }: MarkClaims): string {
    const body = `${campaignId.toString(36)}.${articleId.toString(36)}`;
    return `${body}.${this.markSignature(kind, body).toString('base64url')}`;
  }

  /** The claims of a value `signMark` made for this kind; null for anything else. */
  verifyMark(kind: MarkKind, token: unknown): MarkClaims | null {
    if (typeof token !== 'string' || token.length > 40) return null;
    const match = MARK.exec(token);
    if (!match) return null;
    const given = Buffer.from(match[3], 'base64url');
    const expected = this.markSignature(kind, `${match[1]}.${match[2]}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [campaignId, articleId] = [parseInt(match[1], 36), parseInt(match[2], 36)];
    if (![campaignId, articleId].every(Number.isSafeInteger)) return null;
    return { campaignId, articleId };
  }

  private markSignature(kind: MarkKind, body: string): Buffer {
    // Its own message prefix per kind: a pixel's signature never opens an article, nor the reverse.
    return createHmac('sha256', this.key)
      .update(`${kind}:${body}`)
      .digest()
      .subarray(0, MARK_SIGNATURE_BYTES);
  }

  private mailtoSignature(body: string): string {
    // Its own message prefix: a mailto signature can never pass for a link token's, nor the reverse.
    return createHmac('sha256', this.key)
      .update(`mailto:${body}`)
      .digest('hex')
      .slice(0, MAILTO_SIGNATURE_HEX);
  }

  private signature(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
