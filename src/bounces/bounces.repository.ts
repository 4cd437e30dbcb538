import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { Bounce, type BounceType } from './entities/bounce.entity.js';

export type NewBounce = Omit<Bounce, 'id'>;

/** The bounce and complaint reports received: every query on them. */
@Injectable()
export class BouncesRepository {
  constructor(@InjectRepository(Bounce) private readonly bounces: Repository<Bounce>) {}

  async add(bounce: NewBounce): Promise<void> {
    await this.bounces.insert(bounce);
  }

  /** Soft bounces reported for an address (by its hash) since a moment. */
  countSoftSince(emailHash: string, since: Date): Promise<number> {
    return this.bounces.countBy({ emailHash, type: 'soft', createdAt: MoreThan(since) });
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
}
