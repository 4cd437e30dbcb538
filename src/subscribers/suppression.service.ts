import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { emailHash } from '../common/email-hash.js';
import { Suppression, type SuppressionReason } from './entities/suppression.entity.js';

@Injectable()
export class SuppressionService {
  constructor(
    @InjectRepository(Suppression) private readonly suppressions: Repository<Suppression>,
  ) {}

  find(email: string): Promise<Suppression | null> {
    return this.suppressions.findOneBy({ emailHash: emailHash(email) });
  }

  /** Blocks every send and signup: bounces, complaints and what an editor suppressed by hand. */
  async blocksEverything(email: string): Promise<boolean> {
    const entry = await this.find(email);
    return entry !== null && entry.reason !== 'unsubscribed';
  }

  async add(
    email: string,
    reason: SuppressionReason,
    keepAddress: boolean,
    detail = '',
  ): Promise<void> {
    await this.suppressions
      .createQueryBuilder()
      .insert()
      .values({
        emailHash: emailHash(email),
        email: keepAddress ? email : null,
        reason,
        detail,
        createdAt: new Date(),
      })
      .orIgnore()
      .updateEntity(false)
      .execute();
    // A bounce or complaint outranks an erased reader's "unsubscribed": it must block every send.
    if (reason !== 'unsubscribed') {
      await this.suppressions.update(
        { emailHash: emailHash(email), reason: 'unsubscribed' },
        { reason, detail, ...(keepAddress ? { email } : {}) },
      );
    }
  }

  /** A person who erased their data and later signs up and confirms again lifts their own entry. */
  async liftUnsubscribed(email: string): Promise<void> {
    await this.suppressions.delete({ emailHash: emailHash(email), reason: 'unsubscribed' });
  }
}
