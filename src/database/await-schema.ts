import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const POLL_MS = 1000;
const TIMEOUT_MS = 120_000;

/**
 * Workers leave migrations to the HTTP processes. A worker that starts with them (docker compose
 * up, a deploy) waits here until the schema is current, instead of failing on a missing table.
 */
export async function awaitCurrentSchema(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Database');
  const deadline = Date.now() + TIMEOUT_MS;
  let said = false;
  while (await hasPendingMigrations(dataSource)) {
    if (Date.now() > deadline) {
      throw new Error(
        'The database schema is not current: start an api process or run `npm run migration:run`.',
      );
    }
    if (!said) logger.log('waiting for an api process to apply the database migrations');
    said = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Read-only: it never creates the migrations table, which the api process may be creating. */
async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  try {
    if (!(await runner.hasTable('migrations'))) return dataSource.migrations.length > 0;
    const rows = (await runner.query('SELECT name FROM migrations')) as { name: string }[];
    const applied = new Set(rows.map((row) => row.name));
    return dataSource.migrations.some((migration) => !applied.has(migration.name!));
  } finally {
    await runner.release();
  }
}
