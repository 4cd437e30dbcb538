import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares through fixed-length digests, so neither the content nor the length leaks by timing. */
export function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(sha256(given), expected);
}

/** The token of an "Authorization: Bearer <token>" header, if there is one. */
export function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
