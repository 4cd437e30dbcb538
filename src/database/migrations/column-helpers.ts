import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column shapes every migration uses, typed for the database at hand (timestamptz on PostgreSQL). */
export function columnHelpers(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const id: TableColumnOptions = {
    name: 'id',
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  };
  const timestamp = (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: postgres ? 'timestamptz' : 'datetime',
    isNullable: nullable,
    ...(nullable ? {} : { default: 'CURRENT_TIMESTAMP' }),
  });
  return { postgres, id, timestamp };
}
