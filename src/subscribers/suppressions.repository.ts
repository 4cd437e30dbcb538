import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, LessThan, Repository } from 'typeorm';
import { emailKey } from '../common/email-address.js';
import { Suppression, type SuppressionReason } from './entities/suppression.entity.js';

export type NewSuppression = Pick<
  Suppression,
  'emailHash' | 'email' | 'reason' | 'detail' | 'createdAt'
> & { bounceId?: number | null };

export interface SuppressionFilter {
  reason?: SuppressionReason;
  /** Keyset paging: only entries older than this id. */
  before?: number;
  limit: number;
}

/**
 * The suppression list, keyed by the address's hash (see emailHash). The address, when kept, is
 * kept as its mailbox (emailKey): sends match it against the subscriber's key.
 */
@Injectable()
export class SuppressionsRepository {
  constructor(
    @InjectRepository(Suppression) private readonly suppressions: Repository<Suppression>,
  ) {}

  byHash(emailHash: string): Promise<Suppression | null> {
    return this.suppressions.findOneBy({ emailHash });
  }

  byId(id: number): Promise<Suppression | null> {
    return this.suppressions.findOneBy({ id });
  }

  /** Which of these hashes are on the list, whatever the reason. */
  async hashesAmong(hashes: string[]): Promise<string[]> {
    const rows = await this.suppressions.find({
      select: { emailHash: true },
      where: { emailHash: In(hashes) },
    });
    return rows.map((row) => row.emailHash);
  }

  /** Adds the entry unless the hash is listed already; the existing entry is left as it is. */
  add(entry: NewSuppression): Promise<void> {
    return insertSuppression(this.suppressions.manager, entry);
  }

  /** Turns an "unsubscribed" entry into a stronger reason; other entries are left alone. */
  async escalateUnsubscribed(
    emailHash: string,
    change: { reason: SuppressionReason; detail: string; email?: string; bounceId?: number | null },
  ): Promise<void> {
    const address = change.email === undefined ? {} : { email: emailKey(change.email) };
    await this.suppressions.update(
      { emailHash, reason: 'unsubscribed' },
      { ...change, ...address },
    );
  }

  async deleteUnsubscribed(emailHash: string): Promise<void> {
    await this.suppressions.delete({ emailHash, reason: 'unsubscribed' });
  }

  async delete(id: number): Promise<void> {
    await this.suppressions.delete({ id });
  }

  /** Newest first, by keyset. */
  page(filter: SuppressionFilter): Promise<Suppression[]> {
    return this.suppressions.find({
      where: {
        ...(filter.reason ? { reason: filter.reason } : {}),
        ...(filter.before ? { id: LessThan(filter.before) } : {}),
      },
      order: { id: 'DESC' },
      take: filter.limit,
    });
  }
}

/** INSERT … ON CONFLICT DO NOTHING, inside whatever transaction `manager` belongs to. */
export async function insertSuppression(
  manager: EntityManager,
  entry: NewSuppression,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(Suppression)
    .values({ ...entry, email: entry.email === null ? null : emailKey(entry.email) })
    .orIgnore()
    .updateEntity(false)
    .execute();
}
