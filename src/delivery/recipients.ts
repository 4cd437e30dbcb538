import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';

/** Subscriber ids after `after`, or from `first` to `last`. */
export type IdRange = { after: number } | { first: number; last: number };

/**
 * A list's recipients in a range of subscriber ids: confirmed, subscribed to the list, not
 * suppressed (an erased reader's "unsubscribed" entry does not count: they are off the list
 * anyway). Aliases `sub` and `s`. The range is put on both tables and suppression is NOT EXISTS,
 * so PostgreSQL walks the two id indexes in order and stops at the page's end, instead of
 * sorting every later subscriber for each page.
 */
export function eligibleSubscribers(
  dataSource: DataSource,
  listId: number,
  range: IdRange,
): SelectQueryBuilder<Subscription> {
  const condition =
    'after' in range
      ? (column: string) => `${column} > :after`
      : (column: string) => `${column} BETWEEN :first AND :last`;
  return dataSource
    .getRepository(Subscription)
    .createQueryBuilder('sub')
    .innerJoin(Subscriber, 's', "s.id = sub.subscriber_id AND s.status = 'confirmed'")
    .where("sub.list_id = :listId AND sub.status = 'active'", { listId })
    .andWhere(condition('sub.subscriber_id'), range)
    .andWhere(condition('s.id'), range)
    .andWhere(
      "NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = s.email AND x.reason <> 'unsubscribed')",
    );
}

/** How many people a campaign to the list would go to if it started now: the same rule, counted. */
export async function countEligibleSubscribers(
  dataSource: DataSource,
  listId: number,
): Promise<number> {
  const row = await eligibleSubscribers(dataSource, listId, { after: 0 })
    .select('COUNT(*)', 'count')
    .getRawOne<{ count: string | number }>();
  return Number(row?.count ?? 0);
}
