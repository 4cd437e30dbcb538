import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
} from 'typeorm';
import { columnHelpers } from './column-helpers.js';

/** Editor accounts, their browser sessions, the audit log; API tokens may belong to an editor. */
export class Editors1764500000000 implements MigrationInterface {
  name = 'Editors1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { id, timestamp } = columnHelpers(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'editors',
        columns: [
          id,
          { name: 'email', type: 'varchar', length: '320', isUnique: true },
          { name: 'name', type: 'varchar', length: '200', default: "''" },
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '16' },
          timestamp('created_at'),
          timestamp('password_changed_at'),
          timestamp('disabled_at', true),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'editor_sessions',
        columns: [
          id,
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'editor_id', type: 'integer' },
          { name: 'csrf_token', type: 'varchar', length: '64' },
          timestamp('created_at'),
          timestamp('expires_at'),
          timestamp('last_seen_at'),
        ],
        indices: [{ name: 'idx_editor_sessions_editor', columnNames: ['editor_id'] }],
        foreignKeys: [
          {
            name: 'fk_editor_sessions_editor',
            columnNames: ['editor_id'],
            referencedTableName: 'editors',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          { name: 'editor_id', type: 'integer', isNullable: true },
          { name: 'actor', type: 'varchar', length: '400' },
          { name: 'action', type: 'varchar', length: '100' },
          { name: 'target', type: 'varchar', length: '400', default: "''" },
          { name: 'detail', type: 'text', default: "''" },
          { name: 'ip', type: 'varchar', length: '64', default: "''" },
          timestamp('created_at'),
        ],
        indices: [{ name: 'idx_audit_log_created', columnNames: ['created_at'] }],
        foreignKeys: [
          {
            name: 'fk_audit_log_editor',
            columnNames: ['editor_id'],
            referencedTableName: 'editors',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
      }),
    );
    await queryRunner.addColumn(
      'api_tokens',
      new TableColumn({ name: 'editor_id', type: 'integer', isNullable: true }),
    );
    await queryRunner.createForeignKey(
      'api_tokens',
      new TableForeignKey({
        name: 'fk_api_tokens_editor',
        columnNames: ['editor_id'],
        referencedTableName: 'editors',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropForeignKey('api_tokens', 'fk_api_tokens_editor');
    await queryRunner.dropColumn('api_tokens', 'editor_id');
    await queryRunner.dropTable('audit_log');
    await queryRunner.dropTable('editor_sessions');
    await queryRunner.dropTable('editors');
  }
}
