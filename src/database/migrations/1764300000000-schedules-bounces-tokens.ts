import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/** Digest schedules and what each slot did; bounce events; editors' API tokens. */
export class SchedulesBouncesTokens1764300000000 implements MigrationInterface {
  name = 'SchedulesBouncesTokens1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { id, timestamp } = columnHelpers(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'schedules',
        columns: [
          id,
          { name: 'list_id', type: 'integer' },
          { name: 'cron', type: 'varchar', length: '100' },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'since_last_digest', type: 'boolean', default: true },
          { name: 'since_hours', type: 'integer', isNullable: true },
          { name: 'max_articles', type: 'integer', default: 10 },
          { name: 'min_articles', type: 'integer', default: 1 },
          { name: 'active', type: 'boolean', default: true },
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        foreignKeys: [
          {
            name: 'fk_schedules_list',
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
        name: 'schedule_runs',
        columns: [
          id,
          { name: 'schedule_id', type: 'integer' },
          // The cron slot this run is for; unique per schedule, so a slot makes one campaign at most.
          timestamp('slot_at'),
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'campaign_id', type: 'integer', isNullable: true },
          { name: 'detail', type: 'text', default: "''" },
          timestamp('ran_at'),
        ],
        uniques: [{ name: 'uq_schedule_runs_slot', columnNames: ['schedule_id', 'slot_at'] }],
        foreignKeys: [
          {
            name: 'fk_schedule_runs_schedule',
            columnNames: ['schedule_id'],
            referencedTableName: 'schedules',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_schedule_runs_campaign',
            columnNames: ['campaign_id'],
            referencedTableName: 'campaigns',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
      }),
    );
    await queryRunner.addColumn(
      'campaigns',
      new TableColumn({ name: 'schedule_id', type: 'integer', isNullable: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bounces',
        columns: [
          id,
          { name: 'email_hash', type: 'varchar', length: '64' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'reason', type: 'text', default: "''" },
          { name: 'message_id', type: 'varchar', length: '500', isNullable: true },
          { name: 'campaign_id', type: 'integer', isNullable: true },
          { name: 'subscriber_id', type: 'integer', isNullable: true },
          timestamp('created_at'),
        ],
        indices: [
          { name: 'idx_bounces_email', columnNames: ['email_hash', 'created_at'] },
          { name: 'idx_bounces_campaign', columnNames: ['campaign_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          // sha256 of the token: the token itself is shown once and never stored.
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          timestamp('created_at'),
          timestamp('last_used_at', true),
          timestamp('revoked_at', true),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_tokens');
    await queryRunner.dropTable('bounces');
    await queryRunner.dropColumn('campaigns', 'schedule_id');
    await queryRunner.dropTable('schedule_runs');
    await queryRunner.dropTable('schedules');
  }
}
