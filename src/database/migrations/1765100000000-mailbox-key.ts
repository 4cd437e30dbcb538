import {
  type MigrationInterface,
  type QueryRunner,
  TableColumn,
  TableIndex,
  TableUnique,
} from 'typeorm';
import { columnHelpers } from './column-helpers.js';

const KEY_INDEX = 'uq_subscribers_email_key';

/**
 * One mailbox, one subscriber, whatever the case of its local part: `email_key` (the address with
 * its local part lower-cased; the domain already was) is unique, and `email` keeps what the reader
 * typed. Subscribers that were case variants of one mailbox are merged into the one whose consent
 * was given first (else asked first, else the oldest row), taking the others' consents, outbox
 * rows, deliveries, bounces and subscriptions. Suppressions keep their address as its key too:
 * sends match it against `email_key`. Their hashes were of the lower-cased address already.
 * `down` puts back the case-sensitive unique address; merged subscribers stay merged.
 */
export class MailboxKey1765100000000 implements MigrationInterface {
  name = 'MailboxKey1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = new TableColumn({
      name: 'email_key',
      type: 'varchar',
      length: '254',
      isNullable: true,
    });
    await queryRunner.addColumn('subscribers', key);
    // Addresses are ASCII before the @ and punycode after it, so SQL's LOWER is emailKey on both.
    await queryRunner.query('UPDATE subscribers SET email_key = LOWER(email)');
    await mergeCaseVariants(queryRunner);
    await queryRunner.changeColumn(
      'subscribers',
      'email_key',
      new TableColumn({ ...key, isNullable: false }),
    );
    const table = await queryRunner.getTable('subscribers');
    const typedUnique = table?.uniques.find(
      (unique) => unique.columnNames.length === 1 && unique.columnNames[0] === 'email',
    );
    // The initial schema made it a column's UNIQUE; how each driver reads that back differs.
    const email = table?.findColumnByName('email');
    if (typedUnique) await queryRunner.dropUniqueConstraint('subscribers', typedUnique);
    else if (email?.isUnique) {
      await queryRunner.changeColumn(
        'subscribers',
        'email',
        new TableColumn({ ...email, isUnique: false }),
      );
    }
    await queryRunner.createIndex(
      'subscribers',
      new TableIndex({ name: KEY_INDEX, columnNames: ['email_key'], isUnique: true }),
    );
    await queryRunner.query(
      'UPDATE suppressions SET email = LOWER(email) WHERE email IS NOT NULL AND email <> LOWER(email)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('subscribers', KEY_INDEX);
    await queryRunner.dropColumn('subscribers', 'email_key');
    await queryRunner.createUniqueConstraint(
      'subscribers',
      new TableUnique({ name: 'uq_subscribers_email', columnNames: ['email'] }),
    );
  }
}

interface Member {
  id: number;
  email_key: string;
  name: string;
  status: string;
}

/** Each mailbox held by several subscribers becomes the first of them (see the class). */
async function mergeCaseVariants(queryRunner: QueryRunner): Promise<void> {
  const members = (await queryRunner.query(
    `SELECT * FROM (
       SELECT s.id, s.email_key, s.name, s.status,
         (SELECT MIN(c.confirmed_at) FROM consents c WHERE c.subscriber_id = s.id) AS first_given,
         (SELECT MIN(c.requested_at) FROM consents c WHERE c.subscriber_id = s.id) AS first_asked
       FROM subscribers s
       WHERE s.email_key IN
         (SELECT email_key FROM subscribers GROUP BY email_key HAVING COUNT(*) > 1)) m
     ORDER BY m.email_key, m.first_given IS NULL, m.first_given, m.first_asked IS NULL,
       m.first_asked, m.id`,
  )) as Member[];
  const mailboxes = new Map<string, Member[]>();
  for (const member of members) {
    const group = mailboxes.get(member.email_key) ?? [];
    group.push({ ...member, id: Number(member.id) });
    mailboxes.set(member.email_key, group);
  }
  for (const [kept, ...others] of mailboxes.values()) {
    await mergeInto(queryRunner, kept, others);
  }
}

async function mergeInto(queryRunner: QueryRunner, kept: Member, others: Member[]): Promise<void> {
  const { postgres } = columnHelpers(queryRunner);
  // Written with `?`; PostgreSQL numbers its parameters.
  const run = <Row>(sql: string, parameters: unknown[] = []): Promise<Row[]> => {
    let n = 0;
    return queryRunner.query(postgres ? sql.replace(/\?/g, () => `$${++n}`) : sql, parameters);
  };
  const everyone = [kept, ...others];
  const all = everyone.map((member) => member.id).join(', ');

  for (const other of others) {
    for (const table of ['consents', 'transactional_emails', 'bounces']) {
      await run(`UPDATE ${table} SET subscriber_id = ? WHERE subscriber_id = ?`, [
        kept.id,
        other.id,
      ]);
    }
    // One delivery per (campaign, subscriber): where the kept one has its own, that one stays.
    await run(
      `DELETE FROM deliveries WHERE subscriber_id = ? AND campaign_id IN
         (SELECT campaign_id FROM deliveries WHERE subscriber_id = ?)`,
      [other.id, kept.id],
    );
    await run('UPDATE deliveries SET subscriber_id = ? WHERE subscriber_id = ?', [
      kept.id,
      other.id,
    ]);
  }

  // One subscription per list: the reader's latest word on it (only the mailbox's owner, or an
  // editor, ever made one).
  const subscriptions = await run<{ id: number; list_id: number; status: string }>(
    `SELECT id, list_id, status FROM subscriptions WHERE subscriber_id IN (${all})
     ORDER BY list_id, updated_at DESC, id`,
  );
  const latest = new Map<number, { id: number; status: string }>();
  for (const row of subscriptions) {
    if (!latest.has(Number(row.list_id))) latest.set(Number(row.list_id), row);
  }
  const winners = new Set([...latest.values()].map((row) => Number(row.id)));
  const older = subscriptions.map((row) => Number(row.id)).filter((id) => !winners.has(id));
  if (older.length > 0) await run(`DELETE FROM subscriptions WHERE id IN (${older.join(', ')})`);
  if (winners.size > 0) {
    await run(
      `UPDATE subscriptions SET subscriber_id = ? WHERE id IN (${[...winners].join(', ')})`,
      [kept.id],
    );
  }

  const status = mergedStatus(
    [...latest.values()].some((row) => row.status === 'active'),
    new Set(everyone.map((member) => member.status)),
  );
  const leftAt =
    status === 'unsubscribed'
      ? `(SELECT MAX(unsubscribed_at) FROM subscribers WHERE id IN (${all}))`
      : 'NULL';
  await run(
    `UPDATE subscribers SET status = ?, name = ?,
       created_at = (SELECT MIN(created_at) FROM subscribers WHERE id IN (${all})),
       confirmed_at = (SELECT MIN(confirmed_at) FROM subscribers WHERE id IN (${all})),
       unsubscribed_at = ${leftAt}
     WHERE id = ?`,
    [status, everyone.find((member) => member.name !== '')?.name ?? '', kept.id],
  );
  await run(`DELETE FROM subscribers WHERE id IN (${others.map((other) => other.id).join(', ')})`);
}

/**
 * Active on a list: confirmed. Otherwise having left wins over a confirmation with no list left,
 * and either over never having confirmed.
 */
function mergedStatus(activeOnAList: boolean, statuses: Set<string>): string {
  if (activeOnAList) return 'confirmed';
  if (statuses.has('unsubscribed')) return 'unsubscribed';
  return statuses.has('confirmed') ? 'confirmed' : 'pending';
}
