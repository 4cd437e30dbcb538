import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { Subscription } from '../subscribers/entities/subscription.entity.js';

/**
 * Who may receive a campaign to a list, the one definition: a confirmed subscriber (alias `s`)
 * whose subscription to the list (alias `sub`) is active, and whose address is not suppressed.
 * An erased reader's "unsubscribed" entry does not count: they are off the list anyway. Entries
 * keep their address as its mailbox, so it is matched against the subscriber's key, not as typed.
 * Suppression is NOT EXISTS, so a list's recipients are read without sorting every subscriber.
 * With `sub` left-joined, a subscriber with no subscription to the list is not eligible
 * (NULL = 'active' is not true).
 */
export const ELIGIBLE_RECIPIENT =
  "s.status = 'confirmed' AND sub.status = 'active' AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = s.email_key AND x.reason <> 'unsubscribed')";

/** Subscriber ids after `after`, or from `first` to `last`. */
export type IdRange = { after: number } | { first: number; last: number };

/**
 * A list's recipients in a range of subscriber ids, aliases `sub` and `s`. The range is put on
 * both tables, so PostgreSQL walks the two id indexes in order and stops at the page's end,
 * instead of sorting every later subscriber for each page.
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
    .innerJoin(Subscriber, 's', 's.id = sub.subscriber_id')
    .where('sub.list_id = :listId', { listId })
    .andWhere(condition('sub.subscriber_id'), range)
    .andWhere(condition('s.id'), range)
    .andWhere(ELIGIBLE_RECIPIENT);
}
