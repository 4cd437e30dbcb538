import { createHash } from 'node:crypto';

/** The key an address is suppressed and rate-limited under; lower-cased so case never matters. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('hex');
}
