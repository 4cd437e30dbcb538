import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/** Subscribers, lists, subscriptions, consent, suppressions and the transactional outbox. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { postgres, id, timestamp } = columnHelpers(queryRunner);
    const subscriberRef = (table: string) => ({
      name: `fk_${table}_subscriber`,
      columnNames: ['subscriber_id'],
      referencedTableName: 'subscribers',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    });

    await queryRunner.createTable(
      new Table({
        name: 'lists',
        columns: [
          id,
          { name: 'slug', type: 'varchar', length: '64', isUnique: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'description', type: 'text', default: "''" },
          { name: 'is_default', type: 'boolean', default: false },
          { name: 'is_public', type: 'boolean', default: true },
          timestamp('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'subscribers',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '254', isUnique: true },
          { name: 'name', type: 'varchar', length: '200', default: "''" },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          timestamp('created_at'),
          timestamp('confirmed_at', true),
          timestamp('unsubscribed_at', true),
        ],
        indices: [{ name: 'idx_subscribers_status', columnNames: ['status', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'subscriptions',
        columns: [
          id,
          { name: 'subscriber_id', type: 'integer' },
          { name: 'list_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          timestamp('updated_at'),
        ],
        uniques: [{ name: 'uq_subscriptions_member', columnNames: ['subscriber_id', 'list_id'] }],
        indices: [
          { name: 'idx_subscriptions_list', columnNames: ['list_id', 'status', 'subscriber_id'] },
        ],
        foreignKeys: [
          subscriberRef('subscriptions'),
          {
            name: 'fk_subscriptions_list',
            columnNames: ['list_id'],
            referencedTableName: 'lists',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'consents',
        columns: [
          id,
          { name: 'subscriber_id', type: 'integer' },
          { name: 'list_ids', type: 'text' },
          { name: 'ip', type: 'varchar', length: '64', default: "''" },
          { name: 'user_agent', type: 'varchar', length: '512', default: "''" },
          { name: 'source', type: 'varchar', length: '100', default: "''" },
          timestamp('requested_at'),
          timestamp('confirmed_at', true),
        ],
        indices: [{ name: 'idx_consents_subscriber', columnNames: ['subscriber_id'] }],
        foreignKeys: [subscriberRef('consents')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'transactional_emails',
        columns: [
          id,
          { name: 'subscriber_id', type: 'integer' },
          { name: 'consent_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          timestamp('created_at'),
          timestamp('claimed_at', true),
          timestamp('sent_at', true),
          { name: 'error', type: 'text', default: "''" },
        ],
        uniques: [{ name: 'uq_transactional_consent_kind', columnNames: ['consent_id', 'kind'] }],
        indices: [{ name: 'idx_transactional_subscriber', columnNames: ['subscriber_id', 'kind'] }],
        foreignKeys: [subscriberRef('transactional_emails')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'suppressions',
        columns: [
          id,
          { name: 'email_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'email', type: 'varchar', length: '254', isNullable: true },
          { name: 'reason', type: 'varchar', length: '32' },
          { name: 'detail', type: 'text', default: "''" },
          timestamp('created_at'),
        ],
      }),
    );
    // The list every site starts with; signups that name no list join it.
    await queryRunner.query(
      `INSERT INTO lists (slug, name, description, is_default, is_public) VALUES ('daily', 'النشرة اليومية', 'أبرز ما نشرناه خلال اليوم، كل صباح.', ${postgres ? 'true' : '1'}, ${postgres ? 'true' : '1'})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'suppressions',
      'transactional_emails',
      'consents',
      'subscriptions',
      'subscribers',
      'lists',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
