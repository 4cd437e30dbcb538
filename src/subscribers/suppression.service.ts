import { Injectable } from '@nestjs/common';
import { emailHash } from '../common/email-hash.js';
import type { Suppression, SuppressionReason } from './entities/suppression.entity.js';
import { type SuppressionFilter, SuppressionsRepository } from './suppressions.repository.js';

@Injectable()
export class SuppressionService {
  constructor(private readonly suppressions: SuppressionsRepository) {}

  find(email: string): Promise<Suppression | null> {
    return this.suppressions.byHash(emailHash(email));
  }

  /** Blocks every send and signup: bounces, complaints and what an editor suppressed by hand. */
  async blocksEverything(email: string): Promise<boolean> {
    const entry = await this.find(email);
    return entry !== null && entry.reason !== 'unsubscribed';
  }

  /** Which of these addresses are suppressed (any reason), each case of a mailbox: imports skip them. */
  async suppressedAmong(emails: string[]): Promise<Set<string>> {
    const listed = new Set(
      await this.suppressions.hashesAmong([...new Set(emails.map(emailHash))]),
    );
    return new Set(emails.filter((email) => listed.has(emailHash(email))));
  }

  async add(
    email: string,
    reason: SuppressionReason,
    keepAddress: boolean,
    detail = '',
    bounceId: number | null = null,
  ): Promise<void> {
    await this.suppressions.add({
      emailHash: emailHash(email),
      email: keepAddress ? email : null,
      reason,
      detail,
      bounceId,
      createdAt: new Date(),
    });
    // A bounce or complaint outranks an erased reader's "unsubscribed": it must block every send.
    if (reason !== 'unsubscribed') {
      await this.suppressions.escalateUnsubscribed(emailHash(email), {
        reason,
        detail,
        bounceId,
        ...(keepAddress ? { email } : {}),
      });
    }
  }

  /** A person who erased their data and later signs up and confirms again lifts their own entry. */
  async liftUnsubscribed(email: string): Promise<void> {
    await this.suppressions.deleteUnsubscribed(emailHash(email));
  }

  /** Newest first; pass the last id seen as `before`. */
  page(filter: SuppressionFilter): Promise<Suppression[]> {
    return this.suppressions.page(filter);
  }

  /** Lifts one entry by id (the address is not resubscribed); false when there is none. */
  async lift(id: number): Promise<boolean> {
    const entry = await this.suppressions.byId(id);
    if (!entry) return false;
    await this.suppressions.delete(entry.id);
    return true;
  }
}
