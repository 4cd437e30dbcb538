import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { insertReturningIdOrFail } from '../database/insert-returning-id.js';
import { Bounce, type BounceOutcome, type BounceType } from './entities/bounce.entity.js';

export type NewBounce = Omit<Bounce, 'id'>;

/** How often one reason was reported for a campaign's messages. */
export interface ReasonCount {
  type: BounceType;
  reason: string;
  count: number;
}

/** The bounce and complaint reports received: every query on them. */
@Injectable()
export class BouncesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  add(bounce: NewBounce): Promise<number> {
    return insertReturningIdOrFail(
      this.dataSource,
      this.bounces.createQueryBuilder().insert().values(bounce),
    );
  }

  async setOutcome(id: number, outcome: BounceOutcome): Promise<void> {
    await this.bounces.update({ id }, { outcome });
  }

  /**
   * Soft failures that count toward the limit, for an address (by its hash) since a moment: one
   * per message, so that one message's repeated reports count once.
   */
  async countStrikesSince(emailHash: string, since: Date): Promise<number> {
    const row = await this.bounces
      .createQueryBuilder('b')
      .select('COUNT(DISTINCT b.message_ref)', 'messages')
      .addSelect('SUM(CASE WHEN b.message_ref IS NULL THEN 1 ELSE 0 END)', 'unnamed')
      .where({ emailHash, strike: true, createdAt: MoreThan(since) })
      .getRawOne<{ messages: string | number; unnamed: string | number | null }>();
    return Number(row?.messages ?? 0) + Number(row?.unnamed ?? 0);
  }

  /** Every report ever received, by type (for /metrics). */
  async countByType(): Promise<Map<BounceType, number>> {
    const rows = await this.bounces
      .createQueryBuilder('b')
      .select('b.type', 'type')
      .addSelect('COUNT(*)', 'count')
      .groupBy('b.type')
      .getRawMany<{ type: BounceType; count: string | number }>();
    return new Map(rows.map((row) => [row.type, Number(row.count)]));
  }

  byIds(ids: number[]): Promise<Bounce[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.bounces.findBy({ id: In(ids) });
  }

  private get bounces() {
    return this.dataSource.getRepository(Bounce);
  }
}
