import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A bounce keeps what the reader made of it (Sisimai's reason, the status code), whether it
 * matched a message we sent, what it did, and whether it counts toward the soft-bounce limit; a
 * suppression keeps the report it came from.
 */
export class BounceReasons1764800000000 implements MigrationInterface {
  name = 'BounceReasons1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('bounces', [
      new TableColumn({ name: 'reason_code', type: 'varchar', length: '32', default: "''" }),
      new TableColumn({ name: 'status', type: 'varchar', length: '16', default: "''" }),
      new TableColumn({ name: 'outcome', type: 'varchar', length: '32', default: "''" }),
      new TableColumn({ name: 'strike', type: 'boolean', default: false }),
      new TableColumn({ name: 'message_ref', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'bounces',
      new TableIndex({ name: 'idx_bounces_strikes', columnNames: ['email_hash', 'strike'] }),
    );
    await queryRunner.addColumn(
      'suppressions',
      new TableColumn({ name: 'bounce_id', type: 'integer', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('suppressions', 'bounce_id');
    await queryRunner.dropIndex('bounces', 'idx_bounces_strikes');
    for (const column of ['message_ref', 'strike', 'outcome', 'status', 'reason_code']) {
      await queryRunner.dropColumn('bounces', column);
    }
  }
}
